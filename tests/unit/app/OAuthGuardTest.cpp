#include "app/OAuthGuard.hpp"

#include "FakeIdp.hpp"
#include "TestKeys.hpp"

#include <catch2/catch.hpp>

using namespace kmcp;
using kmcp::app::GuardRequest;
using kmcp::app::OAuthGuard;

namespace {

struct Setup {
    test::FakeIdp idp;
    config::Config config;

    Setup() {
        idp.setKeys({test::publicJwk(test::rsaKey(0).get(), "k1")});
        config.port = "8080";
        config.oauth.requireOAuth = true;
        config.oauth.authorizationUrl = idp.issuer();
        config.oauth.oauthAudience = "mcp-server";
    }

    std::string token(const nlohmann::json& claims) {
        return test::signToken(auth::JwsAlg::RS256, test::rsaKey(0).get(), "k1", claims);
    }
};

GuardRequest request(const std::string& authorization, const std::string& host = "127.0.0.1:8080") {
    GuardRequest r;
    r.authorization = authorization;
    r.host = host;
    return r;
}

std::string header(const http::Reply& reply, const std::string& name) {
    for (const auto& [n, v] : reply.headers)
        if (n == name) return v;
    return "";
}

} // namespace

TEST_CASE("a valid token becomes the caller", "[app][oauth]") {
    Setup s;
    OAuthGuard guard(s.config);
    const std::string t = s.token(test::claimsFor(s.idp.issuer()));
    auto outcome = guard.authenticate(request("Bearer " + t));
    REQUIRE(outcome.allowed);
    CHECK(outcome.caller.subject == "0f1e2d3c-user");
    CHECK(outcome.caller.username == "testdeveloper");
    CHECK(outcome.caller.groups == std::vector<std::string>{"openshift_developers"});
    CHECK(outcome.caller.token == t);
    CHECK(std::find(outcome.caller.scopes.begin(), outcome.caller.scopes.end(), "mcp-server") !=
          outcome.caller.scopes.end());
    CHECK(outcome.caller.expiry > std::chrono::system_clock::now());
}

TEST_CASE("a request without a token gets a challenge without an error code", "[app][oauth]") {
    Setup s;
    OAuthGuard guard(s.config);
    auto outcome = guard.authenticate(request(""));
    REQUIRE_FALSE(outcome.allowed);
    CHECK(outcome.rejection.status == 401);
    CHECK(header(outcome.rejection, "WWW-Authenticate") ==
          "Bearer realm=\"Kubernetes MCP Server\", "
          "resource_metadata=\"http://127.0.0.1:8080/.well-known/oauth-protected-resource\"");
}

TEST_CASE("an invalid token gets 401 invalid_token without echoing the token", "[app][oauth]") {
    Setup s;
    s.config.oauth.oauthScopes = {"openid", "mcp-server"};
    OAuthGuard guard(s.config);
    auto claims = test::claimsFor(s.idp.issuer());
    claims["aud"] = "someone-else";
    const std::string t = s.token(claims);
    auto outcome = guard.authenticate(request("Bearer " + t));
    REQUIRE_FALSE(outcome.allowed);
    CHECK(outcome.rejection.status == 401);
    const std::string h = header(outcome.rejection, "WWW-Authenticate");
    CHECK(h.rfind(
              "Bearer realm=\"Kubernetes MCP Server\", resource_metadata=\"http://127.0.0.1:8080/.well-known/"
              "oauth-protected-resource\", error=\"invalid_token\", error_description=\"",
              0) == 0);
    CHECK(h.find("scope=\"openid mcp-server\"") != std::string::npos);
    CHECK(nlohmann::json::parse(outcome.rejection.body)["error"] == "invalid_token");
    CHECK(h.find(t.substr(t.rfind('.') + 1)) == std::string::npos);
    CHECK(outcome.rejection.body.find(t.substr(0, t.find('.'))) == std::string::npos);
}

TEST_CASE("another scheme or a garbage token is refused with invalid_token", "[app][oauth]") {
    Setup s;
    OAuthGuard guard(s.config);
    for (const std::string auth : {"Basic YWxpY2U6cHc=", "Bearer not-a-jwt", "Bearer a.b.c"}) {
        auto outcome = guard.authenticate(request(auth));
        REQUIRE_FALSE(outcome.allowed);
        CHECK(outcome.rejection.status == 401);
        CHECK(header(outcome.rejection, "WWW-Authenticate").find("error=\"invalid_token\"") !=
              std::string::npos);
    }
}

TEST_CASE("configured resource scopes are required, identity scopes are not", "[app][oauth]") {
    Setup s;
    s.config.oauth.oauthScopes = {"openid", "profile", "mcp:k8s"};
    OAuthGuard guard(s.config);
    CHECK(guard.requiredScopes() == std::vector<std::string>{"mcp:k8s"});
    auto claims = test::claimsFor(s.idp.issuer());
    claims["scope"] = "mcp-server profile";
    auto outcome = guard.authenticate(request("Bearer " + s.token(claims)));
    REQUIRE_FALSE(outcome.allowed);
    CHECK(outcome.rejection.status == 403);
    const std::string h = header(outcome.rejection, "WWW-Authenticate");
    CHECK(h.find("error=\"insufficient_scope\"") != std::string::npos);
    CHECK(h.find("scope=\"openid profile mcp:k8s\"") != std::string::npos);

    claims["scope"] = "mcp-server mcp:k8s";
    CHECK(guard.authenticate(request("Bearer " + s.token(claims))).allowed);
}

TEST_CASE("an unreachable IdP answers 503 temporarily_unavailable", "[app][oauth]") {
    config::Config c;
    c.oauth.requireOAuth = true;
    c.oauth.authorizationUrl = "http://127.0.0.1:1/realms/gone";
    c.oauth.oauthAudience = "mcp-server";
    OAuthGuard guard(c);
    const std::string t = test::signToken(auth::JwsAlg::RS256, test::rsaKey(0).get(), "k1",
                                          test::claimsFor(c.oauth.authorizationUrl));
    auto outcome = guard.authenticate(request("Bearer " + t));
    REQUIRE_FALSE(outcome.allowed);
    CHECK(outcome.rejection.status == 503);
    CHECK(nlohmann::json::parse(outcome.rejection.body)["error"] == "temporarily_unavailable");
    CHECK_FALSE(header(outcome.rejection, "Retry-After").empty());
    CHECK(guard.authorizationServerMetadata().status == 503);
}

TEST_CASE("protected resource metadata follows RFC 9728", "[app][oauth]") {
    Setup s;
    s.config.oauth.oauthScopes = {"openid", "mcp-server"};
    SECTION("derived from Host when server_url is unset") {
        OAuthGuard guard(s.config);
        auto root =
            nlohmann::json::parse(guard.protectedResourceMetadata(request("", "localhost:9000"), false).body);
        CHECK(root["resource"] == "http://localhost:9000");
        auto mcp =
            nlohmann::json::parse(guard.protectedResourceMetadata(request("", "localhost:9000"), true).body);
        CHECK(mcp["resource"] == "http://localhost:9000/mcp");
        CHECK(mcp["authorization_servers"] == nlohmann::json::array({s.idp.issuer()}));
        CHECK(mcp["scopes_supported"] == nlohmann::json::array({"openid", "mcp-server"}));
        CHECK(mcp["bearer_methods_supported"] == nlohmann::json::array({"header"}));
    }
    SECTION("server_url wins") {
        s.config.oauth.serverUrl = "https://mcp.example.com/";
        OAuthGuard guard(s.config);
        auto doc = nlohmann::json::parse(guard.protectedResourceMetadata(request("", "evil:1"), true).body);
        CHECK(doc["resource"] == "https://mcp.example.com");
        CHECK(guard.baseUrl(request("", "evil:1")) == "https://mcp.example.com");
    }
    SECTION("X-Forwarded-* only with trust_proxy_headers") {
        GuardRequest r = request("", "10.0.0.5:8080");
        r.forwardedHost = "mcp.example.com, proxy.internal";
        r.forwardedProto = "https";
        CHECK(OAuthGuard(s.config).baseUrl(r) == "http://10.0.0.5:8080");
        s.config.oauth.trustProxyHeaders = true;
        CHECK(OAuthGuard(s.config).baseUrl(r) == "https://mcp.example.com");
    }
    SECTION("a hostile Host header never reaches the document") {
        OAuthGuard guard(s.config);
        CHECK(guard.baseUrl(request("", "a\"b/<script>")) == "http://localhost");
    }
}

TEST_CASE("authorization server metadata is the IdP's with our overrides", "[app][oauth]") {
    std::string issuer; // set once the server has its port; read only by its handler
    test::FakeHttpServer real([&](const test::RecordedRequest& r) {
        if (r.path == "/realms/r/.well-known/openid-configuration")
            return test::FakeResponse{200, nlohmann::json{{"issuer", issuer},
                                                          {"token_endpoint", issuer + "/token"},
                                                          {"jwks_uri", issuer + "/certs"},
                                                          {"registration_endpoint", issuer + "/register"},
                                                          {"scopes_supported", {"openid", "email"}}}
                                               .dump()};
        if (r.path == "/realms/r/certs")
            return test::FakeResponse{
                200, nlohmann::json{{"keys", {test::publicJwk(test::rsaKey(0).get(), "k1")}}}.dump()};
        return test::FakeResponse{404, "{}"};
    });
    issuer = real.url() + "/realms/r";
    config::Config c;
    c.oauth.requireOAuth = true;
    c.oauth.authorizationUrl = issuer;
    SECTION("served as is without overrides") {
        OAuthGuard guard(c);
        auto reply = guard.authorizationServerMetadata();
        REQUIRE(reply.status == 200);
        auto doc = nlohmann::json::parse(reply.body);
        CHECK(doc["registration_endpoint"] == issuer + "/register");
        CHECK(doc["scopes_supported"] == nlohmann::json::array({"openid", "email"}));
    }
    SECTION("scopes replaced, registration removed") {
        c.oauth.oauthScopes = {"openid", "mcp-server"};
        c.oauth.disableDynamicClientRegistration = true;
        OAuthGuard guard(c);
        auto doc = nlohmann::json::parse(guard.authorizationServerMetadata().body);
        CHECK_FALSE(doc.contains("registration_endpoint"));
        CHECK(doc["scopes_supported"] == nlohmann::json::array({"openid", "mcp-server"}));
        CHECK(doc["token_endpoint"] == issuer + "/token");
    }
}
