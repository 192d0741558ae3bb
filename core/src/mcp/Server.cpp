#include "mcp/Server.hpp"

#include "obs/Audit.hpp"
#include "obs/Log.hpp"
#include "obs/Metrics.hpp"
#include "plugins/Registry.hpp"
#include "plugins/ToolExecutor.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <chrono>

namespace kmcp::mcp {
namespace {

constexpr size_t kPageSize = 100;
const std::vector<std::string> kLogLevels{"debug", "info",     "notice", "warning",
                                          "error", "critical", "alert",  "emergency"};

bool batchesAllowed(const std::string& version) {
    // JSON-RPC batching exists in 2024-11-05 and 2025-03-26 and was removed in 2025-06-18.
    return version == "2024-11-05" || version == "2025-03-26";
}

std::string versionOf(const RequestContext& ctx) {
    if (ctx.session && !ctx.session->protocolVersion().empty()) return ctx.session->protocolVersion();
    // Streamable HTTP: no header means 2025-03-26.
    return ctx.protocolVersion.empty() ? "2025-03-26" : ctx.protocolVersion;
}

bool validId(const json& id) {
    return id.is_string() || id.is_number_integer() || id.is_number_unsigned();
}

json toolJson(const plugins::Tool& t) {
    json j{{"name", t.def.name}, {"description", t.def.description}, {"inputSchema", t.def.inputSchema}};
    if (!t.def.title.empty()) j["title"] = t.def.title;
    if (!t.def.outputSchema.is_null()) j["outputSchema"] = t.def.outputSchema;
    json ann{{"readOnlyHint", (t.def.annotations & KMCP_TOOL_READ_ONLY) != 0},
             {"destructiveHint", (t.def.annotations & KMCP_TOOL_DESTRUCTIVE) != 0},
             {"idempotentHint", (t.def.annotations & KMCP_TOOL_IDEMPOTENT) != 0},
             {"openWorldHint", (t.def.annotations & KMCP_TOOL_OPEN_WORLD) != 0}};
    if (!t.def.title.empty()) ann["title"] = t.def.title;
    j["annotations"] = ann;
    return j;
}

// Cursor = decimal offset; opaque to clients, validated on the way back.
Result<size_t> parseCursor(const json& params) {
    if (!params.is_object() || !params.contains("cursor") || params["cursor"].is_null()) return size_t{0};
    const auto& c = params["cursor"];
    if (!c.is_string()) return makeError(Error::Code::InvalidArgument, "invalid cursor");
    const auto& text = c.get_ref<const std::string&>();
    if (text.empty() || text.size() > 9 ||
        !std::all_of(text.begin(), text.end(), [](unsigned char ch) { return std::isdigit(ch) != 0; }))
        return makeError(Error::Code::InvalidArgument, "invalid cursor");
    return static_cast<size_t>(std::stoul(text));
}

} // namespace

const std::vector<std::string>& supportedProtocolVersions() {
    static const std::vector<std::string> v{"2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"};
    return v;
}

json makeError(const json& id, int code, const std::string& message, const json& data) {
    json err{{"code", code}, {"message", message}};
    if (!data.is_null()) err["data"] = data;
    return {{"jsonrpc", "2.0"}, {"id", id}, {"error", err}};
}

json makeResult(const json& id, json result) {
    return {{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

Server::Server(ServerInfo info, std::shared_ptr<plugins::Registry> registry,
               std::shared_ptr<plugins::ClusterBackendFactory> clusters,
               std::shared_ptr<SessionManager> sessions)
    : info_(std::move(info)), registry_(std::move(registry)), clusters_(std::move(clusters)),
      sessions_(std::move(sessions)) {}

std::shared_ptr<plugins::Registry> Server::registry() const {
    std::lock_guard lock(registryMutex_);
    return registry_;
}

json Server::facts() const {
    std::lock_guard lock(registryMutex_);
    return info_.facts;
}

void Server::replaceRegistry(std::shared_ptr<plugins::Registry> registry, json facts) {
    {
        std::lock_guard lock(registryMutex_);
        registry_ = std::move(registry);
        info_.facts = std::move(facts);
    }
    json toolsChanged{{"jsonrpc", "2.0"}, {"method", "notifications/tools/list_changed"}};
    json promptsChanged{{"jsonrpc", "2.0"}, {"method", "notifications/prompts/list_changed"}};
    sessions_->forEach([&](Session& s) {
        if (!s.initialized()) return;
        s.notify(toolsChanged);
        s.notify(promptsChanged);
    });
}

std::string HandleResult::serialized() const {
    std::string text = response.dump(-1, ' ', false, json::error_handler_t::replace);
    if (!resultText || !response.is_object() || text.empty()) return text;
    // {"id":…,"jsonrpc":"2.0"} → {"id":…,"jsonrpc":"2.0","result":…}: keys stay in sorted order.
    text.pop_back();
    text.append(",\"result\":").append(*resultText).push_back('}');
    return text;
}

HandleResult Server::handle(const json& message, RequestContext& ctx) {
    HandleResult out;
    if (message.is_array()) {
        if (message.empty()) {
            out.response = makeError(nullptr, rpc::InvalidRequest, "Invalid Request: empty batch");
            return out;
        }
        if (!batchesAllowed(versionOf(ctx))) {
            out.response = makeError(
                nullptr, rpc::InvalidRequest,
                "Invalid Request: JSON-RPC batches are not supported in protocol version " + versionOf(ctx));
            return out;
        }
        json responses = json::array();
        for (const auto& m : message) {
            if (m.is_object() && m.value("method", "") == "initialize") {
                responses.push_back(makeError(m.value("id", json()), rpc::InvalidRequest,
                                              "Invalid Request: initialize must not be part of a batch"));
                continue;
            }
            auto r = handleOne(m, ctx, out, false);
            if (!r.is_null()) responses.push_back(std::move(r));
        }
        if (!responses.empty()) out.response = std::move(responses);
        return out;
    }
    out.response = handleOne(message, ctx, out, true);
    return out;
}

json Server::handleOne(const json& message, RequestContext& ctx, HandleResult& out, bool single) {
    if (!message.is_object())
        return makeError(nullptr, rpc::InvalidRequest, "Invalid Request: not a JSON object");
    json id = message.contains("id") ? message["id"] : json();
    bool isNotification = !message.contains("id");
    if (message.value("jsonrpc", "") != "2.0")
        return makeError(validId(id) ? id : json(), rpc::InvalidRequest,
                         "Invalid Request: jsonrpc must be \"2.0\"");
    if (!message.contains("method")) {
        // A response to a server-initiated request; this server sends none, so there is nothing to match.
        if (message.contains("result") || message.contains("error")) return nullptr;
        return makeError(validId(id) ? id : json(), rpc::InvalidRequest, "Invalid Request: missing method");
    }
    if (!message["method"].is_string())
        return makeError(validId(id) ? id : json(), rpc::InvalidRequest,
                         "Invalid Request: method must be a string");
    if (!isNotification && !validId(id))
        return makeError(nullptr, rpc::InvalidRequest, "Invalid Request: id must be a string or an integer");
    const auto method = message["method"].get<std::string>();
    json params = message.contains("params") ? message["params"] : json::object();
    if (!params.is_object() && !params.is_array())
        return isNotification ? json()
                              : makeError(id, rpc::InvalidParams, "Invalid params: must be an object");

    if (isNotification) {
        if (method == "notifications/initialized") {
            if (ctx.session) ctx.session->markInitialized();
        } else if (method == "notifications/cancelled") {
            if (ctx.session && params.is_object() && params.contains("requestId"))
                ctx.session->cancel(params["requestId"].dump());
        }
        return nullptr; // unknown notifications are ignored, as JSON-RPC requires
    }
    try {
        return dispatch(method, params, id, ctx, out, single);
    } catch (const std::exception& e) {
        obs::error("internal error handling {}: {}", method, e.what());
        return makeError(id, rpc::InternalError, "Internal error");
    }
}

json Server::dispatch(const std::string& method, const json& params, const json& id, RequestContext& ctx,
                      HandleResult& out, bool single) {
    if (method == "initialize") return makeResult(id, initialize(params, ctx, out));
    if (method == "ping") return makeResult(id, json::object());
    if (method == "tools/list") {
        auto cursor = parseCursor(params);
        if (!cursor) return makeError(id, rpc::InvalidParams, "Invalid params: invalid cursor");
        // Cursors this server hands out fall on page boundaries; any other offset is computed.
        const auto pages = toolsPages();
        const size_t page = *cursor / kPageSize;
        if (*cursor % kPageSize != 0 || page >= pages->size())
            return makeResult(id, toolsList(*registry(), *cursor));
        if (!single) return makeResult(id, (*pages)[page].value);
        out.resultText = (*pages)[page].text;
        return json{{"jsonrpc", "2.0"}, {"id", id}};
    }
    if (method == "tools/call") return toolsCall(params, id, ctx);
    if (method == "prompts/list") {
        auto cursor = parseCursor(params);
        if (!cursor) return makeError(id, rpc::InvalidParams, "Invalid params: invalid cursor");
        return makeResult(id, promptsList(params));
    }
    if (method == "prompts/get") {
        json r = promptsGet(params, ctx);
        if (r.contains("error")) return makeError(id, r["error"]["code"], r["error"]["message"]);
        return makeResult(id, r);
    }
    if (method == "logging/setLevel") {
        auto level = params.is_object() ? params.value("level", "") : "";
        if (std::find(kLogLevels.begin(), kLogLevels.end(), level) == kLogLevels.end())
            return makeError(id, rpc::InvalidParams, "Invalid params: unknown log level '" + level + "'");
        if (ctx.session) ctx.session->setLogLevel(level);
        return makeResult(id, json::object());
    }
    return makeError(id, rpc::MethodNotFound, "Method not found: " + method);
}

json Server::initialize(const json& params, RequestContext& ctx, HandleResult& out) {
    std::string requested = params.is_object() ? params.value("protocolVersion", "") : "";
    const auto& supported = supportedProtocolVersions();
    std::string version = std::find(supported.begin(), supported.end(), requested) != supported.end()
                              ? requested
                              : supported.front();
    if (!ctx.stateless) {
        if (!ctx.session) {
            ctx.session = sessions_->create(ctx.caller.subject);
            out.createdSession = ctx.session;
        }
        ctx.session->setProtocolVersion(version);
        obs::Metrics::instance().setActiveSessions(sessions_->size());
    }
    json result{{"protocolVersion", version},
                {"capabilities",
                 {{"tools", {{"listChanged", true}}},
                  {"prompts", {{"listChanged", true}}},
                  {"logging", json::object()}}},
                {"serverInfo",
                 {{"name", info_.name}, {"title", "Kubernetes MCP Server"}, {"version", info_.version}}}};
    if (!info_.instructions.empty()) result["instructions"] = info_.instructions;
    return result;
}

std::shared_ptr<const std::vector<Server::ToolsPage>> Server::toolsPages() {
    auto reg = registry();
    std::lock_guard lock(pagesMutex_);
    if (pages_ && pagesFor_.lock() == reg) return pages_;
    auto pages = std::make_shared<std::vector<ToolsPage>>();
    for (size_t offset = 0; offset < reg->tools().size() || offset == 0; offset += kPageSize) {
        json value = toolsList(*reg, offset);
        auto text =
            std::make_shared<const std::string>(value.dump(-1, ' ', false, json::error_handler_t::replace));
        pages->push_back({std::move(value), std::move(text)});
    }
    pagesFor_ = reg;
    pages_ = std::move(pages);
    return pages_;
}

json Server::toolsList(const plugins::Registry& reg, size_t offset) {
    json tools = json::array();
    const auto& all = reg.tools();
    for (size_t i = offset; i < all.size() && i < offset + kPageSize; ++i)
        tools.push_back(toolJson(all[i]));
    json result{{"tools", tools}};
    if (offset + kPageSize < all.size()) result["nextCursor"] = std::to_string(offset + kPageSize);
    return result;
}

json Server::toolsCall(const json& params, const json& id, RequestContext& ctx) {
    if (!params.is_object() || !params.contains("name") || !params["name"].is_string())
        return makeError(id, rpc::InvalidParams, "Invalid params: name is required");
    auto name = params["name"].get<std::string>();
    auto reg = registry(); // the snapshot keeps the tool's plugin loaded for the whole call
    const auto* tool = reg->findTool(name);
    if (!tool) return makeError(id, rpc::InvalidParams, "Unknown tool: " + name);
    json args = params.contains("arguments") ? params["arguments"] : json::object();
    if (!args.is_object() && !args.is_null())
        return makeError(id, rpc::InvalidParams, "Invalid params: arguments must be an object");

    auto requestKey = id.dump();
    std::shared_ptr<std::atomic<bool>> cancelled =
        ctx.session ? ctx.session->beginRequest(requestKey) : std::make_shared<std::atomic<bool>>(false);

    plugins::CallEnvironment env;
    env.caller = ctx.caller;
    env.clusters = clusters_.get();
    env.cancelled = cancelled.get();
    env.serverInfo = facts();
    if (params.contains("_meta") && params["_meta"].is_object() &&
        params["_meta"].contains("progressToken")) {
        json token = params["_meta"]["progressToken"];
        auto stream = ctx.requestStream;
        auto session = ctx.session;
        env.progress = [token, stream, session](double progress, double total, const std::string& message) {
            json p{{"progressToken", token}, {"progress", progress}};
            if (total > 0) p["total"] = total;
            if (!message.empty()) p["message"] = message;
            json note{{"jsonrpc", "2.0"}, {"method", "notifications/progress"}, {"params", p}};
            if (stream)
                stream->send(note);
            else if (session)
                session->notify(note);
        };
    }

    auto started = std::chrono::steady_clock::now();
    auto result = plugins::runTool(*tool, args, env);
    auto elapsed =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
    if (ctx.session) ctx.session->endRequest(requestKey);

    obs::Metrics::instance().recordToolCall(name, result.isError, elapsed);
    obs::Audit::instance().toolCall(
        {ctx.caller.subject, ctx.caller.username, ctx.caller.groups,
         ctx.session ? ctx.session->id().substr(0, 8) : "", name,
         args.is_object() ? args.value("context", "") : "", !result.isError, elapsed,
         result.isError && !result.content.empty() ? result.content.back().value("text", "") : ""});
    json r{{"content", result.content}, {"isError", result.isError}};
    if (!result.structured.is_null()) r["structuredContent"] = result.structured;
    return makeResult(id, r);
}

json Server::promptsList(const json& params) {
    auto reg = registry();
    size_t offset = parseCursor(params).value();
    json prompts = json::array();
    const auto& all = reg->prompts();
    for (size_t i = offset; i < all.size() && i < offset + kPageSize; ++i) {
        const auto& p = all[i].def;
        json args = json::array();
        for (const auto& a : p.arguments)
            args.push_back({{"name", a.name}, {"description", a.description}, {"required", a.required}});
        json j{{"name", p.name}, {"description", p.description}, {"arguments", args}};
        if (!p.title.empty()) j["title"] = p.title;
        prompts.push_back(j);
    }
    json result{{"prompts", prompts}};
    if (offset + kPageSize < all.size()) result["nextCursor"] = std::to_string(offset + kPageSize);
    return result;
}

json Server::promptsGet(const json& params, RequestContext& ctx) {
    auto fail = [](int code, const std::string& message) {
        return json{{"error", {{"code", code}, {"message", message}}}};
    };
    if (!params.is_object() || !params.contains("name") || !params["name"].is_string())
        return fail(rpc::InvalidParams, "Invalid params: name is required");
    auto reg = registry();
    const auto* prompt = reg->findPrompt(params["name"].get<std::string>());
    if (!prompt) return fail(rpc::InvalidParams, "Unknown prompt: " + params["name"].get<std::string>());
    plugins::CallEnvironment env;
    env.caller = ctx.caller;
    env.clusters = clusters_.get();
    env.serverInfo = facts();
    auto messages = plugins::runPrompt(*prompt, params.value("arguments", json::object()), env);
    if (!messages) return fail(rpc::InvalidParams, messages.error().message);
    return {{"description", prompt->def.description}, {"messages", messages.value()}};
}

} // namespace kmcp::mcp
