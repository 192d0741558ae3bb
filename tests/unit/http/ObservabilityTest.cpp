#include "HttpTestSupport.hpp"

#include <Poco/Net/HTTPServerRequest.h>

#include <catch2/catch.hpp>

using namespace kmcp;
using namespace kmcp::http;
using namespace kmcp::http::test;

TEST_CASE("/healthz answers ok", "[http][obs]") {
    TestServer ts;
    auto r = request(ts.port(), "GET", "/healthz");
    REQUIRE(r.status == 200);
    CHECK(r.parsed()["status"] == "ok");
    CHECK(request(ts.port(), "POST", "/healthz", {}, "").status == 405);
}

TEST_CASE("/metrics exposes request counters and the session gauge", "[http][obs]") {
    TestServer ts;
    initializeSession(ts.port());
    request(ts.port(), "POST", "/mcp", {{"Accept", "application/json"}, {"Content-Type", "application/json"}},
            "{}");
    request(ts.port(), "GET", "/does-not-exist");

    auto r = request(ts.port(), "GET", "/metrics");
    REQUIRE(r.status == 200);
    CHECK(r.header("Content-Type").find("version=0.0.4") != std::string::npos);
    CHECK(r.body.find("kmcp_http_requests_total{method=\"POST\",route=\"/mcp\",code=\"200\"} 1") !=
          std::string::npos);
    CHECK(r.body.find("kmcp_http_requests_total{method=\"POST\",route=\"/mcp\",code=\"406\"} 1") !=
          std::string::npos);
    CHECK(r.body.find("route=\"unmatched\",code=\"404\"") != std::string::npos);
    CHECK(r.body.find("kmcp_http_request_duration_seconds_count{route=\"/mcp\"} 2") != std::string::npos);
    CHECK(r.body.find("kmcp_sessions_active 1") != std::string::npos);
}

TEST_CASE("/stats reports the same numbers as JSON with uptime", "[http][obs]") {
    TestServer ts;
    initializeSession(ts.port());
    auto r = request(ts.port(), "GET", "/stats");
    REQUIRE(r.status == 200);
    json stats = r.parsed();
    CHECK(stats["sessionsActive"] == 1);
    CHECK(stats["http"]["requestsTotal"] == 1);
    CHECK(stats["uptimeSeconds"].get<double>() >= 0);
}

TEST_CASE("the metrics port serves only /metrics, /stats and /healthz", "[http][obs]") {
    auto options = testOptions();
    options.metricsPort = 0;
    TestServer ts(options);
    REQUIRE(ts.server.metricsPort());
    const uint16_t mp = *ts.server.metricsPort();
    CHECK(mp != ts.port());
    CHECK(request(mp, "GET", "/healthz").status == 200);
    CHECK(request(mp, "GET", "/metrics").body.find("kmcp_http_requests_total") != std::string::npos);
    CHECK(request(mp, "GET", "/stats").status == 200);
    CHECK(request(mp, "POST", "/mcp", mcpHeaders(), rpcRequest(1, "initialize").dump()).status == 404);
}

TEST_CASE("extra routes registered with addRoute and addPrefixRoute", "[http][routes]") {
    obs::Metrics metrics;
    HttpServer server(testOptions(), std::make_shared<FakeHandler>(), metrics);
    server.addRoute("/.well-known/oauth-protected-resource", [](const Poco::Net::HTTPServerRequest&) {
        return Reply::json(200, {{"resource", "r"}});
    });
    server.addPrefixRoute("/.well-known/openid-configuration", [](const Poco::Net::HTTPServerRequest& req) {
        return Reply::json(200, {{"path", req.getURI()}});
    });
    REQUIRE(server.start().ok());
    auto exact = request(server.port(), "GET", "/.well-known/oauth-protected-resource");
    REQUIRE(exact.status == 200);
    CHECK(exact.parsed()["resource"] == "r");
    auto prefixed = request(server.port(), "GET", "/.well-known/openid-configuration/realms/x");
    REQUIRE(prefixed.status == 200);
    CHECK(prefixed.parsed()["path"] == "/.well-known/openid-configuration/realms/x");
    CHECK(request(server.port(), "POST", "/.well-known/oauth-protected-resource", {}, "").status == 405);
    CHECK(request(server.port(), "GET", "/.well-known/oauth-protected-resource/mcp").status == 404);
    CHECK(metrics.prometheusText().find("route=\"/.well-known/openid-configuration\"") != std::string::npos);
}

TEST_CASE("options from the merged configuration", "[http][config]") {
    config::Config cfg;
    cfg.port = "8080";
    cfg.bindAddress = "127.0.0.1";
    cfg.metricsPort = "9090";
    cfg.stateless = true;
    cfg.requireTls = true;
    cfg.http.maxBodyBytes = 4096;
    cfg.http.rateLimitRps = 5;
    cfg.http.maxWorkers = 7;
    cfg.http.maxStreams = 9;
    cfg.oauth.serverUrl = "https://mcp.example.org";
    auto o = HttpServerOptions::fromConfig(cfg);
    REQUIRE(o.ok());
    CHECK(o->port == 8080);
    CHECK(o->metricsPort == std::optional<uint16_t>(9090));
    CHECK(o->stateless);
    CHECK(o->requireTls);
    CHECK(o->limits.maxBodyBytes == 4096);
    CHECK(o->limits.rateLimitRps == 5);
    CHECK(o->workers == 7);
    CHECK(o->maxStreams == 9);
    CHECK(o->serverUrl == "https://mcp.example.org");

    cfg.metricsPort = "";
    CHECK_FALSE(HttpServerOptions::fromConfig(cfg)->metricsPort);
    cfg.port = "80a";
    CHECK_FALSE(HttpServerOptions::fromConfig(cfg).ok());
    cfg.port = "70000";
    CHECK_FALSE(HttpServerOptions::fromConfig(cfg).ok());
}
