#include "OidcVerifier.hpp"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <memory>

namespace kmcp::sandbox {

using nlohmann::json;

std::string OidcVerifier::base64UrlDecode(const std::string& text) {
    static const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    unsigned int buffer = 0;
    int bits = 0;
    for (char c : text) {
        if (c == '=') {
            break;
        }
        char normalized = c == '+' ? '-' : (c == '/' ? '_' : c);
        auto pos = alphabet.find(normalized);
        if (pos == std::string::npos) {
            throw std::runtime_error("invalid base64url");
        }
        buffer = (buffer << 6) | static_cast<unsigned int>(pos);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buffer >> bits) & 0xFF);
        }
    }
    return out;
}

namespace {

using PkeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

BIGNUM* toBignum(const std::string& bytes) {
    return BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()),
                     nullptr);
}

PkeyPtr keyFromJwk(const json& jwk) {
    PkeyPtr none(nullptr, EVP_PKEY_free);
    OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
    std::string kty = jwk.value("kty", "");
    const char* type = nullptr;
    BIGNUM* n = nullptr;
    BIGNUM* e = nullptr;
    std::string point;
    if (kty == "RSA") {
        type = "RSA";
        n = toBignum(OidcVerifier::base64UrlDecode(jwk.value("n", "")));
        e = toBignum(OidcVerifier::base64UrlDecode(jwk.value("e", "")));
        OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n);
        OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e);
    } else if (kty == "EC" && jwk.value("crv", "") == "P-256") {
        type = "EC";
        point = std::string(1, '\x04') + OidcVerifier::base64UrlDecode(jwk.value("x", "")) +
                OidcVerifier::base64UrlDecode(jwk.value("y", ""));
        OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0);
        OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size());
    }
    EVP_PKEY* pkey = nullptr;
    if (type != nullptr) {
        OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(bld);
        EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr);
        if (ctx != nullptr && params != nullptr && EVP_PKEY_fromdata_init(ctx) > 0) {
            EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params);
        }
        EVP_PKEY_CTX_free(ctx);
        OSSL_PARAM_free(params);
    }
    BN_free(n);
    BN_free(e);
    OSSL_PARAM_BLD_free(bld);
    return PkeyPtr(pkey, EVP_PKEY_free);
}

// JWS ES256 signatures are raw r||s; OpenSSL wants DER.
std::string ecdsaRawToDer(const std::string& raw) {
    if (raw.size() != 64) {
        return "";
    }
    ECDSA_SIG* sig = ECDSA_SIG_new();
    ECDSA_SIG_set0(sig, toBignum(raw.substr(0, 32)), toBignum(raw.substr(32)));
    unsigned char* der = nullptr;
    int len = i2d_ECDSA_SIG(sig, &der);
    std::string out = len > 0 ? std::string(reinterpret_cast<char*>(der), static_cast<std::size_t>(len)) : "";
    OPENSSL_free(der);
    ECDSA_SIG_free(sig);
    return out;
}

bool audienceMatches(const json& aud, const std::string& audience) {
    if (aud.is_string()) {
        return aud == audience;
    }
    if (aud.is_array()) {
        for (const auto& a : aud) {
            if (a == audience) {
                return true;
            }
        }
    }
    return false;
}

} // namespace

bool OidcVerifier::verifySignature(const std::string& signingInput, const std::string& signature,
                                   const std::string& alg, const json& jwk) {
    if (alg != "RS256" && alg != "ES256") {
        return false;
    }
    if ((alg == "RS256") != (jwk.value("kty", "") == "RSA")) {
        return false;
    }
    PkeyPtr key = keyFromJwk(jwk);
    if (!key) {
        return false;
    }
    std::string sig = alg == "ES256" ? ecdsaRawToDer(signature) : signature;
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    bool ok = EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, key.get()) == 1 &&
              EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                               reinterpret_cast<const unsigned char*>(signingInput.data()),
                               signingInput.size()) == 1;
    EVP_MD_CTX_free(ctx);
    return ok;
}

std::string OidcVerifier::httpGet(const std::string& url) const {
    Poco::URI uri(url);
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (uri.getScheme() == "https") {
        Poco::Net::Context::Ptr context =
            new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", config_.caFile,
                                   Poco::Net::Context::VERIFY_RELAXED, 9, config_.caFile.empty());
        session = std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(), context);
    } else {
        session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
    }
    session->setTimeout(Poco::Timespan(5, 0));
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, uri.getPathAndQuery(),
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    session->sendRequest(request);
    Poco::Net::HTTPResponse response;
    std::istream& body = session->receiveResponse(response);
    std::string text;
    Poco::StreamCopier::copyToString(body, text);
    if (response.getStatus() != Poco::Net::HTTPResponse::HTTP_OK) {
        throw std::runtime_error("GET " + url + " answered " + std::to_string(response.getStatus()));
    }
    return text;
}

json OidcVerifier::keysFor(const std::string& kid) {
    std::lock_guard lock(mutex_);
    auto find = [&]() {
        json found = json::array();
        if (!jwks_.is_object()) {
            return found;
        }
        for (const auto& k : jwks_.value("keys", json::array())) {
            if (kid.empty() || k.value("kid", "") == kid) {
                found.push_back(k);
            }
        }
        return found;
    };
    json found = find();
    auto now = std::chrono::steady_clock::now();
    bool stale = jwks_.is_null() || (found.empty() && now - fetchedAt_ > std::chrono::seconds(10));
    if (stale) {
        std::string issuer = config_.issuerUrl;
        while (!issuer.empty() && issuer.back() == '/') {
            issuer.pop_back();
        }
        json discovery = json::parse(httpGet(issuer + "/.well-known/openid-configuration"));
        jwks_ = json::parse(httpGet(discovery.at("jwks_uri").get<std::string>()));
        fetchedAt_ = now;
        found = find();
    }
    return found;
}

std::optional<UserInfo> OidcVerifier::verify(const std::string& token) {
    try {
        auto dot1 = token.find('.');
        auto dot2 = token.find('.', dot1 == std::string::npos ? 0 : dot1 + 1);
        if (dot1 == std::string::npos || dot2 == std::string::npos) {
            return std::nullopt;
        }
        json header = json::parse(base64UrlDecode(token.substr(0, dot1)));
        json claims = json::parse(base64UrlDecode(token.substr(dot1 + 1, dot2 - dot1 - 1)));
        std::string signature = base64UrlDecode(token.substr(dot2 + 1));
        std::string alg = header.value("alg", "");
        bool verified = false;
        for (const auto& jwk : keysFor(header.value("kid", ""))) {
            if (verifySignature(token.substr(0, dot2), signature, alg, jwk)) {
                verified = true;
                break;
            }
        }
        if (!verified || claims.value("iss", "") != config_.issuerUrl ||
            !audienceMatches(claims.value("aud", json()), config_.audience)) {
            return std::nullopt;
        }
        auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
        if (!claims.contains("exp") || !claims["exp"].is_number() || claims["exp"].get<long long>() <= now) {
            return std::nullopt;
        }
        UserInfo user;
        const json& name = claims.value(config_.usernameClaim, json());
        if (!name.is_string() || name.get<std::string>().empty()) {
            return std::nullopt;
        }
        user.name = name.get<std::string>();
        user.uid = claims.value("sub", "");
        if (!config_.groupsClaim.empty() && claims.contains(config_.groupsClaim)) {
            const json& groups = claims[config_.groupsClaim];
            if (groups.is_string()) {
                user.groups.push_back(groups.get<std::string>());
            } else if (groups.is_array()) {
                for (const auto& g : groups) {
                    if (g.is_string()) {
                        user.groups.push_back(g.get<std::string>());
                    }
                }
            }
        }
        return user;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

} // namespace kmcp::sandbox
