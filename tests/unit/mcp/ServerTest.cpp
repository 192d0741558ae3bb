#include "mcp/Server.hpp"
#include "../plugins/FakeCluster.hpp"
#include "mcp/StdioTransport.hpp"
#include "plugins/PluginManager.hpp"
#include "plugins/Registry.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <sstream>

using namespace kmcp;
using nlohmann::json;

namespace {

struct Fixture {
    std::shared_ptr<mcp::Server> server;
    std::shared_ptr<test::FakeFactory> clusters = std::make_shared<test::FakeFactory>();
    plugins::PluginManager plugins{{std::getenv("KMCP_ABI_FIXTURES")}};

    explicit Fixture(std::vector<config::Prompt> prompts = {}) {
        auto loaded = plugins.load({"hello", "pure_c"}, json::object());
        REQUIRE(loaded.ok());
        plugins::Registry::Options o;
        o.userPrompts = std::move(prompts);
        server = std::make_shared<mcp::Server>(
            mcp::ServerInfo{"kubernetes-mcp-server", "1.2.3", "be careful", {}},
            plugins::Registry::build(loaded.value(), o), clusters, std::make_shared<mcp::SessionManager>());
    }

    // What a client receives: the serialized message, parsed back.
    json call(const json& message, mcp::RequestContext& ctx) {
        return json::parse(server->handle(message, ctx).serialized());
    }

    mcp::RequestContext initialized(const std::string& version = "2025-06-18") {
        mcp::RequestContext ctx;
        auto r = server->handle({{"jsonrpc", "2.0"},
                                 {"id", 1},
                                 {"method", "initialize"},
                                 {"params",
                                  {{"protocolVersion", version},
                                   {"capabilities", json::object()},
                                   {"clientInfo", {{"name", "t"}, {"version", "1"}}}}}},
                                ctx);
        REQUIRE(r.createdSession);
        server->handle({{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}}, ctx);
        return ctx;
    }
};

json req(json id, const std::string& method, json params = json::object()) {
    return {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}};
}

} // namespace

TEST_CASE("initialize negotiates the protocol version and creates a session") {
    Fixture f;
    for (std::string v : {"2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"}) {
        mcp::RequestContext ctx;
        auto r = f.server->handle(req(1, "initialize", {{"protocolVersion", v}}), ctx);
        CHECK(r.response["result"]["protocolVersion"] == v);
        REQUIRE(r.createdSession);
        CHECK(r.createdSession->protocolVersion() == v);
        CHECK(r.createdSession->id().size() == 64);
    }
    mcp::RequestContext ctx;
    auto unknown = f.call(req(1, "initialize", {{"protocolVersion", "1999-01-01"}}), ctx);
    CHECK(unknown["result"]["protocolVersion"] == mcp::kLatestProtocolVersion);
    CHECK(unknown["result"]["serverInfo"]["version"] == "1.2.3");
    CHECK(unknown["result"]["instructions"] == "be careful");
    CHECK(unknown["result"]["capabilities"]["tools"]["listChanged"] == true);
}

TEST_CASE("stateless initialize creates no session") {
    Fixture f;
    mcp::RequestContext ctx;
    ctx.stateless = true;
    auto r = f.server->handle(req(1, "initialize", {{"protocolVersion", "2025-06-18"}}), ctx);
    CHECK_FALSE(r.createdSession);
    CHECK(f.server->sessions().size() == 0);
}

TEST_CASE("JSON-RPC errors use the spec codes") {
    Fixture f;
    auto ctx = f.initialized();
    CHECK(f.call(json::array(), ctx)["error"]["code"] == mcp::rpc::InvalidRequest);
    CHECK(f.call(42, ctx)["error"]["code"] == mcp::rpc::InvalidRequest);
    CHECK(f.call({{"jsonrpc", "1.0"}, {"id", 1}, {"method", "ping"}}, ctx)["error"]["code"] ==
          mcp::rpc::InvalidRequest);
    CHECK(f.call({{"jsonrpc", "2.0"}, {"id", 1}, {"method", 5}}, ctx)["error"]["code"] ==
          mcp::rpc::InvalidRequest);
    CHECK(f.call({{"jsonrpc", "2.0"}, {"id", json::object()}, {"method", "ping"}}, ctx)["error"]["code"] ==
          mcp::rpc::InvalidRequest);
    CHECK(f.call(req(2, "resources/list"), ctx)["error"]["code"] == mcp::rpc::MethodNotFound);
    CHECK(f.call(req(3, "tools/call", {{"name", "nope"}}), ctx)["error"]["code"] == mcp::rpc::InvalidParams);
    CHECK(f.call(req(4, "tools/call", json::object()), ctx)["error"]["code"] == mcp::rpc::InvalidParams);
    CHECK(f.call(req(5, "tools/list", {{"cursor", "not-a-cursor"}}), ctx)["error"]["code"] ==
          mcp::rpc::InvalidParams);
    CHECK(f.call(req(6, "logging/setLevel", {{"level", "loud"}}), ctx)["error"]["code"] ==
          mcp::rpc::InvalidParams);
    CHECK(f.call(req(7, "ping"), ctx)["result"] == json::object());
    // Notifications and client responses get no answer.
    CHECK(f.call({{"jsonrpc", "2.0"}, {"method", "notifications/whatever"}}, ctx).is_null());
    CHECK(f.call({{"jsonrpc", "2.0"}, {"id", 9}, {"result", json::object()}}, ctx).is_null());
}

TEST_CASE("batches are accepted only where the negotiated version allows them") {
    Fixture f;
    json batch = json::array(
        {req(1, "ping"), req(2, "tools/list"), {{"jsonrpc", "2.0"}, {"method", "notifications/x"}}});
    auto old = f.initialized("2025-03-26");
    auto r = f.call(batch, old);
    REQUIRE(r.is_array());
    CHECK(r.size() == 2);
    CHECK(r[0]["id"] == 1);
    auto modern = f.initialized("2025-06-18");
    CHECK(f.call(batch, modern)["error"]["code"] == mcp::rpc::InvalidRequest);
    auto withInit = f.call(json::array({req(1, "initialize")}), old);
    CHECK(withInit[0]["error"]["code"] == mcp::rpc::InvalidRequest);
}

TEST_CASE("tools/list pages with an opaque cursor and carries annotations") {
    Fixture f;
    auto ctx = f.initialized();
    auto r = f.call(req(1, "tools/list"), ctx)["result"];
    CHECK_FALSE(r.contains("nextCursor")); // 4 tools fit one page
    REQUIRE(r["tools"].size() == 4);
    json greet;
    for (const auto& t : r["tools"])
        if (t["name"] == "hello_greet") greet = t;
    CHECK(greet["annotations"]["readOnlyHint"] == true);
    CHECK(greet["annotations"]["destructiveHint"] == false);
    CHECK(greet["title"] == "Greet");
    auto past = f.call(req(2, "tools/list", {{"cursor", "100"}}), ctx)["result"];
    CHECK(past["tools"].empty());
    // An offset this server never handed out is still honoured.
    CHECK(f.call(req(3, "tools/list", {{"cursor", "1"}}), ctx)["result"]["tools"].size() == 3);
}

TEST_CASE("a cached tools/list page is spliced into each answer with that request's id") {
    Fixture f;
    auto ctx = f.initialized();
    auto first = f.server->handle(req("a", "tools/list"), ctx);
    auto second = f.server->handle(req(42, "tools/list"), ctx);
    REQUIRE(first.resultText);
    CHECK(first.resultText == second.resultText); // built once, shared
    const json a = json::parse(first.serialized());
    const json b = json::parse(second.serialized());
    CHECK(a["id"] == "a");
    CHECK(b["id"] == 42);
    CHECK(a["jsonrpc"] == "2.0");
    CHECK(a["result"] == b["result"]);
    CHECK(a["result"]["tools"].size() == 4);
    // In a batch each answer carries its result as a value.
    auto old = f.initialized("2025-03-26");
    auto batch = f.server->handle(json::array({req(1, "tools/list"), req(2, "tools/list")}), old);
    CHECK_FALSE(batch.resultText);
    REQUIRE(batch.response.is_array());
    CHECK(batch.response[1]["result"] == a["result"]);
}

TEST_CASE("tools/call returns content, structured content and isError") {
    Fixture f;
    auto ctx = f.initialized();
    ctx.caller.username = "carol";
    auto ok =
        f.call(req(1, "tools/call", {{"name", "hello_greet"}, {"arguments", json::object()}}), ctx)["result"];
    CHECK(ok["isError"] == false);
    CHECK(ok["content"][0]["text"] == "Hello, carol!");
    CHECK(ok["structuredContent"]["name"] == "carol");
    auto bad = f.call(req(2, "tools/call", {{"name", "hello_greet"}, {"arguments", {{"name", false}}}}),
                      ctx)["result"];
    CHECK(bad["isError"] == true);
    CHECK_THAT(bad["content"][0]["text"].get<std::string>(),
               Catch::Contains("argument 'name' must be string"));
    auto notObject = f.call(req(3, "tools/call", {{"name", "hello_greet"}, {"arguments", "x"}}), ctx);
    CHECK(notObject["error"]["code"] == mcp::rpc::InvalidParams);
}

TEST_CASE("prompts from the configuration are listed and rendered") {
    config::Prompt p;
    p.name = "triage";
    p.description = "Triage a namespace";
    p.arguments = {{"ns", "namespace", true}};
    p.messages = {{"user", "Look at {{ns}}"}};
    Fixture f({p});
    auto ctx = f.initialized();
    auto list = f.call(req(1, "prompts/list"), ctx)["result"]["prompts"];
    REQUIRE(list.size() == 1);
    CHECK(list[0]["arguments"][0]["required"] == true);
    auto got =
        f.call(req(2, "prompts/get", {{"name", "triage"}, {"arguments", {{"ns", "dev"}}}}), ctx)["result"];
    CHECK(got["messages"][0]["content"]["text"] == "Look at dev");
    auto missing = f.call(req(3, "prompts/get", {{"name", "triage"}}), ctx);
    CHECK(missing["error"]["code"] == mcp::rpc::InvalidParams);
    CHECK(f.call(req(4, "prompts/get", {{"name", "nope"}}), ctx)["error"]["code"] == mcp::rpc::InvalidParams);
}

TEST_CASE("replacing the registry notifies initialized sessions") {
    struct Recorder : mcp::Outbound {
        std::vector<json> sent;
        bool send(const json& m) override {
            sent.push_back(m);
            return true;
        }
    };
    Fixture f;
    auto ctx = f.initialized();
    auto rec = std::make_shared<Recorder>();
    ctx.session->setNotificationStream(rec);
    // The cached tools/list page of the old registry must not outlive it.
    REQUIRE(f.call(req(8, "tools/list"), ctx)["result"]["tools"].size() == 4);
    f.server->replaceRegistry(plugins::Registry::build({}, {}), json::object());
    REQUIRE(rec->sent.size() == 2);
    CHECK(rec->sent[0]["method"] == "notifications/tools/list_changed");
    CHECK(f.call(req(9, "tools/list"), ctx)["result"]["tools"].empty());
}

TEST_CASE("cancellation reaches the running request's flag") {
    Fixture f;
    auto ctx = f.initialized();
    auto flag = ctx.session->beginRequest(json(7).dump());
    f.call({{"jsonrpc", "2.0"}, {"method", "notifications/cancelled"}, {"params", {{"requestId", 7}}}}, ctx);
    CHECK(flag->load());
}

TEST_CASE("stdio transport answers line by line and reports parse errors") {
    Fixture f;
    std::istringstream in(req(1, "initialize", {{"protocolVersion", "2025-06-18"}}).dump() + "\n" +
                          "{oops\n" + req(2, "ping").dump() + "\n");
    std::ostringstream out;
    mcp::StdioTransport stdio(*f.server, {});
    CHECK(stdio.run(in, out) == 0);
    std::istringstream lines(out.str());
    std::vector<json> answers;
    for (std::string line; std::getline(lines, line);)
        answers.push_back(json::parse(line));
    REQUIRE(answers.size() == 3);
    CHECK(answers[0]["id"] == 1);
    CHECK(answers[1]["error"]["code"] == mcp::rpc::ParseError);
    CHECK(answers[2]["result"] == json::object());
}
