#include "HttpTestSupport.hpp"

#include "http/McpMessageHandler.hpp"
#include "plugins/Registry.hpp"

#include <catch2/catch.hpp>

using namespace kmcp;
using namespace kmcp::http;
using namespace kmcp::http::test;

namespace {

// The real engine with no plugins: enough for the lifecycle, sessions and list_changed.
struct EngineServer {
    EngineServer()
        : engine(std::make_shared<mcp::Server>(mcp::ServerInfo{}, plugins::Registry::build({}, {}), nullptr,
                                               std::make_shared<mcp::SessionManager>())),
          server(testOptions(), std::make_shared<McpMessageHandler>(engine), metrics) {
        REQUIRE(server.start().ok());
    }
    std::shared_ptr<mcp::Server> engine;
    obs::Metrics metrics;
    HttpServer server;
};

} // namespace

TEST_CASE("McpMessageHandler drives mcp::Server over Streamable HTTP", "[http][engine]") {
    EngineServer es;
    const uint16_t port = es.server.port();
    auto init = request(port, "POST", "/mcp", mcpHeaders(),
                        rpcRequest(1, "initialize",
                                   {{"protocolVersion", "2025-06-18"},
                                    {"capabilities", json::object()},
                                    {"clientInfo", {{"name", "t"}, {"version", "1"}}}})
                            .dump());
    REQUIRE(init.status == 200);
    const std::string sid = init.header("Mcp-Session-Id");
    REQUIRE_FALSE(sid.empty());
    CHECK(init.parsed()["result"]["protocolVersion"] == "2025-06-18");
    CHECK(es.engine->sessions().find(sid) != nullptr);

    Headers h = mcpHeaders(sid);
    h.emplace_back("MCP-Protocol-Version", "2025-06-18");
    CHECK(request(port, "POST", "/mcp", h,
                  json{{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}}.dump())
              .status == 202);
    auto list = request(port, "POST", "/mcp", h, rpcRequest(2, "tools/list").dump());
    REQUIRE(list.status == 200);
    CHECK(list.parsed()["result"]["tools"].is_array());

    SseClient stream(port, "GET", "/mcp", {{"Accept", "text/event-stream"}, {"Mcp-Session-Id", sid}});
    REQUIRE(stream.next());
    es.engine->replaceRegistry(plugins::Registry::build({}, {}), json::object());
    auto changed = stream.nextEvent();
    REQUIRE(changed);
    CHECK(json::parse(changed->data)["method"] == "notifications/tools/list_changed");

    CHECK(request(port, "DELETE", "/mcp", {{"Mcp-Session-Id", sid}}).status == 204);
    CHECK(es.engine->sessions().find(sid) == nullptr);
}
