#include "TestKeys.hpp"

#include "auth/Base64Url.hpp"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <stdexcept>
#include <vector>

namespace kmcp::test {
namespace {

std::mutex keyMu;

std::string bnParam(EVP_PKEY* key, const char* name, int pad = 0) {
    BIGNUM* bn = nullptr;
    if (EVP_PKEY_get_bn_param(key, name, &bn) != 1) throw std::runtime_error("no key parameter");
    std::string out(size_t(pad > 0 ? pad : BN_num_bytes(bn)), '\0');
    BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(out.data()), int(out.size()));
    BN_free(bn);
    return out;
}

std::string bioString(BIO* bio) {
    char* data = nullptr;
    long len = BIO_get_mem_data(bio, &data);
    std::string out(data, size_t(len));
    BIO_free(bio);
    return out;
}

} // namespace

auth::PKeyPtr freshRsaKey(int bits) {
    return auth::adoptKey(EVP_RSA_gen(unsigned(bits)));
}

const auth::PKeyPtr& rsaKey(int index) {
    static std::map<int, auth::PKeyPtr> keys;
    std::lock_guard lk(keyMu);
    auto& k = keys[index];
    if (!k) k = freshRsaKey(2048);
    return k;
}

const auth::PKeyPtr& ecKey(const std::string& curve) {
    static std::map<std::string, auth::PKeyPtr> keys;
    std::lock_guard lk(keyMu);
    auto& k = keys[curve];
    if (!k) k = auth::adoptKey(EVP_EC_gen(curve.c_str()));
    return k;
}

nlohmann::json publicJwk(EVP_PKEY* key, const std::string& kid, const std::string& alg) {
    nlohmann::json j{{"kid", kid}, {"use", "sig"}};
    if (!alg.empty()) j["alg"] = alg;
    if (EVP_PKEY_is_a(key, "RSA")) {
        j["kty"] = "RSA";
        j["n"] = auth::base64UrlEncode(bnParam(key, OSSL_PKEY_PARAM_RSA_N));
        j["e"] = auth::base64UrlEncode(bnParam(key, OSSL_PKEY_PARAM_RSA_E));
    } else {
        char group[64] = {};
        size_t len = 0;
        EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &len);
        const std::string g(group, len);
        const std::string crv = g == "prime256v1" || g == "P-256"  ? "P-256"
                                : g == "secp384r1" || g == "P-384" ? "P-384"
                                                                   : "P-521";
        const int size = crv == "P-256" ? 32 : crv == "P-384" ? 48 : 66;
        j["kty"] = "EC";
        j["crv"] = crv;
        j["x"] = auth::base64UrlEncode(bnParam(key, OSSL_PKEY_PARAM_EC_PUB_X, size));
        j["y"] = auth::base64UrlEncode(bnParam(key, OSSL_PKEY_PARAM_EC_PUB_Y, size));
    }
    return j;
}

std::string publicPem(EVP_PKEY* key) {
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PUBKEY(bio, key);
    return bioString(bio);
}

std::string privatePem(EVP_PKEY* key) {
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
    return bioString(bio);
}

std::string selfSignedCertPem(EVP_PKEY* key, const std::string& commonName, const std::string& san) {
    X509* cert = X509_new();
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert), 24 * 3600);
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>(commonName.c_str()), -1, -1, 0);
    X509_set_issuer_name(cert, name);
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    for (auto [nid, value] : std::vector<std::pair<int, const char*>>{
             {NID_subject_alt_name, san.c_str()}, {NID_basic_constraints, "critical,CA:TRUE"}}) {
        X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
        X509_add_ext(cert, ext, -1);
        X509_EXTENSION_free(ext);
    }
    X509_sign(cert, key, EVP_sha256());
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(bio, cert);
    X509_free(cert);
    return bioString(bio);
}

std::string writeTempFile(const std::string& name, const std::string& content) {
    static const std::filesystem::path dir = [] {
        auto d = std::filesystem::temp_directory_path() / ("kmcp-auth-test-" + std::to_string(::getpid()));
        std::filesystem::create_directories(d);
        return d;
    }();
    const auto path = dir / name;
    std::ofstream(path, std::ios::binary | std::ios::trunc) << content;
    return path.string();
}

long long epochIn(std::chrono::seconds offset) {
    return std::chrono::duration_cast<std::chrono::seconds>(
               (std::chrono::system_clock::now() + offset).time_since_epoch())
        .count();
}

nlohmann::json claimsFor(const std::string& issuer, std::chrono::seconds lifetime) {
    return {{"iss", issuer},
            {"sub", "0f1e2d3c-user"},
            {"aud", nlohmann::json::array({"mcp-server", "account"})},
            {"exp", epochIn(lifetime)},
            {"iat", epochIn(std::chrono::seconds(0))},
            {"preferred_username", "testdeveloper"},
            {"email", "testdeveloper@example.com"},
            {"groups", nlohmann::json::array({"openshift_developers"})},
            {"scope", "openid mcp-server profile"}};
}

std::string signToken(auth::JwsAlg alg, EVP_PKEY* key, const std::string& kid, const nlohmann::json& claims) {
    nlohmann::json header{{"typ", "JWT"}};
    if (!kid.empty()) header["kid"] = kid;
    auto t = auth::makeCompactJws(alg, key, header, claims);
    if (!t) throw std::runtime_error(t.error().message);
    return t.value();
}

std::string hs256Token(const std::string& secret, const nlohmann::json& header,
                       const nlohmann::json& claims) {
    const std::string input =
        auth::base64UrlEncode(header.dump()) + "." + auth::base64UrlEncode(claims.dump());
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha256(), secret.data(), int(secret.size()),
         reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &len);
    return input + "." + auth::base64UrlEncode(std::string(reinterpret_cast<char*>(mac), len));
}

} // namespace kmcp::test
