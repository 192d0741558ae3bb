#include "HttpTestSupport.hpp"

#include <Poco/Net/NetException.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include <catch2/catch.hpp>

using namespace kmcp;
using namespace kmcp::http;
using namespace kmcp::http::test;

TEST_CASE("a foreign Origin is 403; a loopback Origin gets CORS headers", "[http][security]") {
    TestServer ts;
    Headers evil = mcpHeaders();
    evil.emplace_back("Origin", "http://evil.example.com");
    auto refused = request(ts.port(), "POST", "/mcp", evil, rpcRequest(1, "initialize").dump());
    CHECK(refused.status == 403);
    CHECK(ts.handler->handled().empty());

    Headers local = mcpHeaders();
    local.emplace_back("Origin", "http://localhost:6274");
    auto ok = request(ts.port(), "POST", "/mcp", local, rpcRequest(1, "initialize").dump());
    REQUIRE(ok.status == 200);
    CHECK(ok.header("Access-Control-Allow-Origin") == "http://localhost:6274");
    CHECK(ok.header("Access-Control-Expose-Headers").find("Mcp-Session-Id") != std::string::npos);

    Headers opaque = mcpHeaders();
    opaque.emplace_back("Origin", "null");
    CHECK(request(ts.port(), "POST", "/mcp", opaque, rpcRequest(1, "initialize").dump()).status == 403);
}

TEST_CASE("bound to loopback, a non-loopback Host is 403 (DNS rebinding)", "[http][security]") {
    TestServer ts;
    // What the conformance suite's dns-rebinding-protection scenario sends.
    Headers rebound = mcpHeaders();
    rebound.emplace_back("Host", "evil.example.com");
    rebound.emplace_back("Origin", "http://evil.example.com");
    CHECK(request(ts.port(), "POST", "/mcp", rebound, rpcRequest(1, "initialize").dump()).status == 403);

    const std::string self = "127.0.0.1:" + std::to_string(ts.port());
    Headers valid = mcpHeaders();
    valid.emplace_back("Host", self);
    valid.emplace_back("Origin", "http://" + self);
    auto r = request(ts.port(), "POST", "/mcp", valid, rpcRequest(1, "initialize").dump());
    REQUIRE(r.status == 200);
    Headers initialized = mcpHeaders(r.header("Mcp-Session-Id"));
    initialized.emplace_back("Host", self);
    initialized.emplace_back("Origin", "http://" + self);
    CHECK(request(ts.port(), "POST", "/mcp", initialized,
                  json{{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}}.dump())
              .status == 202);

    Headers named = mcpHeaders();
    named.emplace_back("Host", "localhost:" + std::to_string(ts.port()));
    CHECK(request(ts.port(), "POST", "/mcp", named, rpcRequest(1, "initialize").dump()).status == 200);
}

TEST_CASE("the configured server_url host passes the Origin and Host checks", "[http][security]") {
    auto options = testOptions();
    options.serverUrl = "https://mcp.example.org/mcp";
    TestServer ts(options);
    Headers h = mcpHeaders();
    h.emplace_back("Host", "mcp.example.org");
    h.emplace_back("Origin", "https://mcp.example.org");
    CHECK(request(ts.port(), "POST", "/mcp", h, rpcRequest(1, "initialize").dump()).status == 200);
}

TEST_CASE("CORS preflight allows the MCP headers", "[http][security][cors]") {
    TestServer ts;
    auto r = request(ts.port(), "OPTIONS", "/mcp",
                     {{"Origin", "http://localhost:5173"},
                      {"Access-Control-Request-Method", "POST"},
                      {"Access-Control-Request-Headers", "content-type, mcp-session-id"}});
    CHECK(r.status == 204);
    CHECK(r.header("Access-Control-Allow-Origin") == "http://localhost:5173");
    const std::string allowed = r.header("Access-Control-Allow-Headers");
    for (const char* h :
         {"Mcp-Session-Id", "MCP-Protocol-Version", "Authorization", "Content-Type", "Last-Event-ID"})
        CHECK(allowed.find(h) != std::string::npos);
    CHECK(r.header("Access-Control-Allow-Methods").find("DELETE") != std::string::npos);

    auto foreign =
        request(ts.port(), "OPTIONS", "/mcp",
                {{"Origin", "https://evil.example.com"}, {"Access-Control-Request-Method", "POST"}});
    CHECK(foreign.status == 403);
    CHECK(foreign.header("Access-Control-Allow-Origin").empty());
}

TEST_CASE("unknown paths are 404", "[http]") {
    TestServer ts;
    CHECK(request(ts.port(), "GET", "/nope").status == 404);
    CHECK(request(ts.port(), "POST", "/mcp/extra", mcpHeaders(), "{}").status == 404);
}

TEST_CASE("per-client rate limit answers 429 with Retry-After", "[http][security][ratelimit]") {
    auto options = testOptions();
    options.limits.rateLimitRps = 0.1;
    options.limits.rateLimitBurst = 2;
    TestServer ts(options);
    CHECK(request(ts.port(), "GET", "/stats").status == 200);
    CHECK(request(ts.port(), "GET", "/stats").status == 200);
    auto limited = request(ts.port(), "GET", "/stats");
    CHECK(limited.status == 429);
    CHECK(std::stoi(limited.header("Retry-After")) >= 1);
    CHECK(request(ts.port(), "GET", "/healthz").status == 200); // probes are never limited
}

TEST_CASE("a client stalling inside its request header is disconnected", "[http][security][timeout]") {
    auto options = testOptions();
    options.limits.readHeaderTimeout = std::chrono::milliseconds(300);
    TestServer ts(options);
    Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", ts.port()));
    const std::string partial = "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: appl";
    socket.sendBytes(partial.data(), static_cast<int>(partial.size()));
    // Far longer than the header timeout: if the server kept waiting, receiveBytes would throw
    // TimeoutException here instead of seeing the connection end.
    socket.setReceiveTimeout(Poco::Timespan(20, 0));
    bool disconnected = false;
    try {
        char buf[256];
        int n = socket.receiveBytes(buf, sizeof buf);
        // Poco may answer 400 before closing; either way the connection must then end.
        for (int i = 0; n > 0 && i < 100; ++i)
            n = socket.receiveBytes(buf, sizeof buf);
        disconnected = n == 0;
    } catch (const Poco::TimeoutException&) {
        disconnected = false;
    } catch (const Poco::Net::NetException&) {
        disconnected = true; // reset by peer
    }
    CHECK(disconnected);
}

TEST_CASE("require_tls refuses plain HTTP on a non-loopback address, allows loopback",
          "[http][security][tls]") {
    auto options = testOptions();
    options.requireTls = true;
    TestServer loopback(options);
    CHECK(loopback.server.running());

    options.bindAddress = "0.0.0.0";
    obs::Metrics metrics;
    HttpServer server(options, std::make_shared<FakeHandler>(), metrics);
    auto st = server.start();
    REQUIRE_FALSE(st.ok());
    CHECK(st.error().message.find("require_tls") != std::string::npos);

    options.tlsCert = "/nonexistent/cert.pem";
    HttpServer halfTls(options, std::make_shared<FakeHandler>(), metrics);
    CHECK_FALSE(halfTls.start().ok());
}

TEST_CASE("an HTTP/1.0 request without Host is served", "[http][security]") {
    TestServer ts;
    Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", ts.port()));
    socket.setReceiveTimeout(Poco::Timespan(5, 0));
    const std::string req = "GET /healthz HTTP/1.0\r\n\r\n";
    socket.sendBytes(req.data(), static_cast<int>(req.size()));
    std::string answer;
    char buf[512];
    for (int i = 0; i < 100; ++i) {
        const int n = socket.receiveBytes(buf, sizeof buf);
        if (n <= 0) break;
        answer.append(buf, static_cast<size_t>(n));
    }
    CHECK(answer.find(" 200 ") != std::string::npos);
    CHECK(answer.find("\"ok\"") != std::string::npos);
}
