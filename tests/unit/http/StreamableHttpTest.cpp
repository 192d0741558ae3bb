#include "HttpTestSupport.hpp"

#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPServerRequest.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <iterator>
#include <thread>

using namespace kmcp;
using namespace kmcp::http;
using namespace kmcp::http::test;

namespace {

// Authenticates by a test header: "X-Test-User: alice" → subject alice; "deny" → 401.
AuthOutcome headerAuth(const Poco::Net::HTTPServerRequest& request) {
    const std::string user = request.get("X-Test-User", "");
    if (user == "deny") {
        Reply r = Reply::json(401, {{"error", "invalid_token"}});
        r.headers.emplace_back("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        return AuthOutcome::reject(r);
    }
    mcp::Caller caller;
    caller.subject = user;
    return AuthOutcome::allow(caller);
}

std::string toolsList() {
    return rpcRequest(2, "tools/list").dump();
}

} // namespace

TEST_CASE("initialize creates a session and answers JSON with its id", "[http][streamable]") {
    TestServer ts;
    auto r = request(ts.port(), "POST", "/mcp", mcpHeaders(),
                     rpcRequest(1, "initialize", {{"protocolVersion", "2025-11-25"}}).dump());
    REQUIRE(r.status == 200);
    CHECK(r.header("Content-Type").rfind("application/json", 0) == 0);
    const std::string sid = r.header("Mcp-Session-Id");
    REQUIRE_FALSE(sid.empty());
    CHECK(r.parsed()["result"]["session"] == sid);

    auto next = request(ts.port(), "POST", "/mcp", mcpHeaders(sid), toolsList());
    REQUIRE(next.status == 200);
    CHECK(next.parsed()["result"]["session"] == sid);
    CHECK(next.parsed()["result"]["streamed"] == false);
}

TEST_CASE("POST must accept both JSON and SSE", "[http][streamable]") {
    TestServer ts;
    auto r = request(ts.port(), "POST", "/mcp",
                     {{"Accept", "application/json"}, {"Content-Type", "application/json"}}, toolsList());
    CHECK(r.status == 406);
    auto wildcard =
        request(ts.port(), "POST", "/mcp", {{"Accept", "*/*"}, {"Content-Type", "application/json"}},
                rpcRequest(1, "initialize").dump());
    CHECK(wildcard.status == 200);
}

TEST_CASE("POST with a non-JSON content type is 415", "[http][streamable]") {
    TestServer ts;
    auto r = request(ts.port(), "POST", "/mcp",
                     {{"Accept", "application/json, text/event-stream"}, {"Content-Type", "text/plain"}},
                     toolsList());
    CHECK(r.status == 415);
    auto charset = request(ts.port(), "POST", "/mcp",
                           {{"Accept", "application/json, text/event-stream"},
                            {"Content-Type", "application/json; charset=utf-8"}},
                           rpcRequest(1, "initialize").dump());
    CHECK(charset.status == 200);
}

TEST_CASE("a body over the limit is 413, by Content-Length before reading it", "[http][limits]") {
    auto options = testOptions();
    options.limits.maxBodyBytes = 1024;
    TestServer ts(options);

    Poco::Net::HTTPClientSession session("127.0.0.1", ts.port());
    session.setTimeout(Poco::Timespan(5, 0));
    Poco::Net::HTTPRequest req("POST", "/mcp", Poco::Net::HTTPMessage::HTTP_1_1);
    req.set("Accept", "application/json, text/event-stream");
    req.setContentType("application/json");
    req.setContentLength(50 * 1024 * 1024); // announced, never sent
    session.sendRequest(req);
    Poco::Net::HTTPResponse res;
    session.receiveResponse(res);
    CHECK(res.getStatus() == 413);
    CHECK(ts.handler->handled().empty());
}

TEST_CASE("a client that keeps sending an oversized body still reads the 413", "[http][limits]") {
    // Like fetch(): the whole body is written before the answer is read. Far more than the socket
    // buffers hold, so closing with it unread would reset the connection under the writer.
    auto options = testOptions();
    options.limits.maxBodyBytes = 1024;
    TestServer ts(options);
    const std::string chunk(1024 * 1024, 'x');
    constexpr int kChunks = 32;

    Poco::Net::HTTPClientSession session("127.0.0.1", ts.port());
    session.setTimeout(Poco::Timespan(10, 0));
    Poco::Net::HTTPRequest req("POST", "/mcp", Poco::Net::HTTPMessage::HTTP_1_1);
    req.set("Accept", "application/json, text/event-stream");
    req.setContentType("application/json");
    req.setContentLength(static_cast<std::streamsize>(chunk.size()) * kChunks);
    std::ostream& body = session.sendRequest(req);
    for (int i = 0; i < kChunks && body.good(); ++i)
        body.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    body.flush();
    REQUIRE(body.good());
    Poco::Net::HTTPResponse res;
    std::istream& in = session.receiveResponse(res);
    CHECK(res.getStatus() == 413);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(text.find("exceeds the configured limit") != std::string::npos);
    CHECK(ts.handler->handled().empty());
    // The server drains the connection, without a worker, until the client closes it.
    for (int i = 0; i < 100 && ts.server.closingConnections() == 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    CHECK(ts.server.closingConnections() == 1);
    session.reset();
    for (int i = 0; i < 100 && ts.server.closingConnections() > 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    CHECK(ts.server.closingConnections() == 0);
    CHECK(ts.server.idleConnections() == 0);
}

TEST_CASE("a chunked body over the limit is 413 while counting", "[http][limits]") {
    auto options = testOptions();
    options.limits.maxBodyBytes = 1024;
    TestServer ts(options);
    const std::string big =
        "{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":{\"pad\":\"" + std::string(4000, 'a') + "\"}}";
    auto r = request(ts.port(), "POST", "/mcp", mcpHeaders(), big, true);
    CHECK(r.status == 413);
    CHECK(ts.handler->handled().empty());

    const std::string small = rpcRequest(1, "initialize").dump();
    auto ok = request(ts.port(), "POST", "/mcp", mcpHeaders(), small, true);
    CHECK(ok.status == 200);
}

TEST_CASE("unparsable JSON is 400 with a JSON-RPC parse error", "[http][streamable]") {
    TestServer ts;
    auto r = request(ts.port(), "POST", "/mcp", mcpHeaders(), "{\"jsonrpc\": ");
    REQUIRE(r.status == 400);
    CHECK(r.parsed()["error"]["code"] == -32700);
    CHECK(r.parsed()["id"].is_null());

    auto deep = request(ts.port(), "POST", "/mcp", mcpHeaders(), std::string(1 << 20, '['));
    CHECK(deep.status == 400);
    CHECK(ts.handler->handled().empty());
}

TEST_CASE("session header rules: missing 400, unknown 404, someone else's 404", "[http][session]") {
    TestServer ts(testOptions(), headerAuth);
    const std::string sid = initializeSession(ts.port(), {{"X-Test-User", "alice"}});

    auto missing = request(ts.port(), "POST", "/mcp",
                           {{"X-Test-User", "alice"}, mcpHeaders()[0], mcpHeaders()[1]}, toolsList());
    CHECK(missing.status == 400);

    Headers unknown = mcpHeaders("no-such-session");
    unknown.emplace_back("X-Test-User", "alice");
    CHECK(request(ts.port(), "POST", "/mcp", unknown, toolsList()).status == 404);

    Headers bob = mcpHeaders(sid);
    bob.emplace_back("X-Test-User", "bob");
    auto other = request(ts.port(), "POST", "/mcp", bob, toolsList());
    CHECK(other.status == 404);
    CHECK(other.body.find("alice") == std::string::npos);

    Headers alice = mcpHeaders(sid);
    alice.emplace_back("X-Test-User", "alice");
    auto own = request(ts.port(), "POST", "/mcp", alice, toolsList());
    REQUIRE(own.status == 200);
    CHECK(own.parsed()["result"]["subject"] == "alice");
}

TEST_CASE("the authenticator's rejection is sent verbatim", "[http][auth]") {
    TestServer ts(testOptions(), headerAuth);
    Headers h = mcpHeaders();
    h.emplace_back("X-Test-User", "deny");
    h.emplace_back("Origin", "http://localhost:6274");
    auto r = request(ts.port(), "POST", "/mcp", h, rpcRequest(1, "initialize").dump());
    CHECK(r.status == 401);
    CHECK(r.header("WWW-Authenticate") == "Bearer error=\"invalid_token\"");
    CHECK(r.header("Access-Control-Expose-Headers").find("WWW-Authenticate") != std::string::npos);
    CHECK(ts.handler->handled().empty());
}

TEST_CASE("MCP-Protocol-Version: unsupported is 400, absent is accepted", "[http][streamable]") {
    TestServer ts;
    const std::string sid = initializeSession(ts.port());
    Headers bad = mcpHeaders(sid);
    bad.emplace_back("MCP-Protocol-Version", "1900-01-01");
    CHECK(request(ts.port(), "POST", "/mcp", bad, toolsList()).status == 400);
    Headers good = mcpHeaders(sid);
    good.emplace_back("MCP-Protocol-Version", "2025-06-18");
    CHECK(request(ts.port(), "POST", "/mcp", good, toolsList()).status == 200);
    CHECK(request(ts.port(), "POST", "/mcp", mcpHeaders(sid), toolsList()).status == 200);
}

TEST_CASE("notifications and responses only are 202 without a body", "[http][streamable]") {
    TestServer ts;
    const std::string sid = initializeSession(ts.port());
    auto r = request(ts.port(), "POST", "/mcp", mcpHeaders(sid),
                     json{{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}}.dump());
    CHECK(r.status == 202);
    CHECK(r.body.empty());
    CHECK(ts.handler->handled().back()["method"] == "notifications/initialized");
}

TEST_CASE("a request with a progressToken is answered as an event stream", "[http][streamable][sse]") {
    TestServer ts;
    const std::string sid = initializeSession(ts.port());
    json call = rpcRequest(7, "tools/call", {{"name", "pods_list"}, {"_meta", {{"progressToken", "tok"}}}});
    SseClient sse(ts.port(), "POST", "/mcp", mcpHeaders(sid), call.dump());
    REQUIRE(sse.status() == 200);
    CHECK(sse.header("Content-Type").rfind("text/event-stream", 0) == 0);

    auto p1 = sse.nextEvent();
    REQUIRE(p1);
    CHECK(json::parse(p1->data)["method"] == "notifications/progress");
    CHECK(json::parse(p1->data)["params"]["progress"] == 1);
    auto p2 = sse.nextEvent();
    REQUIRE(p2);
    CHECK(json::parse(p2->data)["params"]["progress"] == 2);
    auto response = sse.nextEvent();
    REQUIRE(response);
    CHECK(json::parse(response->data)["id"] == 7);
    CHECK(json::parse(response->data)["result"]["streamed"] == true);
    CHECK_FALSE(sse.nextEvent()); // the stream ends after the response
}

TEST_CASE("GET /mcp without an SSE Accept is 405", "[http][streamable]") {
    TestServer ts;
    const std::string sid = initializeSession(ts.port());
    auto r = request(ts.port(), "GET", "/mcp", {{"Accept", "application/json"}, {"Mcp-Session-Id", sid}});
    CHECK(r.status == 405);
}

TEST_CASE("GET /mcp streams session notifications; a second GET replaces the first",
          "[http][streamable][sse]") {
    TestServer ts;
    const std::string sid = initializeSession(ts.port());
    Headers h{{"Accept", "text/event-stream"}, {"Mcp-Session-Id", sid}};

    SseClient first(ts.port(), "GET", "/mcp", h);
    REQUIRE(first.status() == 200);
    auto opened = first.next();
    REQUIRE(opened);
    CHECK_FALSE(opened->comment.empty());
    REQUIRE(ts.handler->hasStream(sid));

    json note{{"jsonrpc", "2.0"}, {"method", "notifications/tools/list_changed"}};
    REQUIRE(ts.handler->notify(sid, note));
    auto ev = first.nextEvent();
    REQUIRE(ev);
    CHECK(json::parse(ev->data) == note);

    SseClient second(ts.port(), "GET", "/mcp", h);
    REQUIRE(second.status() == 200);
    REQUIRE(second.next());
    CHECK_FALSE(first.nextEvent()); // replaced: the first stream ends
    REQUIRE(ts.handler->notify(sid, note));
    auto onSecond = second.nextEvent();
    REQUIRE(onSecond);
    CHECK(json::parse(onSecond->data) == note);
}

TEST_CASE("GET /mcp needs a known session", "[http][streamable][session]") {
    TestServer ts;
    CHECK(request(ts.port(), "GET", "/mcp", {{"Accept", "text/event-stream"}}).status == 400);
    CHECK(request(ts.port(), "GET", "/mcp", {{"Accept", "text/event-stream"}, {"Mcp-Session-Id", "nope"}})
              .status == 404);
}

TEST_CASE("DELETE /mcp ends the session and its stream", "[http][streamable][session]") {
    TestServer ts;
    const std::string sid = initializeSession(ts.port());
    SseClient stream(ts.port(), "GET", "/mcp", {{"Accept", "text/event-stream"}, {"Mcp-Session-Id", sid}});
    REQUIRE(stream.next());

    auto del = request(ts.port(), "DELETE", "/mcp", {{"Mcp-Session-Id", sid}});
    CHECK(del.status == 204);
    CHECK_FALSE(stream.nextEvent());
    CHECK(ts.handler->sessionCount() == 0);
    CHECK(request(ts.port(), "POST", "/mcp", mcpHeaders(sid), toolsList()).status == 404);
    CHECK(request(ts.port(), "DELETE", "/mcp", {{"Mcp-Session-Id", sid}}).status == 404);
}

TEST_CASE("stateless mode: no sessions, fresh context per POST, GET and DELETE 405", "[http][stateless]") {
    auto options = testOptions();
    options.stateless = true;
    TestServer ts(options);
    auto init = request(ts.port(), "POST", "/mcp", mcpHeaders(), rpcRequest(1, "initialize").dump());
    REQUIRE(init.status == 200);
    CHECK(init.header("Mcp-Session-Id").empty());

    auto call = request(ts.port(), "POST", "/mcp", mcpHeaders(), toolsList());
    REQUIRE(call.status == 200);
    CHECK(call.parsed()["result"]["stateless"] == true);
    CHECK(call.parsed()["result"]["session"].is_null());

    CHECK(request(ts.port(), "GET", "/mcp", {{"Accept", "text/event-stream"}}).status == 405);
    CHECK(request(ts.port(), "DELETE", "/mcp", {{"Mcp-Session-Id", "x"}}).status == 405);
}

TEST_CASE("batches are passed through and answered as one JSON array", "[http][streamable]") {
    TestServer ts;
    const std::string sid = initializeSession(ts.port());
    json batch =
        json::array({rpcRequest(3, "tools/list"), {{"jsonrpc", "2.0"}, {"method", "notifications/x"}}});
    auto r = request(ts.port(), "POST", "/mcp", mcpHeaders(sid), batch.dump());
    REQUIRE(r.status == 200);
    REQUIRE(r.parsed().is_array());
    CHECK(r.parsed()[0]["id"] == 3);
}

TEST_CASE("an engine failure is a 500 with a JSON-RPC internal error", "[http][streamable]") {
    TestServer ts;
    const std::string sid = initializeSession(ts.port());
    auto r = request(ts.port(), "POST", "/mcp", mcpHeaders(sid), rpcRequest(9, "explode").dump());
    REQUIRE(r.status == 500);
    CHECK(r.parsed()["error"]["code"] == -32603);
    CHECK(request(ts.port(), "GET", "/healthz").status == 200); // the server lives on
}

TEST_CASE("a GET stream whose client went away is detached from the session", "[http][streamable][sse]") {
    TestServer ts;
    const std::string sid = initializeSession(ts.port());
    {
        SseClient stream(ts.port(), "GET", "/mcp",
                         {{"Accept", "text/event-stream"}, {"Mcp-Session-Id", sid}});
        REQUIRE(stream.next());
        REQUIRE(ts.handler->hasStream(sid));
    } // client disconnects
    // The next keep-alive pings hit the closed socket; bounded wait for that to be noticed.
    bool detached = false;
    for (int i = 0; i < 200 && !detached; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        detached = !ts.handler->hasStream(sid);
    }
    CHECK(detached);
    CHECK(ts.handler->sessionCount() == 1); // the session itself stays
}

TEST_CASE("stop() ends open streams", "[http][streamable][sse]") {
    TestServer ts;
    const std::string sid = initializeSession(ts.port());
    SseClient stream(ts.port(), "GET", "/mcp", {{"Accept", "text/event-stream"}, {"Mcp-Session-Id", sid}});
    REQUIRE(stream.next());
    ts.server.stop();
    CHECK_FALSE(ts.server.running());
    CHECK_FALSE(stream.nextEvent());
}

TEST_CASE("initialize with a progressToken still answers JSON with the session id", "[http][streamable]") {
    TestServer ts;
    auto r = request(ts.port(), "POST", "/mcp", mcpHeaders(),
                     rpcRequest(1, "initialize", {{"_meta", {{"progressToken", 1}}}}).dump());
    REQUIRE(r.status == 200);
    CHECK(r.header("Content-Type").rfind("application/json", 0) == 0);
    CHECK_FALSE(r.header("Mcp-Session-Id").empty());
}
