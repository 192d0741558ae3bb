#include "StsTestSupport.hpp"
#include "TestKeys.hpp"

#include "auth/Base64Url.hpp"
#include "obs/Log.hpp"
#include "sts/TokenExchanger.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <fstream>
#include <iterator>
#include <thread>

using namespace kmcp;
using namespace kmcp::sts;
using namespace std::chrono_literals;

namespace {

constexpr const char* kExchangeGrant = "urn:ietf:params:oauth:grant-type:token-exchange";
constexpr const char* kAccessTokenType = "urn:ietf:params:oauth:token-type:access_token";

config::TokenExchange seedConfig() {
    config::TokenExchange c;
    c.strategy = "rfc8693";
    c.audience = "openshift";
    c.scopes = {"mcp:openshift"};
    c.authMethod = "client_secret_post";
    c.clientId = "mcp-server";
    c.clientSecret = "s3cr3t-mcp-server-secret";
    return c;
}

auth::Identity caller(const std::string& token = "subject.token.of-alice") {
    auth::Identity id;
    id.subject = "alice-id";
    id.username = "alice";
    id.token = token;
    return id;
}

struct Setup {
    test::FakeIdp idp;
    std::shared_ptr<auth::OidcProvider> provider;
    std::atomic<int> issued{0};

    Setup() {
        idp.setKeys({test::publicJwk(test::rsaKey(0).get(), "k1")});
        idp.setTokenHandler([this](const test::RecordedRequest&) {
            return test::tokenResponse("exchanged-" + std::to_string(++issued));
        });
        auth::OidcProviderOptions o;
        o.issuer = idp.issuer();
        provider = std::make_shared<auth::OidcProvider>(o);
    }

    TokenExchanger exchanger(config::TokenExchange c = seedConfig(), TokenExchangerOptions o = {}) {
        return TokenExchanger(std::move(c), provider, "", o);
    }

    std::multimap<std::string, std::string> lastForm() {
        auto reqs = idp.server().requests();
        for (auto it = reqs.rbegin(); it != reqs.rend(); ++it)
            if (it->path == test::FakeIdp::kTokenPath) return test::parseForm(it->body);
        FAIL("no token request");
        return {};
    }
    test::RecordedRequest lastRequest() {
        auto reqs = idp.server().requests();
        for (auto it = reqs.rbegin(); it != reqs.rend(); ++it)
            if (it->path == test::FakeIdp::kTokenPath) return *it;
        FAIL("no token request");
        return {};
    }
};

} // namespace

TEST_CASE("rfc8693 with client_secret_post sends the seed guide's request", "[sts]") {
    Setup s;
    auto cfg = seedConfig();
    cfg.scopes = {"mcp:openshift", "profile"};
    auto ex = s.exchanger(cfg);
    auto t = ex.exchange(caller());
    REQUIRE(t.ok());
    CHECK(t->accessToken == "exchanged-1");
    CHECK(t->tokenType == "Bearer");
    CHECK(t->issuedTokenType == kAccessTokenType);
    CHECK(t->expiry > std::chrono::system_clock::now() + 290s);
    CHECK(t->expiry < std::chrono::system_clock::now() + 301s);

    const auto req = s.lastRequest();
    CHECK(req.method == "POST");
    CHECK(req.headers.at("content-type") == "application/x-www-form-urlencoded");
    CHECK(req.headers.count("authorization") == 0);
    const auto form = test::parseForm(req.body);
    CHECK(form.size() == 8);
    CHECK(test::field(form, "grant_type") == kExchangeGrant);
    CHECK(test::field(form, "subject_token") == "subject.token.of-alice");
    CHECK(test::field(form, "subject_token_type") == kAccessTokenType);
    CHECK(test::field(form, "audience") == "openshift");
    CHECK(test::field(form, "scope") == "mcp:openshift profile");
    CHECK(test::field(form, "requested_token_type") == kAccessTokenType);
    CHECK(test::field(form, "client_id") == "mcp-server");
    CHECK(test::field(form, "client_secret") == "s3cr3t-mcp-server-secret");
}

TEST_CASE("keycloak-v1 omits requested_token_type; empty scopes omit scope", "[sts]") {
    Setup s;
    auto cfg = seedConfig();
    cfg.strategy = "keycloak-v1";
    cfg.scopes.clear();
    auto ex = s.exchanger(cfg);
    REQUIRE(ex.exchange(caller()).ok());
    const auto form = s.lastForm();
    CHECK(form.count("requested_token_type") == 0);
    CHECK(form.count("scope") == 0);
    CHECK(test::field(form, "grant_type") == kExchangeGrant);
    CHECK(test::field(form, "audience") == "openshift");
}

TEST_CASE("client_secret_basic form-encodes id and secret into HTTP Basic", "[sts]") {
    Setup s;
    auto cfg = seedConfig();
    cfg.authMethod = "client_secret_basic";
    cfg.clientId = "my:client";
    cfg.clientSecret = "s\xc3\xa9"
                       "cret with space&=";
    auto ex = s.exchanger(cfg);
    REQUIRE(ex.exchange(caller()).ok());
    const auto req = s.lastRequest();
    CHECK(req.headers.at("authorization") ==
          "Basic " + auth::base64Encode("my%3Aclient:s%C3%A9cret+with+space%26%3D"));
    const auto form = test::parseForm(req.body);
    CHECK(form.count("client_id") == 0);
    CHECK(form.count("client_secret") == 0);
}

TEST_CASE("audience override is sent and cached separately", "[sts]") {
    Setup s;
    auto ex = s.exchanger();
    REQUIRE(ex.exchange(caller(), "cluster-b").ok());
    CHECK(test::field(s.lastForm(), "audience") == "cluster-b");
    REQUIRE(ex.exchange(caller()).ok());
    CHECK(test::field(s.lastForm(), "audience") == "openshift");
    REQUIRE(ex.exchange(caller(), "cluster-b").ok());
    CHECK(s.idp.tokenRequests() == 2);
}

TEST_CASE("ten calls by one user make one exchange; another user makes their own", "[sts][cache]") {
    Setup s;
    auto ex = s.exchanger();
    for (int i = 0; i < 10; ++i) {
        auto t = ex.exchange(caller());
        REQUIRE(t.ok());
        CHECK(t->accessToken == "exchanged-1");
    }
    CHECK(s.idp.tokenRequests() == 1);
    auto other = ex.exchange(caller("subject.token.of-bob"));
    REQUIRE(other.ok());
    CHECK(other->accessToken == "exchanged-2");
    CHECK(s.idp.tokenRequests() == 2);
    CHECK(ex.cachedTokens() == 2);
}

TEST_CASE("eight concurrent callers share one exchange", "[sts][cache]") {
    Setup s;
    s.idp.setTokenHandler([&](const test::RecordedRequest&) {
        auto r = test::tokenResponse("exchanged-" + std::to_string(++s.issued));
        r.delay = 300ms; // keep the exchange in flight while the others arrive
        return r;
    });
    auto ex = s.exchanger();
    std::vector<std::string> got(8);
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i)
        threads.emplace_back([&, i] {
            auto t = ex.exchange(caller());
            got[i] = t.ok() ? t->accessToken : t.error().message;
        });
    for (auto& t : threads)
        t.join();
    CHECK(s.idp.tokenRequests() == 1);
    for (const auto& g : got)
        CHECK(g == "exchanged-1");
}

TEST_CASE("cached tokens are refreshed shortly before they expire", "[sts][cache]") {
    Setup s;
    auto fakeNow = std::make_shared<std::chrono::system_clock::time_point>(std::chrono::system_clock::now());
    TokenExchangerOptions o;
    o.cache.now = [fakeNow] { return *fakeNow; };
    auto ex = s.exchanger(seedConfig(), o);
    REQUIRE(ex.exchange(caller())->accessToken == "exchanged-1"); // expires_in 300
    *fakeNow += 200s;
    CHECK(ex.exchange(caller())->accessToken == "exchanged-1");
    *fakeNow += 75s; // 25 s before expiry: inside the 30 s margin
    CHECK(ex.exchange(caller())->accessToken == "exchanged-2");
    CHECK(s.idp.tokenRequests() == 2);
}

TEST_CASE("lifetime comes from the token's exp claim when expires_in is missing", "[sts][cache]") {
    Setup s;
    const auto jwt = test::signToken(auth::JwsAlg::RS256, test::rsaKey(0).get(), "k1",
                                     {{"exp", test::epochIn(600s)}, {"sub", "alice"}});
    s.idp.setTokenHandler([&](const test::RecordedRequest&) {
        ++s.issued;
        return test::FakeResponse{200,
                                  nlohmann::json{{"access_token", jwt}, {"token_type", "Bearer"}}.dump()};
    });
    auto ex = s.exchanger();
    auto t = ex.exchange(caller());
    REQUIRE(t.ok());
    CHECK(t->expiry > std::chrono::system_clock::now() + 590s);
    REQUIRE(ex.exchange(caller()).ok());
    CHECK(s.idp.tokenRequests() == 1);

    // opaque token, no expires_in: used once, not cached
    s.idp.setTokenHandler([&](const test::RecordedRequest&) {
        return test::FakeResponse{200, R"({"access_token":"opaque","token_type":"Bearer"})"};
    });
    REQUIRE(ex.exchange(caller("another.subject.token")).ok());
    REQUIRE(ex.exchange(caller("another.subject.token")).ok());
    CHECK(s.idp.tokenRequests() == 3);
}

TEST_CASE("expires_in sent as a string is understood", "[sts]") {
    Setup s;
    s.idp.setTokenHandler([](const test::RecordedRequest&) {
        return test::FakeResponse{200, R"({"access_token":"a","token_type":"Bearer","expires_in":"3599"})"};
    });
    auto ex = s.exchanger();
    auto t = ex.exchange(caller());
    REQUIRE(t.ok());
    CHECK(t->expiry > std::chrono::system_clock::now() + 3500s);
}

TEST_CASE("IdP errors become clear errors and are not cached", "[sts][errors]") {
    Setup s;
    struct Case {
        int status;
        std::string body;
        Error::Code code;
        std::string message;
    };
    const std::vector<Case> cases{
        {400, R"({"error":"invalid_grant","error_description":"Invalid token"})",
         Error::Code::Unauthenticated, "token exchange failed: invalid_grant: Invalid token"},
        {401,
         R"({"error":"invalid_client","error_description":"Invalid client or Invalid client credentials"})",
         Error::Code::Denied,
         "token exchange failed: invalid_client: Invalid client or Invalid client credentials"},
        {403, R"({"error":"access_denied"})", Error::Code::Denied, "token exchange failed: access_denied"},
        {403, "<html>Forbidden</html>", Error::Code::Denied,
         "token exchange failed: identity provider answered HTTP 403"},
        {503, "upstream down", Error::Code::Unavailable,
         "token exchange failed: identity provider answered HTTP 503"},
        {500, R"({"error":"server_error"})", Error::Code::Unavailable,
         "token exchange failed: identity provider answered HTTP 500: server_error"},
        {200, "not json", Error::Code::Unavailable,
         "token exchange failed: the identity provider's answer is not JSON"},
        {200, R"({"token_type":"Bearer"})", Error::Code::Unavailable,
         "token exchange failed: the identity provider's answer has no access_token"},
    };
    auto ex = s.exchanger();
    size_t posts = 0;
    for (const auto& c : cases) {
        INFO(c.body);
        s.idp.setTokenHandler([&](const test::RecordedRequest&) {
            return test::FakeResponse{c.status, c.body};
        });
        for (int attempt = 0; attempt < 2; ++attempt) {
            auto r = ex.exchange(caller());
            REQUIRE_FALSE(r.ok());
            CHECK(r.error().code == c.code);
            CHECK(r.error().message == c.message);
        }
        posts += 2;
        CHECK(s.idp.tokenRequests() == posts);
    }
    CHECK(ex.cachedTokens() == 0);
}

TEST_CASE("tokens and secrets never appear in error messages or logs", "[sts][errors]") {
    Setup s;
    const std::string subject = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";
    s.idp.setTokenHandler([&](const test::RecordedRequest& r) {
        const auto form = test::parseForm(r.body);
        nlohmann::json j{{"error", "invalid_grant"},
                         {"error_description", "bad token " + form.find("subject_token")->second +
                                                   " for client secret " +
                                                   form.find("client_secret")->second}};
        return test::FakeResponse{400, j.dump()};
    });
    auto ex = s.exchanger();
    const std::string logFile = test::writeTempFile("sts-log.txt", "");
    const int level = obs::logLevel();
    obs::setLogLevel(9);
    REQUIRE(obs::setLogFile(logFile));
    auto r = ex.exchange(caller(subject));
    s.idp.setTokenHandler(
        [](const test::RecordedRequest&) { return test::tokenResponse("exchanged-secret-token"); });
    REQUIRE(ex.exchange(caller(subject + "2")).ok());
    obs::setLogFile("");
    obs::setLogLevel(level);
    std::ifstream in(logFile);
    const std::string log((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK_THAT(log, Catch::Contains("token exchange"));
    CHECK(log.find(subject) == std::string::npos);
    CHECK(log.find("s3cr3t-mcp-server-secret") == std::string::npos);
    CHECK(log.find("exchanged-secret-token") == std::string::npos);

    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find(subject) == std::string::npos);
    CHECK(r.error().message.find("s3cr3t-mcp-server-secret") == std::string::npos);
    CHECK_THAT(r.error().message, Catch::Contains("[redacted]"));
}

TEST_CASE("a slow IdP times out as Unavailable; a dead one too", "[sts][errors]") {
    Setup s;
    s.idp.setTokenHandler([](const test::RecordedRequest&) {
        auto r = test::tokenResponse("late");
        r.delay = 1500ms;
        return r;
    });
    TokenExchangerOptions o;
    o.httpTimeout = 200ms;
    auto ex = s.exchanger(seedConfig(), o);
    auto r = ex.exchange(caller());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Error::Code::Unavailable);
    CHECK_THAT(r.error().message, Catch::Contains("timed out"));

    auto cfg = seedConfig();
    cfg.tokenEndpoint = s.idp.tokenEndpoint();
    s.idp.server().stop();
    TokenExchanger dead(cfg, nullptr, "");
    auto d = dead.exchange(caller());
    REQUIRE_FALSE(d.ok());
    CHECK(d.error().code == Error::Code::Unavailable);
    CHECK_THAT(d.error().message, Catch::StartsWith("token exchange failed: "));
}

TEST_CASE("an explicit token endpoint needs no discovery", "[sts]") {
    Setup s;
    auto cfg = seedConfig();
    cfg.tokenEndpoint = s.idp.tokenEndpoint();
    TokenExchanger ex(cfg, nullptr, "");
    REQUIRE(ex.exchange(caller()).ok());
    CHECK(s.idp.tokenRequests() == 1);
}

TEST_CASE("misconfiguration fails without contacting the IdP", "[sts][errors]") {
    Setup s;
    for (auto tweak : std::vector<std::function<void(config::TokenExchange&)>>{
             [](auto& c) { c.authMethod = "telepathy"; }, [](auto& c) { c.clientSecret.clear(); },
             [](auto& c) { c.clientId.clear(); }, [](auto& c) { c.strategy = "rfc9999"; },
             [](auto& c) { c.authMethod = "private_key_jwt"; },
             [](auto& c) {
                 c.authMethod = "jwt_file";
                 c.tokenFile = "/nonexistent/token";
             }}) {
        auto cfg = seedConfig();
        tweak(cfg);
        auto ex = s.exchanger(cfg);
        auto r = ex.exchange(caller());
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == Error::Code::InvalidArgument);
        CHECK(r.error().message.find("s3cr3t") == std::string::npos);
    }
    CHECK(s.idp.tokenRequests() == 0);
    auto ex = s.exchanger();
    auto anon = ex.exchange(auth::Identity{});
    REQUIRE_FALSE(anon.ok());
    CHECK(anon.error().code == Error::Code::Unauthenticated);
}

TEST_CASE("entra-obo sends a jwt-bearer on-behalf-of request", "[sts]") {
    Setup s;
    auto cfg = seedConfig();
    cfg.strategy = "entra-obo";
    cfg.audience = "api://aks-server";
    cfg.scopes.clear();
    auto ex = s.exchanger(cfg);
    REQUIRE(ex.exchange(caller()).ok());
    auto form = s.lastForm();
    CHECK(test::field(form, "grant_type") == "urn:ietf:params:oauth:grant-type:jwt-bearer");
    CHECK(test::field(form, "assertion") == "subject.token.of-alice");
    CHECK(test::field(form, "requested_token_use") == "on_behalf_of");
    CHECK(test::field(form, "scope") == "api://aks-server/.default");
    CHECK(form.count("subject_token") == 0);
    CHECK(form.count("audience") == 0);

    cfg.scopes = {"6dae42f8-4368-4678-94ff-3960e28e3630/.default"};
    auto ex2 = s.exchanger(cfg);
    REQUIRE(ex2.exchange(caller()).ok());
    CHECK(test::field(s.lastForm(), "scope") == "6dae42f8-4368-4678-94ff-3960e28e3630/.default");
}
