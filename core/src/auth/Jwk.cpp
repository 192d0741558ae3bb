#include "auth/Jwk.hpp"

#include "auth/Base64Url.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <fmt/format.h>

namespace kmcp::auth {
namespace {

// JWKS documents are small; anything bigger is hostile or broken.
constexpr size_t kMaxKeys = 100;

struct BnFree {
    void operator()(BIGNUM* b) const { BN_free(b); }
};
struct BldFree {
    void operator()(OSSL_PARAM_BLD* b) const { OSSL_PARAM_BLD_free(b); }
};
struct ParamFree {
    void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
};
struct CtxFree {
    void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
};

Error bad(std::string msg) {
    return makeError(Error::Code::InvalidArgument, std::move(msg));
}

std::optional<std::string> member(const nlohmann::json& j, const char* name) {
    auto it = j.find(name);
    if (it == j.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
}

Result<PKeyPtr> fromParams(const char* type, OSSL_PARAM* params) {
    std::unique_ptr<EVP_PKEY_CTX, CtxFree> ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    EVP_PKEY* key = nullptr;
    if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0 ||
        EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params) <= 0)
        return bad(fmt::format("JWK: invalid {} public key", type));
    return adoptKey(key);
}

Result<PKeyPtr> rsaKey(const nlohmann::json& j) {
    auto n = member(j, "n"), e = member(j, "e");
    if (!n || !e) return bad("JWK: RSA key needs n and e");
    auto nb = base64UrlDecode(*n), eb = base64UrlDecode(*e);
    if (!nb || !eb || nb->empty() || eb->empty()) return bad("JWK: RSA n/e are not base64url");
    // Under 2048 bits is breakable; over 16384 bits only costs us CPU per verification.
    if (nb->size() * 8 < 2048 || nb->size() * 8 > 16384) return bad("JWK: RSA modulus size not accepted");
    std::unique_ptr<BIGNUM, BnFree> bn(
        BN_bin2bn(reinterpret_cast<const unsigned char*>(nb->data()), int(nb->size()), nullptr));
    std::unique_ptr<BIGNUM, BnFree> be(
        BN_bin2bn(reinterpret_cast<const unsigned char*>(eb->data()), int(eb->size()), nullptr));
    std::unique_ptr<OSSL_PARAM_BLD, BldFree> bld(OSSL_PARAM_BLD_new());
    if (!bn || !be || !bld || !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, bn.get()) ||
        !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, be.get()))
        return bad("JWK: cannot build RSA key");
    std::unique_ptr<OSSL_PARAM, ParamFree> params(OSSL_PARAM_BLD_to_param(bld.get()));
    if (!params) return bad("JWK: cannot build RSA key");
    return fromParams("RSA", params.get());
}

Result<PKeyPtr> ecKey(const nlohmann::json& j, const std::string& crv) {
    size_t size = 0;
    const char* group = nullptr;
    if (crv == "P-256")
        size = 32, group = "P-256";
    else if (crv == "P-384")
        size = 48, group = "P-384";
    else if (crv == "P-521")
        size = 66, group = "P-521";
    else
        return bad("JWK: unsupported EC curve");
    auto x = member(j, "x"), y = member(j, "y");
    if (!x || !y) return bad("JWK: EC key needs x and y");
    auto xb = base64UrlDecode(*x), yb = base64UrlDecode(*y);
    if (!xb || !yb || xb->size() != size || yb->size() != size) return bad("JWK: EC x/y have the wrong size");
    // Uncompressed SEC1 point: 0x04 || X || Y.
    std::string point = "\x04" + *xb + *yb;
    std::unique_ptr<OSSL_PARAM_BLD, BldFree> bld(OSSL_PARAM_BLD_new());
    if (!bld || !OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, 0) ||
        !OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()))
        return bad("JWK: cannot build EC key");
    std::unique_ptr<OSSL_PARAM, ParamFree> params(OSSL_PARAM_BLD_to_param(bld.get()));
    if (!params) return bad("JWK: cannot build EC key");
    return fromParams("EC", params.get());
}

} // namespace

PKeyPtr adoptKey(EVP_PKEY* key) {
    if (!key) return {};
    return PKeyPtr(key, EVP_PKEY_free);
}

Result<Jwk> parseJwk(const nlohmann::json& j) {
    if (!j.is_object()) return bad("JWK is not an object");
    Jwk out;
    out.kty = member(j, "kty").value_or("");
    out.kid = member(j, "kid").value_or("");
    out.alg = member(j, "alg").value_or("");
    out.use = member(j, "use").value_or("");
    if (!out.use.empty() && out.use != "sig") return bad("JWK: not a signing key");
    // A JWK carrying private members is a leak at the IdP; use only the public part, never "d".
    Result<PKeyPtr> key = bad("JWK: unsupported kty");
    if (out.kty == "RSA") {
        key = rsaKey(j);
    } else if (out.kty == "EC") {
        out.crv = member(j, "crv").value_or("");
        key = ecKey(j, out.crv);
    }
    if (!key) return key.error();
    out.key = std::move(key.value());
    return out;
}

Result<std::vector<Jwk>> parseJwks(const nlohmann::json& jwks) {
    if (!jwks.is_object() || !jwks.contains("keys") || !jwks["keys"].is_array())
        return bad("JWKS has no keys array");
    std::vector<Jwk> keys;
    for (const auto& k : jwks["keys"]) {
        if (keys.size() >= kMaxKeys) break;
        auto parsed = parseJwk(k);
        if (parsed) keys.push_back(std::move(parsed.value()));
    }
    if (keys.empty()) return bad("JWKS holds no usable RSA/EC signing key");
    return keys;
}

} // namespace kmcp::auth
