#include "auth/Jws.hpp"

#include "auth/Base64Url.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <array>
#include <memory>
#include <set>
#include <vector>

namespace kmcp::auth {
namespace {

constexpr int kMaxJsonDepth = 16;

struct AlgInfo {
    JwsAlg alg;
    std::string_view name;
    const EVP_MD* (*md)();
    enum Family { Pkcs1, Pss, Ecdsa } family;
    const char* curve; // EC only
    size_t coordSize;  // EC only: bytes per R and S
};

constexpr std::array<AlgInfo, 9> kAlgs{{
    {JwsAlg::RS256, "RS256", EVP_sha256, AlgInfo::Pkcs1, nullptr, 0},
    {JwsAlg::RS384, "RS384", EVP_sha384, AlgInfo::Pkcs1, nullptr, 0},
    {JwsAlg::RS512, "RS512", EVP_sha512, AlgInfo::Pkcs1, nullptr, 0},
    {JwsAlg::PS256, "PS256", EVP_sha256, AlgInfo::Pss, nullptr, 0},
    {JwsAlg::PS384, "PS384", EVP_sha384, AlgInfo::Pss, nullptr, 0},
    {JwsAlg::PS512, "PS512", EVP_sha512, AlgInfo::Pss, nullptr, 0},
    {JwsAlg::ES256, "ES256", EVP_sha256, AlgInfo::Ecdsa, "P-256", 32},
    {JwsAlg::ES384, "ES384", EVP_sha384, AlgInfo::Ecdsa, "P-384", 48},
    {JwsAlg::ES512, "ES512", EVP_sha512, AlgInfo::Ecdsa, "P-521", 66},
}};

const AlgInfo& info(JwsAlg alg) {
    for (const auto& a : kAlgs)
        if (a.alg == alg) return a;
    return kAlgs[0];
}

struct MdCtxFree {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
struct SigFree {
    void operator()(ECDSA_SIG* s) const { ECDSA_SIG_free(s); }
};

// The key itself (not only its JWK label) must be of the algorithm's type.
bool keyTypeFits(EVP_PKEY* key, const AlgInfo& a) {
    if (!key) return false;
    if (a.family != AlgInfo::Ecdsa) return EVP_PKEY_is_a(key, "RSA") == 1;
    if (EVP_PKEY_is_a(key, "EC") != 1) return false;
    char group[64] = {};
    size_t len = 0;
    if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &len) != 1)
        return false;
    const std::string_view g(group, len);
    // OpenSSL may report NIST names or their SEC/X9.62 aliases.
    if (std::string_view(a.curve) == "P-256") return g == "P-256" || g == "prime256v1";
    if (std::string_view(a.curve) == "P-384") return g == "P-384" || g == "secp384r1";
    return g == "P-521" || g == "secp521r1";
}

bool initPss(EVP_PKEY_CTX* pctx, const EVP_MD* md) {
    return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) > 0 &&
           EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) > 0 &&
           EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, md) > 0;
}

// JWS carries ECDSA signatures as fixed-size R||S; OpenSSL wants DER.
std::optional<std::vector<unsigned char>> rawToDer(std::string_view raw, size_t coord) {
    if (raw.size() != 2 * coord) return std::nullopt;
    std::unique_ptr<ECDSA_SIG, SigFree> sig(ECDSA_SIG_new());
    auto* p = reinterpret_cast<const unsigned char*>(raw.data());
    BIGNUM* r = BN_bin2bn(p, int(coord), nullptr);
    BIGNUM* s = BN_bin2bn(p + coord, int(coord), nullptr);
    if (!sig || !r || !s || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
        BN_free(r);
        BN_free(s);
        return std::nullopt;
    }
    int len = i2d_ECDSA_SIG(sig.get(), nullptr);
    if (len <= 0) return std::nullopt;
    std::vector<unsigned char> der(static_cast<size_t>(len));
    unsigned char* out = der.data();
    i2d_ECDSA_SIG(sig.get(), &out);
    return der;
}

std::optional<std::string> derToRaw(const unsigned char* der, size_t len, size_t coord) {
    const unsigned char* p = der;
    std::unique_ptr<ECDSA_SIG, SigFree> sig(d2i_ECDSA_SIG(nullptr, &p, long(len)));
    if (!sig) return std::nullopt;
    std::string raw(2 * coord, '\0');
    auto* out = reinterpret_cast<unsigned char*>(raw.data());
    if (BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), out, int(coord)) < 0 ||
        BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), out + coord, int(coord)) < 0)
        return std::nullopt;
    return raw;
}

Error malformed(std::string what) {
    return makeError(Error::Code::InvalidArgument, std::move(what));
}

} // namespace

std::optional<JwsAlg> parseJwsAlg(std::string_view name) {
    for (const auto& a : kAlgs)
        if (a.name == name) return a.alg;
    return std::nullopt;
}

std::string_view jwsAlgName(JwsAlg alg) {
    return info(alg).name;
}

bool keyFitsAlg(const Jwk& key, JwsAlg alg) {
    const AlgInfo& a = info(alg);
    if (!key.alg.empty() && key.alg != a.name) return false;
    if (a.family == AlgInfo::Ecdsa)
        return key.kty == "EC" && key.crv == a.curve && keyTypeFits(key.key.get(), a);
    return key.kty == "RSA" && keyTypeFits(key.key.get(), a);
}

Result<nlohmann::json> parseStrictJson(std::string_view text) {
    std::vector<std::set<std::string>> seen;
    bool duplicate = false, tooDeep = false;
    auto cb = [&](int depth, nlohmann::json::parse_event_t ev, nlohmann::json& parsed) {
        using E = nlohmann::json::parse_event_t;
        if (depth > kMaxJsonDepth) tooDeep = true;
        if (ev == E::object_start) {
            seen.emplace_back();
        } else if (ev == E::object_end) {
            if (!seen.empty()) seen.pop_back();
        } else if (ev == E::key && !seen.empty()) {
            if (!seen.back().insert(parsed.get<std::string>()).second) duplicate = true;
        }
        return true;
    };
    auto j = nlohmann::json::parse(text.begin(), text.end(), cb, /*allow_exceptions=*/false);
    if (j.is_discarded()) return malformed("not valid JSON");
    if (duplicate) return malformed("duplicate JSON member names");
    if (tooDeep) return malformed("JSON nested too deeply");
    return j;
}

Result<CompactJws> parseCompactJws(std::string_view token) {
    const size_t d1 = token.find('.');
    const size_t d2 = d1 == std::string_view::npos ? d1 : token.find('.', d1 + 1);
    if (d2 == std::string_view::npos || token.find('.', d2 + 1) != std::string_view::npos)
        return malformed("not a compact JWS (expected three dot-separated parts)");
    auto header = base64UrlDecode(token.substr(0, d1));
    auto payload = base64UrlDecode(token.substr(d1 + 1, d2 - d1 - 1));
    auto signature = base64UrlDecode(token.substr(d2 + 1));
    if (!header || !payload || !signature) return malformed("JWS part is not base64url");
    CompactJws out;
    auto h = parseStrictJson(*header);
    if (!h) return malformed("JWS header: " + h.error().message);
    if (!h->is_object()) return malformed("JWS header is not a JSON object");
    auto p = parseStrictJson(*payload);
    if (!p) return malformed("JWT claims: " + p.error().message);
    if (!p->is_object()) return malformed("JWT claims are not a JSON object");
    out.header = std::move(h.value());
    out.payload = std::move(p.value());
    out.signingInput = std::string(token.substr(0, d2));
    out.signature = std::move(*signature);
    return out;
}

bool verifyJwsSignature(JwsAlg alg, EVP_PKEY* key, std::string_view signingInput,
                        std::string_view signature) {
    const AlgInfo& a = info(alg);
    if (!keyTypeFits(key, a) || signature.empty()) return false;
    std::vector<unsigned char> sig(signature.begin(), signature.end());
    if (a.family == AlgInfo::Ecdsa) {
        auto der = rawToDer(signature, a.coordSize);
        if (!der) return false;
        sig = std::move(*der);
    }
    std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX* pctx = nullptr;
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), &pctx, a.md(), nullptr, key) != 1) return false;
    if (a.family == AlgInfo::Pss && !initPss(pctx, a.md())) return false;
    return EVP_DigestVerify(ctx.get(), sig.data(), sig.size(),
                            reinterpret_cast<const unsigned char*>(signingInput.data()),
                            signingInput.size()) == 1;
}

Result<std::string> signJws(JwsAlg alg, EVP_PKEY* key, std::string_view signingInput) {
    const AlgInfo& a = info(alg);
    if (!keyTypeFits(key, a))
        return makeError(Error::Code::InvalidArgument, "key type does not fit " + std::string(a.name));
    std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX* pctx = nullptr;
    size_t len = 0;
    const auto* data = reinterpret_cast<const unsigned char*>(signingInput.data());
    if (!ctx || EVP_DigestSignInit(ctx.get(), &pctx, a.md(), nullptr, key) != 1 ||
        (a.family == AlgInfo::Pss && !initPss(pctx, a.md())) ||
        EVP_DigestSign(ctx.get(), nullptr, &len, data, signingInput.size()) != 1)
        return makeError(Error::Code::Internal, "JWS signing failed");
    std::vector<unsigned char> sig(len);
    if (EVP_DigestSign(ctx.get(), sig.data(), &len, data, signingInput.size()) != 1)
        return makeError(Error::Code::Internal, "JWS signing failed");
    if (a.family == AlgInfo::Ecdsa) {
        auto raw = derToRaw(sig.data(), len, a.coordSize);
        if (!raw) return makeError(Error::Code::Internal, "JWS signing failed");
        return *raw;
    }
    return std::string(reinterpret_cast<const char*>(sig.data()), len);
}

Result<std::string> makeCompactJws(JwsAlg alg, EVP_PKEY* key, nlohmann::json header,
                                   const nlohmann::json& payload) {
    header["alg"] = std::string(jwsAlgName(alg));
    std::string input = base64UrlEncode(header.dump()) + "." + base64UrlEncode(payload.dump());
    auto sig = signJws(alg, key, input);
    if (!sig) return sig.error();
    return input + "." + base64UrlEncode(*sig);
}

} // namespace kmcp::auth
