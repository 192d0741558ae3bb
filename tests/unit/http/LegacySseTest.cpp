#include "HttpTestSupport.hpp"

#include <catch2/catch.hpp>

#include <memory>
#include <vector>

using namespace kmcp;
using namespace kmcp::http;
using namespace kmcp::http::test;

TEST_CASE("legacy /sse announces the endpoint and /message answers on the stream", "[http][legacy][sse]") {
    TestServer ts;
    SseClient sse(ts.port(), "GET", "/sse", {{"Accept", "text/event-stream"}});
    REQUIRE(sse.status() == 200);
    auto endpoint = sse.nextEvent();
    REQUIRE(endpoint);
    CHECK(endpoint->event == "endpoint");
    REQUIRE(endpoint->data.rfind("/message?sessionId=", 0) == 0);
    const std::string post = endpoint->data;

    auto accepted = request(ts.port(), "POST", post, {{"Content-Type", "application/json"}},
                            rpcRequest(1, "initialize", {{"protocolVersion", "2024-11-05"}}).dump());
    CHECK(accepted.status == 202);
    auto init = sse.nextEvent();
    REQUIRE(init);
    CHECK(init->event == "message");
    const json initResponse = json::parse(init->data);
    CHECK(initResponse["id"] == 1);
    const std::string mcpSession = initResponse["result"]["session"];
    CHECK_FALSE(mcpSession.empty());
    CHECK(ts.handler->hasStream(mcpSession)); // notifications go out on the same stream

    CHECK(request(ts.port(), "POST", post, {{"Content-Type", "application/json"}},
                  rpcRequest(2, "tools/list").dump())
              .status == 202);
    auto list = sse.nextEvent();
    REQUIRE(list);
    CHECK(json::parse(list->data)["id"] == 2);
    CHECK(json::parse(list->data)["result"]["session"] == mcpSession);

    REQUIRE(ts.handler->notify(mcpSession, {{"jsonrpc", "2.0"}, {"method", "notifications/message"}}));
    auto note = sse.nextEvent();
    REQUIRE(note);
    CHECK(json::parse(note->data)["method"] == "notifications/message");
}

TEST_CASE("legacy /message errors", "[http][legacy]") {
    TestServer ts;
    CHECK(request(ts.port(), "POST", "/message", {{"Content-Type", "application/json"}}, "{}").status == 400);
    CHECK(
        request(ts.port(), "POST", "/message?sessionId=unknown", {{"Content-Type", "application/json"}}, "{}")
            .status == 404);

    SseClient sse(ts.port(), "GET", "/sse", {{"Accept", "text/event-stream"}});
    auto endpoint = sse.nextEvent();
    REQUIRE(endpoint);
    CHECK(
        request(ts.port(), "POST", endpoint->data, {{"Content-Type", "application/json"}}, "{oops").status ==
        400);
    CHECK(request(ts.port(), "POST", endpoint->data, {{"Content-Type", "text/plain"}}, "{}").status == 415);
    CHECK(request(ts.port(), "GET", endpoint->data).status == 405);
}

TEST_CASE("many open streams do not starve request handling", "[http][sse][capacity]") {
    // Ten times more streams than request workers: each stream has a thread of its own.
    auto options = testOptions();
    REQUIRE(options.workers == 4);
    TestServer ts(options);
    std::vector<std::unique_ptr<SseClient>> streams;
    for (int i = 0; i < 40; ++i) {
        streams.push_back(
            std::make_unique<SseClient>(ts.port(), "GET", "/sse", Headers{{"Accept", "text/event-stream"}}));
        REQUIRE(streams.back()->nextEvent());
    }
    CHECK(ts.server.openStreams() == 40);
    CHECK(request(ts.port(), "GET", "/healthz").status == 200);
    auto r = request(ts.port(), "POST", "/mcp", mcpHeaders(), rpcRequest(1, "initialize").dump());
    CHECK(r.status == 200);
}
