#include "sts/ClientAuth.hpp"

#include "auth/Base64Url.hpp"
#include "auth/Jws.hpp"

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#include <fmt/format.h>

#include <fstream>
#include <memory>
#include <sstream>

namespace kmcp::sts {
namespace {

constexpr const char* kAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
constexpr size_t kMaxFileBytes = 64 * 1024;

Error configError(std::string msg) {
    return makeError(Error::Code::InvalidArgument, std::move(msg));
}

Result<std::string> readSmallFile(const std::string& path, const char* what) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return configError(fmt::format("token exchange: cannot read {} {}", what, path));
    std::string data;
    data.resize(kMaxFileBytes + 1);
    in.read(data.data(), std::streamsize(data.size()));
    data.resize(size_t(in.gcount()));
    if (data.size() > kMaxFileBytes)
        return configError(fmt::format("token exchange: {} {} is too large", what, path));
    return data;
}

std::string digest(const EVP_MD* md, const unsigned char* data, size_t len) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int outLen = 0;
    EVP_Digest(data, len, out, &outLen, md, nullptr);
    return std::string(reinterpret_cast<char*>(out), outLen);
}

Result<auth::JwsAlg> algFor(EVP_PKEY* key) {
    if (EVP_PKEY_is_a(key, "RSA")) return auth::JwsAlg::RS256;
    if (EVP_PKEY_is_a(key, "EC")) {
        char group[64] = {};
        size_t len = 0;
        EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &len);
        const std::string g(group, len);
        if (g == "prime256v1" || g == "P-256") return auth::JwsAlg::ES256;
        if (g == "secp384r1" || g == "P-384") return auth::JwsAlg::ES384;
    }
    return configError("token exchange: private_key_file must hold an RSA or EC P-256/P-384 key");
}

std::string randomId() {
    unsigned char bytes[16];
    RAND_bytes(bytes, sizeof bytes);
    return auth::base64UrlEncode(std::string(reinterpret_cast<char*>(bytes), sizeof bytes));
}

} // namespace

Result<std::string> makeClientAssertion(const std::string& clientId, const std::string& tokenEndpoint,
                                        const std::string& privateKeyFile, const std::string& certificateFile,
                                        std::chrono::seconds lifetime) {
    auto pem = readSmallFile(privateKeyFile, "private_key_file");
    if (!pem) return pem.error();
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem->data(), int(pem->size())), BIO_free);
    // No passphrase callback: an encrypted key must fail here, not prompt on a terminal.
    auto key = auth::adoptKey(PEM_read_bio_PrivateKey(
        bio.get(), nullptr, [](char*, int, int, void*) { return 0; }, nullptr));
    if (!key)
        return configError(
            fmt::format("token exchange: {} is not an unencrypted PEM private key", privateKeyFile));
    auto alg = algFor(key.get());
    if (!alg) return alg.error();

    nlohmann::json header{{"typ", "JWT"}};
    unsigned char* spki = nullptr;
    const int spkiLen = i2d_PUBKEY(key.get(), &spki);
    if (spkiLen > 0) {
        header["kid"] = auth::base64UrlEncode(digest(EVP_sha256(), spki, size_t(spkiLen)));
        OPENSSL_free(spki);
    }
    if (!certificateFile.empty()) {
        auto certPem = readSmallFile(certificateFile, "certificate_file");
        if (!certPem) return certPem.error();
        std::unique_ptr<BIO, decltype(&BIO_free)> cbio(BIO_new_mem_buf(certPem->data(), int(certPem->size())),
                                                       BIO_free);
        std::unique_ptr<X509, decltype(&X509_free)> cert(
            PEM_read_bio_X509(cbio.get(), nullptr, nullptr, nullptr), X509_free);
        if (!cert)
            return configError(fmt::format("token exchange: {} is not a PEM certificate", certificateFile));
        if (X509_check_private_key(cert.get(), key.get()) != 1)
            return configError("token exchange: certificate_file does not match private_key_file");
        unsigned char* der = nullptr;
        const int derLen = i2d_X509(cert.get(), &der);
        if (derLen <= 0) return configError("token exchange: cannot encode certificate_file");
        header["x5t"] = auth::base64UrlEncode(digest(EVP_sha1(), der, size_t(derLen)));
        header["x5t#S256"] = auth::base64UrlEncode(digest(EVP_sha256(), der, size_t(derLen)));
        OPENSSL_free(der);
    }
    const auto now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    const nlohmann::json claims{
        {"iss", clientId}, {"sub", clientId}, {"aud", tokenEndpoint},         {"jti", randomId()},
        {"iat", now},      {"nbf", now},      {"exp", now + lifetime.count()}};
    auto jws = auth::makeCompactJws(*alg, key.get(), header, claims);
    if (!jws) return makeError(Error::Code::Internal, "token exchange: signing the client assertion failed");
    return jws;
}

Result<ClientCredentials> clientCredentials(const config::TokenExchange& cfg,
                                            const std::string& tokenEndpoint) {
    ClientCredentials c;
    const std::string& method = cfg.authMethod;
    if (cfg.clientId.empty() && method != "jwt_file")
        return configError("token exchange: client_id is required");
    if (method == "client_secret_post" || method == "client_secret_basic") {
        if (cfg.clientSecret.empty())
            return configError(fmt::format("token exchange: {} needs client_secret", method));
        if (method == "client_secret_post") {
            c.form = {{"client_id", cfg.clientId}, {"client_secret", cfg.clientSecret}};
        } else {
            const std::string pair = formUrlEncode(cfg.clientId) + ":" + formUrlEncode(cfg.clientSecret);
            c.headers = {{"Authorization", "Basic " + auth::base64Encode(pair)}};
        }
        return c;
    }
    if (method == "private_key_jwt") {
        if (cfg.privateKeyFile.empty())
            return configError("token exchange: private_key_jwt needs private_key_file");
        auto assertion =
            makeClientAssertion(cfg.clientId, tokenEndpoint, cfg.privateKeyFile, cfg.certificateFile);
        if (!assertion) return assertion.error();
        c.form = {{"client_id", cfg.clientId},
                  {"client_assertion_type", kAssertionType},
                  {"client_assertion", *assertion}};
        return c;
    }
    if (method == "jwt_file") {
        if (cfg.tokenFile.empty()) return configError("token exchange: jwt_file needs token_file");
        auto token = readSmallFile(cfg.tokenFile, "token_file");
        if (!token) return token.error();
        std::string t = *token;
        const auto first = t.find_first_not_of(" \t\r\n");
        const auto last = t.find_last_not_of(" \t\r\n");
        if (first == std::string::npos)
            return configError(fmt::format("token exchange: token_file {} is empty", cfg.tokenFile));
        t = t.substr(first, last - first + 1);
        if (!cfg.clientId.empty()) c.form.emplace_back("client_id", cfg.clientId);
        c.form.emplace_back("client_assertion_type", kAssertionType);
        c.form.emplace_back("client_assertion", t);
        return c;
    }
    return configError(fmt::format("token exchange: unknown client auth method '{}'", method));
}

} // namespace kmcp::sts
