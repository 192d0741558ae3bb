#include "FakeIdp.hpp"
#include "TestKeys.hpp"

#include "auth/Base64Url.hpp"
#include "auth/JwtVerifier.hpp"

#include <catch2/catch.hpp>

using namespace kmcp;
using namespace kmcp::auth;
using namespace std::chrono_literals;

namespace {

struct Setup {
    test::FakeIdp idp;
    std::shared_ptr<OidcProvider> provider;
    std::unique_ptr<JwtVerifier> verifier;

    explicit Setup(std::function<void(JwtVerifierOptions&)> tweak = {}) {
        idp.setKeys({test::publicJwk(test::rsaKey(0).get(), "rsa-1"),
                     test::publicJwk(test::ecKey("P-256").get(), "ec-1"),
                     test::publicJwk(test::rsaKey(2).get(), "ps-1", "PS256")});
        OidcProviderOptions po;
        po.issuer = idp.issuer();
        po.unknownKidRefreshInterval = std::chrono::hours(1);
        provider = std::make_shared<OidcProvider>(po);
        JwtVerifierOptions vo;
        vo.issuer = idp.issuer();
        vo.audiences = {"mcp-server"};
        if (tweak) tweak(vo);
        verifier = std::make_unique<JwtVerifier>(vo, provider);
    }

    nlohmann::json claims() const { return test::claimsFor(idp.issuer()); }
    std::string rs256(const nlohmann::json& c) const {
        return test::signToken(JwsAlg::RS256, test::rsaKey(0).get(), "rsa-1", c);
    }
};

void requireInvalid(const Result<Identity>& r, const std::string& fragment) {
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Error::Code::Unauthenticated);
    CHECK_THAT(r.error().message, Catch::Contains(fragment));
}

std::string replacePayload(const std::string& token, const nlohmann::json& claims) {
    const size_t a = token.find('.'), b = token.rfind('.');
    return token.substr(0, a + 1) + base64UrlEncode(claims.dump()) + token.substr(b);
}

} // namespace

TEST_CASE("a valid Keycloak-style token yields the caller's identity", "[auth][jwt]") {
    Setup s;
    const std::string token = s.rs256(s.claims());
    auto id = s.verifier->verify(token);
    REQUIRE(id.ok());
    CHECK(id->subject == "0f1e2d3c-user");
    CHECK(id->username == "testdeveloper");
    CHECK(id->groups == std::vector<std::string>{"openshift_developers"});
    CHECK(id->scopes == std::vector<std::string>{"openid", "mcp-server", "profile"});
    CHECK(id->audiences == std::vector<std::string>{"mcp-server", "account"});
    CHECK(id->issuer == s.idp.issuer());
    CHECK(id->token == token);
    CHECK(id->expiry > std::chrono::system_clock::now());
    CHECK(id->expiry < std::chrono::system_clock::now() + 301s);
}

TEST_CASE("ES256 and PS256 tokens verify with their keys", "[auth][jwt]") {
    Setup s;
    CHECK(s.verifier->verify(test::signToken(JwsAlg::ES256, test::ecKey("P-256").get(), "ec-1", s.claims()))
              .ok());
    CHECK(s.verifier->verify(test::signToken(JwsAlg::PS256, test::rsaKey(2).get(), "ps-1", s.claims())).ok());
    // the ps-1 JWK pins PS256: an RS256 signature by the same key is refused
    requireInvalid(
        s.verifier->verify(test::signToken(JwsAlg::RS256, test::rsaKey(2).get(), "ps-1", s.claims())),
        "does not fit");
    // an EC token naming an RSA key id
    requireInvalid(
        s.verifier->verify(test::signToken(JwsAlg::ES256, test::ecKey("P-256").get(), "rsa-1", s.claims())),
        "does not fit");
}

TEST_CASE("username falls back to email, then subject", "[auth][jwt]") {
    Setup s;
    auto c = s.claims();
    c.erase("preferred_username");
    CHECK(s.verifier->verify(s.rs256(c))->username == "testdeveloper@example.com");
    c.erase("email");
    CHECK(s.verifier->verify(s.rs256(c))->username == "0f1e2d3c-user");
}

TEST_CASE("Keycloak full-path groups are kept as issued; scp arrays are scopes", "[auth][jwt]") {
    Setup s;
    auto c = s.claims();
    c["groups"] = {"/dev", "/org/ops"};
    c.erase("scope");
    c["scp"] = {"a", "b"};
    auto id = s.verifier->verify(s.rs256(c));
    REQUIRE(id.ok());
    CHECK(id->groups == std::vector<std::string>{"/dev", "/org/ops"});
    CHECK(id->scopes == std::vector<std::string>{"a", "b"});
}

TEST_CASE("alg none is refused", "[auth][jwt][hostile]") {
    Setup s;
    const std::string token =
        base64UrlEncode(R"({"alg":"none","typ":"JWT"})") + "." + base64UrlEncode(s.claims().dump()) + ".";
    requireInvalid(s.verifier->verify(token), "alg none");
    const std::string upper =
        base64UrlEncode(R"({"alg":"NONE","kid":"rsa-1"})") + "." + base64UrlEncode(s.claims().dump()) + ".";
    requireInvalid(s.verifier->verify(upper), "alg none");
}

TEST_CASE("HS256 signed with the RSA public key as secret is refused", "[auth][jwt][hostile]") {
    Setup s;
    const std::string pem = test::publicPem(test::rsaKey(0).get());
    const std::string token = test::hs256Token(pem, {{"alg", "HS256"}, {"kid", "rsa-1"}}, s.claims());
    requireInvalid(s.verifier->verify(token), "HS*");
    // also with the JWK's modulus bytes as secret
    const std::string token2 =
        test::hs256Token(test::publicJwk(test::rsaKey(0).get(), "x")["n"].get<std::string>(),
                         {{"alg", "HS256"}, {"kid", "rsa-1"}}, s.claims());
    requireInvalid(s.verifier->verify(token2), "HS*");
}

TEST_CASE("time claims: expired, not yet valid, issued in the future; leeway applies",
          "[auth][jwt][hostile]") {
    Setup s;
    auto c = s.claims();
    c["exp"] = test::epochIn(-120s);
    requireInvalid(s.verifier->verify(s.rs256(c)), "expired");
    c["exp"] = test::epochIn(-10s); // within the 30 s leeway
    CHECK(s.verifier->verify(s.rs256(c)).ok());

    c = s.claims();
    c["nbf"] = test::epochIn(600s);
    requireInvalid(s.verifier->verify(s.rs256(c)), "not yet valid");
    c["nbf"] = test::epochIn(10s);
    CHECK(s.verifier->verify(s.rs256(c)).ok());

    c = s.claims();
    c["iat"] = test::epochIn(600s);
    requireInvalid(s.verifier->verify(s.rs256(c)), "future");

    c = s.claims();
    c.erase("exp");
    requireInvalid(s.verifier->verify(s.rs256(c)), "no exp");
}

TEST_CASE("issuer must be the configured one", "[auth][jwt][hostile]") {
    Setup s;
    auto c = s.claims();
    c["iss"] = "https://evil.example/realms/test";
    requireInvalid(s.verifier->verify(s.rs256(c)), "issuer");
    c.erase("iss");
    requireInvalid(s.verifier->verify(s.rs256(c)), "issuer");
    c["iss"] = s.idp.issuer() + "/";
    requireInvalid(s.verifier->verify(s.rs256(c)), "issuer");
}

TEST_CASE("audience must contain an accepted one, as string or array", "[auth][jwt][hostile]") {
    Setup s;
    auto c = s.claims();
    c["aud"] = "mcp-server";
    CHECK(s.verifier->verify(s.rs256(c)).ok());
    c["aud"] = {"account", "openshift"};
    requireInvalid(s.verifier->verify(s.rs256(c)), "audience");
    c.erase("aud");
    requireInvalid(s.verifier->verify(s.rs256(c)), "audience");
    c["aud"] = 42;
    requireInvalid(s.verifier->verify(s.rs256(c)), "aud");

    Setup unchecked([](JwtVerifierOptions& o) { o.audiences.clear(); });
    auto c2 = unchecked.claims();
    c2["aud"] = "anything";
    CHECK(unchecked.verifier->verify(unchecked.rs256(c2)).ok());
}

TEST_CASE("fromConfig accepts oauth_audience and server_url", "[auth][jwt]") {
    config::OAuth oauth;
    oauth.authorizationUrl = "https://kc.example/realms/openshift";
    oauth.oauthAudience = "account";
    oauth.serverUrl = "https://mcp.example/mcp";
    oauth.oauthScopes = {"openid", "mcp-server"};
    auto o = JwtVerifierOptions::fromConfig(oauth);
    CHECK(o.issuer == oauth.authorizationUrl);
    CHECK(o.audiences == std::vector<std::string>{"account", "https://mcp.example/mcp"});
    CHECK(o.requiredScopes.empty());
    CHECK_FALSE(o.skipSignature);

    Setup s([](JwtVerifierOptions& v) { v.audiences = {"account", "https://mcp.example/mcp"}; });
    auto c = s.claims();
    c["aud"] = "https://mcp.example/mcp";
    CHECK(s.verifier->verify(s.rs256(c)).ok());
}

TEST_CASE("tampered payload or header fails the signature", "[auth][jwt][hostile]") {
    Setup s;
    const std::string token = s.rs256(s.claims());
    auto evil = s.claims();
    evil["preferred_username"] = "cluster-admin";
    requireInvalid(s.verifier->verify(replacePayload(token, evil)), "signature");

    // same payload, header switched to another real key id of the same type
    s.idp.setKeys(
        {test::publicJwk(test::rsaKey(0).get(), "rsa-1"), test::publicJwk(test::rsaKey(1).get(), "rsa-2")});
    const size_t dot = token.find('.');
    const std::string swapped = base64UrlEncode(R"({"alg":"RS256","kid":"rsa-2"})") + token.substr(dot);
    auto r = s.verifier->verify(swapped);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Error::Code::Unauthenticated);
}

TEST_CASE("unknown kid refreshes the JWKS once, then is refused without more refreshes",
          "[auth][jwt][hostile]") {
    Setup s;
    const size_t before = s.idp.jwksFetches();
    const auto stranger = test::signToken(JwsAlg::RS256, test::rsaKey(3).get(), "who-knows", s.claims());
    requireInvalid(s.verifier->verify(stranger), "no signing key");
    CHECK(s.idp.jwksFetches() == before + 1);
    for (int i = 0; i < 5; ++i)
        requireInvalid(s.verifier->verify(test::signToken(JwsAlg::RS256, test::rsaKey(3).get(),
                                                          "kid-" + std::to_string(i), s.claims())),
                       "no signing key");
    CHECK(s.idp.jwksFetches() == before + 1);
    CHECK(s.verifier->verify(s.rs256(s.claims())).ok()); // known keys still work
}

TEST_CASE("garbage strings are invalid tokens, never crashes", "[auth][jwt][hostile]") {
    Setup s;
    const std::vector<std::string> garbage{"x",
                                           ".",
                                           "..",
                                           "...",
                                           "a.b.c",
                                           "Bearer abc",
                                           "eyJ",
                                           "eyJhbGciOiJSUzI1NiJ9..",
                                           std::string("\0\0\0", 3),
                                           "\xff\xfe.\xff.\xff",
                                           "e30.e30.",
                                           "e30.e30.e30",
                                           "W10.e30.AA",
                                           base64UrlEncode(R"({"alg":"RS256","kid":"rsa-1"})") +
                                               ".bm90IGpzb24.AA"};
    for (const auto& g : garbage) {
        INFO(g);
        auto r = s.verifier->verify(g);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == Error::Code::Unauthenticated);
    }
    requireInvalid(s.verifier->verify(""), "missing");
}

TEST_CASE("tokens over 16 KiB are refused before parsing", "[auth][jwt][hostile]") {
    Setup s;
    auto c = s.claims();
    c["padding"] = std::string(17 * 1024, 'a');
    const size_t before = s.idp.jwksFetches();
    requireInvalid(s.verifier->verify(s.rs256(c)), "too large");
    requireInvalid(s.verifier->verify(std::string(1 << 20, 'A')), "too large");
    CHECK(s.idp.jwksFetches() == before);
    c["padding"] = std::string(8 * 1024, 'a'); // big but under the bound
    CHECK(s.verifier->verify(s.rs256(c)).ok());
}

TEST_CASE("duplicate claims and odd claim types are refused", "[auth][jwt][hostile]") {
    Setup s;
    // Signed properly, but the payload names "sub" twice: which one would the cluster see?
    const std::string dupPayload = R"({"iss":")" + s.idp.issuer() +
                                   R"(","sub":"alice","sub":"admin","aud":"mcp-server","exp":)" +
                                   std::to_string(test::epochIn(300s)) + "}";
    const std::string input =
        base64UrlEncode(R"({"alg":"RS256","kid":"rsa-1"})") + "." + base64UrlEncode(dupPayload);
    auto sig = signJws(JwsAlg::RS256, test::rsaKey(0).get(), input);
    requireInvalid(s.verifier->verify(input + "." + base64UrlEncode(*sig)), "duplicate");

    const std::vector<std::pair<std::string, nlohmann::json>> odd{{"exp", "9999999999"},
                                                                  {"exp", true},
                                                                  {"exp", nullptr},
                                                                  {"nbf", "0"},
                                                                  {"iat", nlohmann::json::array()},
                                                                  {"sub", 7},
                                                                  {"sub", ""},
                                                                  {"groups", "admins"},
                                                                  {"groups", {"ok", 1}},
                                                                  {"scope", {"a"}},
                                                                  {"iss", 1}};
    for (const auto& [name, value] : odd) {
        INFO(name << " = " << value.dump());
        auto c = s.claims();
        c[name] = value;
        auto r = s.verifier->verify(s.rs256(c));
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == Error::Code::Unauthenticated);
    }
}

TEST_CASE("header oddities: crit, non-string kid, missing alg", "[auth][jwt][hostile]") {
    Setup s;
    const std::string payload = base64UrlEncode(s.claims().dump());
    for (const char* header :
         {R"({"alg":"RS256","kid":"rsa-1","crit":["exp"]})", R"({"alg":"RS256","kid":1})",
          R"({"kid":"rsa-1"})", R"({"alg":["RS256"],"kid":"rsa-1"})"}) {
        INFO(header);
        const std::string input = base64UrlEncode(header) + "." + payload;
        auto sig = signJws(JwsAlg::RS256, test::rsaKey(0).get(), input);
        auto r = s.verifier->verify(input + "." + base64UrlEncode(*sig));
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == Error::Code::Unauthenticated);
    }
}

TEST_CASE("a token without kid is checked against every key of its type", "[auth][jwt]") {
    Setup s;
    CHECK(s.verifier->verify(test::signToken(JwsAlg::RS256, test::rsaKey(0).get(), "", s.claims())).ok());
    auto r = s.verifier->verify(test::signToken(JwsAlg::RS256, test::rsaKey(3).get(), "", s.claims()));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Error::Code::Unauthenticated);
}

TEST_CASE("required scopes give insufficient_scope when missing", "[auth][jwt]") {
    Setup s([](JwtVerifierOptions& o) { o.requiredScopes = {"mcp-server", "mcp:admin"}; });
    auto r = s.verifier->verify(s.rs256(s.claims()));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Error::Code::Denied);
    CHECK_THAT(r.error().message, Catch::Contains("mcp:admin"));
    auto c = s.claims();
    c["scope"] = "mcp:admin mcp-server";
    CHECK(s.verifier->verify(s.rs256(c)).ok());
}

TEST_CASE("skip_jwt_verification parses claims but still checks expiry and audience", "[auth][jwt]") {
    JwtVerifierOptions o;
    o.issuer = "https://unreachable.invalid/realms/x";
    o.audiences = {"mcp-server"};
    o.skipSignature = true;
    JwtVerifier v(o, nullptr);
    auto c = test::claimsFor("https://somewhere-else/realms/x");
    // signed by a key nobody knows: accepted in this mode
    auto id = v.verify(test::signToken(JwsAlg::RS256, test::rsaKey(3).get(), "k", c));
    REQUIRE(id.ok());
    CHECK(id->username == "testdeveloper");
    c["exp"] = test::epochIn(-3600s);
    CHECK_FALSE(v.verify(test::signToken(JwsAlg::RS256, test::rsaKey(3).get(), "k", c)).ok());
    c = test::claimsFor("x");
    c["aud"] = "other";
    CHECK_FALSE(v.verify(test::signToken(JwsAlg::RS256, test::rsaKey(3).get(), "k", c)).ok());
    // unsigned tokens are still refused
    const std::string none =
        base64UrlEncode(R"({"alg":"none"})") + "." + base64UrlEncode(test::claimsFor("x").dump()) + ".";
    CHECK_FALSE(v.verify(none).ok());
}
