#include "TestKeys.hpp"

#include "auth/Base64Url.hpp"
#include "auth/Jwk.hpp"
#include "auth/Jws.hpp"

#include <Poco/Crypto/ECKey.h>
#include <Poco/Crypto/RSAKey.h>
#include <Poco/JWT/Signer.h>
#include <Poco/JWT/Token.h>

#include <catch2/catch.hpp>

#include <sstream>

using namespace kmcp;
using namespace kmcp::auth;

TEST_CASE("base64url round-trips and rejects what is not base64url", "[auth][jws]") {
    for (const std::string& s :
         std::vector<std::string>{"", "f", "fo", "foo", "foob", std::string("\x00\xff\xfe", 3)})
        CHECK(base64UrlDecode(base64UrlEncode(s)) == s);
    CHECK(base64UrlEncode("\xfb\xff") == "-_8");
    CHECK_FALSE(base64UrlDecode("a+b/").has_value()); // standard alphabet
    CHECK_FALSE(base64UrlDecode("YQ==").has_value()); // padding
    CHECK_FALSE(base64UrlDecode("Y").has_value());    // impossible length
    CHECK_FALSE(base64UrlDecode("YR").has_value());   // non-zero leftover bits
    CHECK_FALSE(base64UrlDecode("Y Q").has_value());
    CHECK(base64Encode("a:b") == "YTpi");
}

TEST_CASE("every supported algorithm signs and verifies; changed input or key fails", "[auth][jws]") {
    struct Case {
        JwsAlg alg;
        EVP_PKEY* key;
        EVP_PKEY* otherKey;
    };
    const std::vector<Case> cases{
        {JwsAlg::RS256, test::rsaKey(0).get(), test::rsaKey(1).get()},
        {JwsAlg::RS384, test::rsaKey(0).get(), test::rsaKey(1).get()},
        {JwsAlg::RS512, test::rsaKey(0).get(), test::rsaKey(1).get()},
        {JwsAlg::PS256, test::rsaKey(0).get(), test::rsaKey(1).get()},
        {JwsAlg::PS384, test::rsaKey(0).get(), test::rsaKey(1).get()},
        {JwsAlg::PS512, test::rsaKey(0).get(), test::rsaKey(1).get()},
        {JwsAlg::ES256, test::ecKey("P-256").get(), test::rsaKey(0).get()},
        {JwsAlg::ES384, test::ecKey("P-384").get(), test::ecKey("P-256").get()},
        {JwsAlg::ES512, test::ecKey("P-521").get(), test::ecKey("P-384").get()},
    };
    for (const auto& c : cases) {
        INFO(jwsAlgName(c.alg));
        auto sig = signJws(c.alg, c.key, "header.payload");
        REQUIRE(sig.ok());
        CHECK(verifyJwsSignature(c.alg, c.key, "header.payload", *sig));
        CHECK_FALSE(verifyJwsSignature(c.alg, c.key, "header.payloaD", *sig));
        CHECK_FALSE(verifyJwsSignature(c.alg, c.otherKey, "header.payload", *sig));
        std::string flipped = *sig;
        flipped[flipped.size() / 2] ^= 0x01;
        CHECK_FALSE(verifyJwsSignature(c.alg, c.key, "header.payload", flipped));
        CHECK_FALSE(verifyJwsSignature(c.alg, c.key, "header.payload", ""));
        CHECK(parseJwsAlg(jwsAlgName(c.alg)) == c.alg);
    }
}

TEST_CASE("ECDSA signatures must be raw R||S of the curve's size", "[auth][jws]") {
    auto sig = signJws(JwsAlg::ES256, test::ecKey("P-256").get(), "x.y");
    REQUIRE(sig.ok());
    CHECK(sig->size() == 64);
    CHECK_FALSE(verifyJwsSignature(JwsAlg::ES256, test::ecKey("P-256").get(), "x.y", sig->substr(0, 63)));
    CHECK_FALSE(
        verifyJwsSignature(JwsAlg::ES256, test::ecKey("P-256").get(), "x.y", *sig + std::string(1, '\0')));
    // an ES384 signature is not an ES256 one, even over the same input
    auto sig384 = signJws(JwsAlg::ES384, test::ecKey("P-384").get(), "x.y");
    CHECK_FALSE(verifyJwsSignature(JwsAlg::ES256, test::ecKey("P-256").get(), "x.y", *sig384));
}

TEST_CASE("alg names outside the asymmetric set are unknown", "[auth][jws]") {
    for (const char* name : {"none", "None", "HS256", "HS384", "HS512", "rs256", "EdDSA", "", "RS256 "})
        CHECK_FALSE(parseJwsAlg(name).has_value());
}

TEST_CASE("tokens from an independent signer (Poco JWT) verify", "[auth][jws]") {
    // Guards against a sign/verify pair that agrees only with itself.
    std::istringstream pub(test::publicPem(test::rsaKey(0).get())),
        priv(test::privatePem(test::rsaKey(0).get()));
    Poco::SharedPtr<Poco::Crypto::RSAKey> rsa = new Poco::Crypto::RSAKey(&pub, &priv);
    Poco::JWT::Token t;
    t.setType("JWT");
    t.setSubject("someone");
    Poco::JWT::Signer signer(rsa);
    const std::string token = signer.sign(t, Poco::JWT::Signer::ALGO_RS256);
    auto jws = parseCompactJws(token);
    REQUIRE(jws.ok());
    CHECK(jws->payload["sub"] == "someone");
    CHECK(verifyJwsSignature(JwsAlg::RS256, test::rsaKey(0).get(), jws->signingInput, jws->signature));

    std::istringstream ecPub(test::publicPem(test::ecKey("P-256").get())),
        ecPriv(test::privatePem(test::ecKey("P-256").get()));
    Poco::SharedPtr<Poco::Crypto::ECKey> ec = new Poco::Crypto::ECKey(&ecPub, &ecPriv);
    Poco::JWT::Signer ecSigner(ec);
    const std::string ecToken = ecSigner.sign(t, Poco::JWT::Signer::ALGO_ES256);
    auto ecJws = parseCompactJws(ecToken);
    REQUIRE(ecJws.ok());
    CHECK(
        verifyJwsSignature(JwsAlg::ES256, test::ecKey("P-256").get(), ecJws->signingInput, ecJws->signature));
}

TEST_CASE("compact JWS parsing rejects malformed structure", "[auth][jws]") {
    const std::string h = base64UrlEncode(R"({"alg":"RS256"})");
    const std::string p = base64UrlEncode(R"({"sub":"a"})");
    CHECK(parseCompactJws(h + "." + p + ".c2ln").ok());
    CHECK_FALSE(parseCompactJws(h + "." + p).ok());
    CHECK_FALSE(parseCompactJws(h + "." + p + ".c2ln.x").ok());
    CHECK_FALSE(parseCompactJws(h + "." + p + ".c2ln=").ok());
    CHECK_FALSE(parseCompactJws(base64UrlEncode("[1]") + "." + p + ".c2ln").ok());
    CHECK_FALSE(parseCompactJws(h + "." + base64UrlEncode("\"str\"") + ".c2ln").ok());
    CHECK_FALSE(parseCompactJws(h + "." + base64UrlEncode("{\"sub\":") + ".c2ln").ok());
}

TEST_CASE("duplicate member names and deep nesting are refused", "[auth][jws]") {
    CHECK_FALSE(parseStrictJson(R"({"sub":"a","sub":"b"})").ok());
    CHECK_FALSE(parseStrictJson(R"({"x":{"k":1,"k":2}})").ok());
    CHECK(parseStrictJson(R"({"x":{"k":1},"y":{"k":2}})").ok()); // same name in different objects
    std::string deep(40, '[');
    deep += std::string(40, ']');
    CHECK_FALSE(parseStrictJson(deep).ok());
    CHECK(parseStrictJson("[[[1]]]").ok());
}

TEST_CASE("JWKs parse for RSA and EC and refuse unusable keys", "[auth][jwk]") {
    auto rsa = parseJwk(test::publicJwk(test::rsaKey(0).get(), "r1", "RS256"));
    REQUIRE(rsa.ok());
    CHECK(rsa->kid == "r1");
    CHECK(keyFitsAlg(*rsa, JwsAlg::RS256));
    CHECK_FALSE(keyFitsAlg(*rsa, JwsAlg::PS256)); // the JWK pins alg RS256
    CHECK_FALSE(keyFitsAlg(*rsa, JwsAlg::ES256));

    auto ec = parseJwk(test::publicJwk(test::ecKey("P-384").get(), "e1"));
    REQUIRE(ec.ok());
    CHECK(keyFitsAlg(*ec, JwsAlg::ES384));
    CHECK_FALSE(keyFitsAlg(*ec, JwsAlg::ES256));
    CHECK_FALSE(keyFitsAlg(*ec, JwsAlg::RS256));

    auto small = parseJwk(test::publicJwk(test::freshRsaKey(1024).get(), "weak"));
    CHECK_FALSE(small.ok());
    CHECK_FALSE(parseJwk({{"kty", "oct"}, {"k", "c2VjcmV0"}, {"kid", "h"}}).ok());
    auto badCoord = test::publicJwk(test::ecKey("P-256").get(), "e2");
    badCoord["x"] = base64UrlEncode("short");
    CHECK_FALSE(parseJwk(badCoord).ok());
    auto enc = test::publicJwk(test::rsaKey(0).get(), "enc");
    enc["use"] = "enc";
    CHECK_FALSE(parseJwk(enc).ok());
    auto notANumber = test::publicJwk(test::rsaKey(0).get(), "n");
    notANumber["n"] = 12345;
    CHECK_FALSE(parseJwk(notANumber).ok());

    auto set = parseJwks({{"keys", {enc, test::publicJwk(test::rsaKey(1).get(), "good"), {{"kty", "oct"}}}}});
    REQUIRE(set.ok());
    REQUIRE(set->size() == 1);
    CHECK(set->front().kid == "good");
    CHECK_FALSE(parseJwks({{"keys", {enc}}}).ok());
    CHECK_FALSE(parseJwks({{"keys", "nope"}}).ok());
    CHECK_FALSE(parseJwks(nlohmann::json::array()).ok());
}
