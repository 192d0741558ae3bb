#include "FuncUtil.h"
#include "JsonEncode.h"
#include "Sprig.h"

#include <openssl/evp.h>

#include <random>

namespace kmcp::helm::tmpl {

namespace {

using A = ArgType;

std::string digestHex(const EVP_MD* md, const std::string& in) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(in.data(), in.size(), out, &len, md, nullptr);
    static const char* hex = "0123456789abcdef";
    std::string s;
    for (unsigned int i = 0; i < len; ++i) {
        s += hex[out[i] >> 4];
        s += hex[out[i] & 0xF];
    }
    return s;
}

bool base64Decode(const std::string& in, std::string& out, std::string& err) {
    auto val = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+') return 62;
        if (c == '/') return 63;
        return -1;
    };
    std::string s;
    for (char c : in)
        if (c != '\r' && c != '\n') s += c;
    if (s.size() % 4 != 0) {
        err = "illegal base64 data at input byte " + std::to_string(s.size() - s.size() % 4);
        return false;
    }
    for (size_t i = 0; i < s.size(); i += 4) {
        int v[4];
        int pad = 0;
        for (int k = 0; k < 4; ++k) {
            char c = s[i + k];
            if (c == '=' && i + 4 == s.size() && k >= 2) {
                v[k] = 0;
                ++pad;
                continue;
            }
            if (pad > 0 || (v[k] = val(c)) < 0) {
                err = "illegal base64 data at input byte " + std::to_string(i + k);
                return false;
            }
        }
        uint32_t n = (v[0] << 18) | (v[1] << 12) | (v[2] << 6) | v[3];
        out += static_cast<char>((n >> 16) & 0xFF);
        if (pad < 2) out += static_cast<char>((n >> 8) & 0xFF);
        if (pad < 1) out += static_cast<char>(n & 0xFF);
    }
    return true;
}

std::string base32Encode(const std::string& in) {
    static const char* tbl = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    std::string out;
    size_t i = 0;
    while (i < in.size()) {
        uint64_t buf = 0;
        size_t n = std::min<size_t>(5, in.size() - i);
        for (size_t k = 0; k < 5; ++k)
            buf = (buf << 8) | (k < n ? static_cast<unsigned char>(in[i + k]) : 0);
        static const int chars[] = {0, 2, 4, 5, 7, 8};
        for (int k = 0; k < 8; ++k)
            out += k < chars[n] ? tbl[(buf >> (35 - 5 * k)) & 31] : '=';
        i += n;
    }
    return out;
}

bool base32Decode(const std::string& in, std::string& out, std::string& err) {
    uint64_t buf = 0;
    int bits = 0;
    for (size_t i = 0; i < in.size(); ++i) {
        char c = in[i];
        if (c == '=') break;
        int v;
        if (c >= 'A' && c <= 'Z')
            v = c - 'A';
        else if (c >= '2' && c <= '7')
            v = c - '2' + 26;
        else {
            err = "illegal base32 data at input byte " + std::to_string(i);
            return false;
        }
        buf = (buf << 5) | v;
        bits += 5;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buf >> bits) & 0xFF);
        }
    }
    return true;
}

std::string uuidv4() {
    static thread_local std::mt19937_64 rng{std::random_device{}()};
    unsigned char b[16];
    for (auto& x : b)
        x = static_cast<unsigned char>(rng() & 0xFF);
    b[6] = (b[6] & 0x0F) | 0x40;
    b[8] = (b[8] & 0x3F) | 0x80;
    static const char* hex = "0123456789abcdef";
    std::string s;
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) s += '-';
        s += hex[b[i] >> 4];
        s += hex[b[i] & 0xF];
    }
    return s;
}

} // namespace

void installSprigEncoding(FuncMap& fns) {
    fns["b64enc"] =
        makeFunc({A::String}, false, [](ValueList& a) { return Value(goJsonBase64(a[0].asString())); });
    fns["b64dec"] = makeFunc({A::String}, false, [](ValueList& a) {
        std::string out, err;
        return Value(base64Decode(a[0].asString(), out, err) ? out : err);
    });
    fns["b32enc"] =
        makeFunc({A::String}, false, [](ValueList& a) { return Value(base32Encode(a[0].asString())); });
    fns["b32dec"] = makeFunc({A::String}, false, [](ValueList& a) {
        std::string out, err;
        return Value(base32Decode(a[0].asString(), out, err) ? out : err);
    });
    fns["sha1sum"] = makeFunc({A::String}, false,
                              [](ValueList& a) { return Value(digestHex(EVP_sha1(), a[0].asString())); });
    fns["sha256sum"] = makeFunc({A::String}, false,
                                [](ValueList& a) { return Value(digestHex(EVP_sha256(), a[0].asString())); });
    fns["sha512sum"] = makeFunc({A::String}, false,
                                [](ValueList& a) { return Value(digestHex(EVP_sha512(), a[0].asString())); });
    fns["adler32sum"] = makeFunc({A::String}, false, [](ValueList& a) {
        uint32_t s1 = 1, s2 = 0;
        for (unsigned char c : a[0].asString()) {
            s1 = (s1 + c) % 65521;
            s2 = (s2 + s1) % 65521;
        }
        return Value(std::to_string((s2 << 16) | s1));
    });
    fns["uuidv4"] = makeFunc({}, false, [](ValueList&) { return Value(uuidv4()); });
    auto pretty = [](ValueList& a) { return Value(goJsonMarshal(a[0], JsonStyle{true, "  "})); };
    auto raw = [](ValueList& a) { return Value(goJsonMarshal(a[0], JsonStyle{false, ""})); };
    fns["toPrettyJson"] = makeFunc({A::Any}, false, [pretty](ValueList& a) {
        try {
            return pretty(a);
        } catch (const FuncError&) {
            return Value("");
        }
    });
    fns["mustToPrettyJson"] = makeFunc({A::Any}, false, pretty);
    fns["toRawJson"] = makeFunc({A::Any}, false, [raw](ValueList& a) {
        try {
            return raw(a);
        } catch (const FuncError&) {
            return Value("");
        }
    });
    fns["mustToRawJson"] = makeFunc({A::Any}, false, raw);
}

} // namespace kmcp::helm::tmpl
