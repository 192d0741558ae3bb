#include "GoJson.hpp"

#include <charconv>
#include <cmath>
#include <stdexcept>

namespace kmcp::helm {

namespace {

const char* kHex = "0123456789abcdef";

// Length of a valid UTF-8 sequence starting at s[i], 0 when invalid (Go then writes U+FFFD).
size_t utf8Length(std::string_view s, size_t i) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0xC2 ? 0 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF5 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return 0;
    for (size_t k = 1; k < n; ++k)
        if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
    auto c1 = static_cast<unsigned char>(s[i + 1]);
    if (c == 0xE0 && c1 < 0xA0) return 0;
    if (c == 0xED && c1 > 0x9F) return 0;
    if (c == 0xF0 && c1 < 0x90) return 0;
    if (c == 0xF4 && c1 > 0x8F) return 0;
    return n;
}

} // namespace

std::string goQuote(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 2);
    out += '"';
    for (size_t i = 0; i < s.size();) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (c < 0x20 || c == '<' || c == '>' || c == '&') {
                    out += "\\u00";
                    out += kHex[c >> 4];
                    out += kHex[c & 0xF];
                } else {
                    out += static_cast<char>(c);
                }
            }
            ++i;
            continue;
        }
        size_t n = utf8Length(s, i);
        if (n == 0) {
            out += "\\ufffd";
            ++i;
            continue;
        }
        // U+2028 / U+2029 are E2 80 A8 / E2 80 A9.
        if (n == 3 && c == 0xE2 && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
            (static_cast<unsigned char>(s[i + 2]) & 0xFE) == 0xA8) {
            out += static_cast<unsigned char>(s[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
        } else {
            out.append(s.substr(i, n));
        }
        i += n;
    }
    out += '"';
    return out;
}

std::string goFloat(double d) {
    if (std::isnan(d) || std::isinf(d))
        throw std::invalid_argument("json: unsupported value: " + std::to_string(d));
    char buf[64];
    double a = std::fabs(d);
    bool sci = a != 0 && (a < 1e-6 || a >= 1e21);
    auto res = std::to_chars(buf, buf + sizeof buf, d,
                             sci ? std::chars_format::scientific : std::chars_format::fixed);
    std::string s(buf, res.ptr);
    if (sci) {
        // Go writes e-7 where C++ writes e-07.
        size_t n = s.size();
        if (n >= 4 && s[n - 4] == 'e' && s[n - 3] == '-' && s[n - 2] == '0')
            s.erase(n - 2, 1);
        else if (n >= 4 && s[n - 4] == 'e' && s[n - 3] == '+' && s[n - 2] == '0')
            s.erase(n - 2, 1);
    }
    return s;
}

void GoJsonWriter::separate() {
    if (needComma_) out_ += ',';
    needComma_ = true;
}

void GoJsonWriter::beginObject() {
    separate();
    out_ += '{';
    needComma_ = false;
}
void GoJsonWriter::endObject() {
    out_ += '}';
    needComma_ = true;
}
void GoJsonWriter::beginArray() {
    separate();
    out_ += '[';
    needComma_ = false;
}
void GoJsonWriter::endArray() {
    out_ += ']';
    needComma_ = true;
}
void GoJsonWriter::key(std::string_view k) {
    separate();
    out_ += goQuote(k);
    out_ += ':';
    needComma_ = false;
}
void GoJsonWriter::string(std::string_view s) {
    separate();
    out_ += goQuote(s);
}
void GoJsonWriter::number(long long v) {
    separate();
    out_ += std::to_string(v);
}
void GoJsonWriter::boolean(bool b) {
    separate();
    out_ += b ? "true" : "false";
}
void GoJsonWriter::null() {
    separate();
    out_ += "null";
}
void GoJsonWriter::raw(std::string_view encoded) {
    separate();
    out_ += encoded;
}

void GoJsonWriter::value(const nlohmann::json& v) {
    switch (v.type()) {
    case nlohmann::json::value_t::object:
        beginObject();
        // nlohmann::json objects are std::map: keys already in Go's sorted (byte) order.
        for (auto it = v.begin(); it != v.end(); ++it) {
            key(it.key());
            value(it.value());
        }
        endObject();
        break;
    case nlohmann::json::value_t::array:
        beginArray();
        for (const auto& e : v)
            value(e);
        endArray();
        break;
    case nlohmann::json::value_t::string:
        string(v.get_ref<const std::string&>());
        break;
    case nlohmann::json::value_t::boolean:
        boolean(v.get<bool>());
        break;
    case nlohmann::json::value_t::number_integer:
        number(v.get<long long>());
        break;
    case nlohmann::json::value_t::number_unsigned:
        separate();
        out_ += std::to_string(v.get<unsigned long long>());
        break;
    case nlohmann::json::value_t::number_float:
        separate();
        out_ += goFloat(v.get<double>());
        break;
    default:
        null();
        break;
    }
}

std::string goMarshal(const nlohmann::json& v) {
    GoJsonWriter w;
    w.value(v);
    return w.str();
}

} // namespace kmcp::helm
