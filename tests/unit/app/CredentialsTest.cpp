#include "app/Credentials.hpp"

#include "FakeIdp.hpp"
#include "StsTestSupport.hpp"
#include "TestKeys.hpp"

#include <catch2/catch.hpp>

#include <atomic>

using namespace kmcp;

namespace {

Caller alice(const std::string& token = "alice-original-token") {
    Caller c;
    c.subject = "alice-sub";
    c.username = "alice";
    c.groups = {"dev-team"};
    c.token = token;
    c.expiry = std::chrono::system_clock::now() + std::chrono::minutes(5);
    return c;
}

config::Config exchangeConfig(const std::string& issuer) {
    config::Config c;
    c.oauth.requireOAuth = true;
    c.oauth.authorizationUrl = issuer;
    c.tokenExchange.strategy = "rfc8693";
    c.tokenExchange.audience = "openshift";
    c.tokenExchange.scopes = {"mcp:openshift"};
    c.tokenExchange.clientId = "mcp-server";
    c.tokenExchange.clientSecret = "s3cret";
    return c;
}

} // namespace

TEST_CASE("without OAuth the kubeconfig's identity is used", "[app][credentials]") {
    config::Config c;
    auto resolver = app::makeCredentialResolver(c, app::ClusterTokenSource{});
    REQUIRE(resolver);
    auto creds = resolver.value()("ctx", alice());
    REQUIRE(creds);
    CHECK(creds->kind == kube::Credentials::kubeconfig().kind);
    CHECK(creds->token.empty());
}

TEST_CASE("passthrough sends the caller's own token and refuses a missing one", "[app][credentials]") {
    config::Config c;
    c.clusterAuthMode = config::ClusterAuthMode::Passthrough;
    auto resolver = app::makeCredentialResolver(c, app::ClusterTokenSource{});
    REQUIRE(resolver);
    auto creds = resolver.value()("ctx", alice());
    REQUIRE(creds);
    CHECK(creds->kind == kube::Credentials::Kind::Bearer);
    CHECK(creds->token == "alice-original-token");
    auto none = resolver.value()("ctx", Caller{});
    REQUIRE_FALSE(none);
    CHECK(none.error().code == Error::Code::Unauthenticated);
}

TEST_CASE("token exchange: the exchanged token is used, never the caller's", "[app][credentials]") {
    config::Config c = exchangeConfig("http://127.0.0.1:1/unused");
    std::vector<std::string> seen;
    auto resolver = app::makeCredentialResolver(
        c, [&](const std::string& ctx, const Caller& caller) -> Result<std::string> {
            seen.push_back(ctx + "|" + caller.token);
            return std::string("exchanged-for-" + caller.username);
        });
    REQUIRE(resolver);
    auto creds = resolver.value()("cluster-b", alice());
    REQUIRE(creds);
    CHECK(creds->kind == kube::Credentials::Kind::Bearer);
    CHECK(creds->token == "exchanged-for-alice");
    CHECK(seen == std::vector<std::string>{"cluster-b|alice-original-token"});
}

TEST_CASE("token exchange failures are errors, never the kubeconfig", "[app][credentials]") {
    config::Config c = exchangeConfig("http://127.0.0.1:1/unused");
    auto resolver =
        app::makeCredentialResolver(c, [](const std::string&, const Caller&) -> Result<std::string> {
            return makeError(Error::Code::Denied, "token exchange failed: unauthorized_client: not allowed");
        });
    REQUIRE(resolver);
    auto creds = resolver.value()("ctx", alice());
    REQUIRE_FALSE(creds);
    CHECK(creds.error().code == Error::Code::Denied);
    CHECK(creds.error().message.find("alice") != std::string::npos);
    CHECK(creds.error().message.find("unauthorized_client: not allowed") != std::string::npos);
    CHECK(creds.error().message.find("alice-original-token") == std::string::npos);

    auto anonymous = resolver.value()("ctx", Caller{});
    REQUIRE_FALSE(anonymous);
    CHECK(anonymous.error().code == Error::Code::Unauthenticated);
}

TEST_CASE("token exchange through the IdP: one exchange per caller, errors pass through",
          "[app][credentials]") {
    test::FakeIdp idp;
    idp.setKeys({test::publicJwk(test::rsaKey(0).get(), "k1")});
    std::atomic<int> issued{0};
    std::atomic<bool> refuse{false};
    idp.setTokenHandler([&](const test::RecordedRequest&) {
        if (refuse.load())
            return test::FakeResponse{400,
                                      R"({"error":"invalid_grant","error_description":"token expired"})"};
        return test::tokenResponse("cluster-token-" + std::to_string(++issued));
    });
    auto resolver = app::makeCredentialResolver(exchangeConfig(idp.issuer()));
    REQUIRE(resolver);
    for (int i = 0; i < 3; ++i) {
        auto creds = resolver.value()("ctx", alice());
        REQUIRE(creds);
        CHECK(creds->token == "cluster-token-1");
    }
    CHECK(idp.tokenRequests() == 1);
    auto form = test::parseForm(idp.server().requests().back().body);
    CHECK(test::field(form, "subject_token") == "alice-original-token");
    CHECK(test::field(form, "audience") == "openshift");

    refuse.store(true);
    auto failed = resolver.value()("ctx", alice("another-token"));
    REQUIRE_FALSE(failed);
    CHECK(failed.error().code == Error::Code::Unauthenticated);
    CHECK(failed.error().message.find("invalid_grant") != std::string::npos);
}

TEST_CASE("explicit cluster_auth_mode=kubeconfig wins over a configured exchange", "[app][credentials]") {
    config::Config c = exchangeConfig("http://127.0.0.1:1/unused");
    c.clusterAuthMode = config::ClusterAuthMode::Kubeconfig;
    bool called = false;
    auto resolver =
        app::makeCredentialResolver(c, [&](const std::string&, const Caller&) -> Result<std::string> {
            called = true;
            return std::string("x");
        });
    REQUIRE(resolver);
    auto creds = resolver.value()("ctx", alice());
    REQUIRE(creds);
    CHECK(creds->kind == kube::Credentials::kubeconfig().kind);
    CHECK_FALSE(called);
}
