#include "http/JsonBody.hpp"
#include "http/MediaType.hpp"
#include "http/OriginPolicy.hpp"
#include "http/RateLimiter.hpp"
#include "http/SseOutbound.hpp"

#include <catch2/catch.hpp>

#include <sstream>
#include <thread>
#include <vector>

using namespace kmcp::http;

TEST_CASE("Accept matching honours wildcards and q=0", "[http][mediatype]") {
    CHECK(acceptsMediaType("application/json, text/event-stream", "text/event-stream"));
    CHECK(acceptsMediaType("application/json;q=0.9,text/event-stream", "application/json"));
    CHECK(acceptsMediaType("*/*", "application/json"));
    CHECK(acceptsMediaType("text/*", "text/event-stream"));
    CHECK_FALSE(acceptsMediaType("text/*", "application/json"));
    CHECK_FALSE(acceptsMediaType("application/json", "text/event-stream"));
    CHECK_FALSE(acceptsMediaType("text/event-stream;q=0, application/json", "text/event-stream"));
    CHECK_FALSE(acceptsMediaType("", "application/json"));
    CHECK(mediaTypeOf(" Application/JSON ; charset=utf-8") == "application/json");
}

TEST_CASE("Origin and Host policy", "[http][origin]") {
    CHECK(hostOfAuthority("[::1]:8080") == "::1");
    CHECK(hostOfAuthority("LocalHost:80") == "localhost");
    CHECK(hostOfUrl("https://mcp.example.org:8443/mcp") == "mcp.example.org");
    CHECK(hostOfUrl("null").empty());

    OriginPolicy loopback("127.0.0.1", "");
    CHECK(loopback.loopbackBound());
    CHECK_FALSE(loopback.check("", "127.0.0.1:9000"));
    CHECK_FALSE(loopback.check("http://[::1]:3000", "[::1]:9000"));
    CHECK(loopback.check("", "evil.example.com"));
    CHECK(loopback.check("http://evil.example.com", "localhost:9000"));

    OriginPolicy open("", "https://mcp.example.org");
    CHECK_FALSE(open.loopbackBound());
    CHECK_FALSE(open.check("", "anything.internal:8080")); // no Host rule when not on loopback
    CHECK_FALSE(open.check("https://mcp.example.org", "10.0.0.5:8080"));
    CHECK_FALSE(open.check("https://svc.ns.svc:8080", "svc.ns.svc:8080")); // same-origin
    CHECK(open.check("https://evil.example.com", "svc.ns.svc:8080"));
    CHECK(OriginPolicy("::1", "").loopbackBound());
    CHECK(OriginPolicy("localhost", "").loopbackBound());
    CHECK_FALSE(OriginPolicy("0.0.0.0", "").loopbackBound());
}

TEST_CASE("token bucket refills at the configured rate per client", "[http][ratelimit]") {
    RateLimiter limiter(2.0, 2);
    const auto t0 = RateLimiter::Clock::now();
    CHECK(limiter.acquire("a", t0) == 0);
    CHECK(limiter.acquire("a", t0) == 0);
    CHECK(limiter.acquire("a", t0) == 1);
    CHECK(limiter.acquire("b", t0) == 0); // separate bucket
    CHECK(limiter.acquire("a", t0 + std::chrono::milliseconds(600)) == 0);
    CHECK(limiter.acquire("a", t0 + std::chrono::milliseconds(600)) == 1);
    CHECK_FALSE(RateLimiter(0, 0).enabled());
    RateLimiter slow(0.25, 1);
    CHECK(slow.acquire("c", t0) == 0);
    CHECK(slow.acquire("c", t0) == 4);
}

TEST_CASE("SSE framing", "[http][sse]") {
    CHECK(formatSseEvent("", "{}") == "data: {}\n\n");
    CHECK(formatSseEvent("endpoint", "/message?sessionId=1") ==
          "event: endpoint\ndata: /message?sessionId=1\n\n");
    CHECK(formatSseEvent("message", "a\nb", "7") == "event: message\nid: 7\ndata: a\ndata: b\n\n");

    std::ostringstream out;
    SseOutbound sse(out, "message");
    REQUIRE(sse.send(json{{"text", "line1\nline2"}}));
    REQUIRE(sse.comment("ping"));
    CHECK(out.str() == "event: message\ndata: {\"text\":\"line1\\nline2\"}\n\n: ping\n\n");
    sse.close();
    CHECK_FALSE(sse.send(json::object()));
    CHECK(sse.waitClosed(std::chrono::milliseconds(0)));
}

TEST_CASE("SSE writer reports a broken stream and wakes its waiter", "[http][sse]") {
    std::ostringstream out;
    out.setstate(std::ios::badbit);
    SseOutbound sse(out);
    CHECK_FALSE(sse.send(json::object()));
    CHECK(sse.closed());
    CHECK(sse.waitClosed(std::chrono::milliseconds(0)));
}

TEST_CASE("concurrent SSE senders never interleave events", "[http][sse]") {
    std::ostringstream out;
    SseOutbound sse(out);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 200; ++i)
                sse.send(json{{"t", t}, {"i", i}, {"pad", std::string(100, 'x')}});
        });
    for (auto& th : threads)
        th.join();
    std::istringstream in(out.str());
    std::string line;
    int events = 0;
    bool expectBlank = false;
    while (std::getline(in, line)) {
        if (expectBlank) {
            REQUIRE(line.empty());
            expectBlank = false;
            continue;
        }
        REQUIRE(line.rfind("data: ", 0) == 0);
        REQUIRE_FALSE(json::parse(line.substr(6), nullptr, false).is_discarded());
        ++events;
        expectBlank = true;
    }
    CHECK(events == 800);
}

TEST_CASE("request bodies are parsed with a nesting limit", "[http][json]") {
    CHECK(parseJsonBody(R"({"jsonrpc":"2.0","id":1,"method":"x"})"));
    CHECK_FALSE(parseJsonBody("{\"a\":"));
    CHECK(parseJsonBody(std::string(100, '[') + std::string(100, ']')));
    CHECK_FALSE(parseJsonBody(std::string(100000, '[') + std::string(100000, ']')));
}
