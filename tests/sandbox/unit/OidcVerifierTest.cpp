#include "OidcVerifier.hpp"
#include "Authenticator.hpp"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>

#include <catch2/catch.hpp>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <fstream>
#include <unistd.h>

using namespace kmcp::sandbox;
using nlohmann::json;

namespace {

std::string b64url(const std::string& in) {
    static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    unsigned int buffer = 0;
    int bits = 0;
    for (unsigned char c : in) {
        buffer = (buffer << 8) | c;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out += alphabet[(buffer >> bits) & 0x3F];
        }
    }
    if (bits > 0) {
        out += alphabet[(buffer << (6 - bits)) & 0x3F];
    }
    return out;
}

std::string bnBytes(EVP_PKEY* key, const char* name, int pad = 0) {
    BIGNUM* bn = nullptr;
    EVP_PKEY_get_bn_param(key, name, &bn);
    int len = std::max(BN_num_bytes(bn), pad);
    std::string out(static_cast<std::size_t>(len), '\0');
    BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(out.data()), len);
    BN_free(bn);
    return out;
}

struct Key {
    EVP_PKEY* pkey = nullptr;
    json jwk;
    std::string alg;
    ~Key() { EVP_PKEY_free(pkey); }
};

void makeRsa(Key& k) {
    k.pkey = EVP_RSA_gen(2048);
    k.alg = "RS256";
    k.jwk = {{"kty", "RSA"},
             {"kid", "rsa-1"},
             {"alg", "RS256"},
             {"use", "sig"},
             {"n", b64url(bnBytes(k.pkey, OSSL_PKEY_PARAM_RSA_N))},
             {"e", b64url(bnBytes(k.pkey, OSSL_PKEY_PARAM_RSA_E))}};
}

void makeEc(Key& k) {
    k.pkey = EVP_EC_gen("P-256");
    k.alg = "ES256";
    k.jwk = {{"kty", "EC"},
             {"kid", "ec-1"},
             {"crv", "P-256"},
             {"x", b64url(bnBytes(k.pkey, OSSL_PKEY_PARAM_EC_PUB_X, 32))},
             {"y", b64url(bnBytes(k.pkey, OSSL_PKEY_PARAM_EC_PUB_Y, 32))}};
}

std::string sign(const Key& k, const json& claims) {
    std::string input = b64url(json{{"alg", k.alg}, {"kid", k.jwk["kid"]}, {"typ", "JWT"}}.dump()) + "." +
                        b64url(claims.dump());
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, k.pkey);
    std::size_t len = 0;
    EVP_DigestSign(ctx, nullptr, &len, reinterpret_cast<const unsigned char*>(input.data()), input.size());
    std::string sig(len, '\0');
    EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &len,
                   reinterpret_cast<const unsigned char*>(input.data()), input.size());
    sig.resize(len);
    EVP_MD_CTX_free(ctx);
    if (k.alg == "ES256") {
        const auto* p = reinterpret_cast<const unsigned char*>(sig.data());
        ECDSA_SIG* es = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(sig.size()));
        std::string raw(64, '\0');
        BN_bn2binpad(ECDSA_SIG_get0_r(es), reinterpret_cast<unsigned char*>(raw.data()), 32);
        BN_bn2binpad(ECDSA_SIG_get0_s(es), reinterpret_cast<unsigned char*>(raw.data() + 32), 32);
        ECDSA_SIG_free(es);
        sig = raw;
    }
    return input + "." + b64url(sig);
}

class IssuerHandler : public Poco::Net::HTTPRequestHandler {
public:
    IssuerHandler(std::string issuer, json jwks) : issuer_(std::move(issuer)), jwks_(std::move(jwks)) {}
    void handleRequest(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp) override {
        std::string body = req.getURI() == "/.well-known/openid-configuration"
                               ? json{{"issuer", issuer_}, {"jwks_uri", issuer_ + "/keys"}}.dump()
                               : jwks_.dump();
        resp.setContentType("application/json");
        resp.sendBuffer(body.data(), body.size());
    }

private:
    std::string issuer_;
    json jwks_;
};

class IssuerFactory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    IssuerFactory(std::string issuer, json jwks) : issuer_(std::move(issuer)), jwks_(std::move(jwks)) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
        return new IssuerHandler(issuer_, jwks_);
    }

private:
    std::string issuer_;
    json jwks_;
};

long long nowSeconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

} // namespace

TEST_CASE("JWS signatures verify for RS256 and ES256 and fail when tampered", "[oidc]") {
    for (bool rsa : {true, false}) {
        Key k;
        rsa ? makeRsa(k) : makeEc(k);
        std::string token = sign(k, {{"sub", "x"}});
        auto dot = token.rfind('.');
        std::string input = token.substr(0, dot);
        std::string sig = OidcVerifier::base64UrlDecode(token.substr(dot + 1));
        CHECK(OidcVerifier::verifySignature(input, sig, k.alg, k.jwk));
        CHECK_FALSE(OidcVerifier::verifySignature(input + "x", sig, k.alg, k.jwk));
        CHECK_FALSE(OidcVerifier::verifySignature(input, sig, rsa ? "ES256" : "RS256", k.jwk));
        CHECK_FALSE(OidcVerifier::verifySignature(input, sig, "none", k.jwk));
    }
}

TEST_CASE("OIDC tokens are verified against a discovered JWKS", "[oidc]") {
    Key rsa;
    makeRsa(rsa);
    Key ec;
    makeEc(ec);
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    std::string issuer = "http://127.0.0.1:" + std::to_string(socket.address().port());
    Poco::Net::HTTPServer server(new IssuerFactory(issuer, {{"keys", json::array({rsa.jwk, ec.jwk})}}),
                                 socket, new Poco::Net::HTTPServerParams);
    server.start();

    Authenticator auth;
    auth.enableOidc({issuer, "kmcp", "preferred_username", "groups", ""});
    json claims = {{"iss", issuer},
                   {"aud", json::array({"other", "kmcp"})},
                   {"sub", "u-1"},
                   {"preferred_username", "carol"},
                   {"groups", {"ops", "dev-team"}},
                   {"exp", nowSeconds() + 300}};
    auto user = auth.authenticate(sign(rsa, claims));
    REQUIRE(user);
    CHECK(user->name == "carol");
    CHECK(user->uid == "u-1");
    CHECK(user->groups == std::vector<std::string>{"ops", "dev-team", "system:authenticated"});
    CHECK(user->tokenSha256.size() == 64);
    CHECK(auth.authenticate(sign(ec, claims)));

    json expired = claims;
    expired["exp"] = nowSeconds() - 10;
    CHECK_FALSE(auth.authenticate(sign(rsa, expired)));
    json wrongAudience = claims;
    wrongAudience["aud"] = "someone-else";
    CHECK_FALSE(auth.authenticate(sign(rsa, wrongAudience)));
    json wrongIssuer = claims;
    wrongIssuer["iss"] = "https://evil.example";
    CHECK_FALSE(auth.authenticate(sign(rsa, wrongIssuer)));
    Key stranger;
    makeRsa(stranger);
    CHECK_FALSE(auth.authenticate(sign(stranger, claims)));
    CHECK_FALSE(auth.authenticate("not.a.jwt"));
    server.stop();
}

TEST_CASE("static tokens and the token file", "[auth]") {
    Authenticator auth;
    auth.addToken("t1", {"alice", "a-uid", {"dev-team"}, ""});
    auto alice = auth.authenticate("t1");
    REQUIRE(alice);
    CHECK(alice->groups == std::vector<std::string>{"dev-team", "system:authenticated"});
    CHECK(alice->tokenSha256 == Authenticator::sha256Hex("t1"));
    CHECK_FALSE(auth.authenticate("t2"));
    CHECK_FALSE(auth.authenticate(""));

    std::string path = "/tmp/kube-sandbox-tokens-" + std::to_string(::getpid()) + ".csv";
    {
        std::ofstream f(path);
        f << "# comment\nci-token,ci-bot,ci-uid,\"builders,readers\"\nplain-token,plain,plain-uid\n";
    }
    auth.loadTokenFile(path);
    std::remove(path.c_str());
    auto ci = auth.authenticate("ci-token");
    REQUIRE(ci);
    CHECK(ci->name == "ci-bot");
    CHECK(ci->uid == "ci-uid");
    CHECK(ci->groups == std::vector<std::string>{"builders", "readers", "system:authenticated"});
    CHECK(auth.authenticate("plain-token")->groups == std::vector<std::string>{"system:authenticated"});
    CHECK(Authenticator::sha256Hex("abc") ==
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(splitCsvLine("a,\"b,c\",d") == std::vector<std::string>{"a", "b,c", "d"});
}
