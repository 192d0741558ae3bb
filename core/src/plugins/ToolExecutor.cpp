#include "plugins/ToolExecutor.hpp"

#include "plugins/SchemaValidator.hpp"

#include <fmt/format.h>

namespace kmcp::plugins {
namespace {

using nlohmann::json;

CallResult errorResult(const std::string& message) {
    CallResult r;
    r.isError = true;
    r.content.push_back({{"type", "text"}, {"text", message}});
    return r;
}

// Per-call request state shared by tools and prompts.
struct PreparedCall {
    kmcp_request request;
    std::unique_ptr<ClusterBackend> backend;
};

Result<std::unique_ptr<PreparedCall>> prepare(bool targetsCluster, const std::string& context,
                                              const std::string& tool, const CallEnvironment& env) {
    auto call = std::make_unique<PreparedCall>();
    auto& req = call->request;
    req.caller = env.caller;
    req.caller.token.clear(); // plugins never see credentials
    for (const auto& g : req.caller.groups)
        req.groupViews.push_back(kmcp_str{g.data(), g.size()});
    req.cancelled = env.cancelled;
    req.progress = env.progress;
    req.serverInfo = env.serverInfo;
    if (env.clusters) {
        auto* clusters = env.clusters;
        req.hostInfo = [clusters](const std::string& key, const json& args) {
            return clusters->hostInfo(key, args);
        };
    }
    if (targetsCluster) {
        if (!env.clusters) return makeError(Error::Code::Unavailable, "no Kubernetes cluster is configured");
        auto backend = env.clusters->forCall(context, env.caller, tool);
        if (!backend) return backend.error();
        call->backend = std::move(backend.value());
        req.cluster = call->backend.get();
        req.contextName = call->backend->contextName();
        req.defaultNamespace = call->backend->defaultNamespace();
    }
    return call;
}

} // namespace

CallResult runTool(const Tool& tool, const json& arguments, const CallEnvironment& env) {
    json args = arguments.is_null() ? json::object() : arguments;
    if (auto problem = validateArguments(tool.def.inputSchema, args))
        return errorResult(fmt::format("invalid arguments for {}: {}", tool.def.name, *problem));
    std::string context;
    if (args.is_object() && args.contains("context")) {
        if (args["context"].is_string()) context = args["context"].get<std::string>();
        args.erase("context");
    }
    auto prepared = prepare(tool.def.targetsCluster, context, tool.def.name, env);
    if (!prepared) return errorResult(prepared.error().message);
    auto& req = prepared.value()->request;

    kmcp_error error;
    kmcp_status st = tool.plugin->callTool(tool.def.name, args.dump(), &req, &error);
    CallResult result = std::move(req.result);
    if (st != KMCP_STATUS_OK) {
        result.isError = true;
        std::string message = error.message.empty() ? fmt::format("tool {} failed (status {})", tool.def.name,
                                                                  static_cast<int>(st))
                                                    : error.message;
        result.content.push_back({{"type", "text"}, {"text", message}});
    }
    if (result.content.empty() && result.structured.is_null())
        result.content.push_back({{"type", "text"}, {"text", ""}});
    // MCP: structured content is also given as serialized JSON text for older clients.
    if (!result.structured.is_null() && result.content.empty())
        result.content.push_back({{"type", "text"}, {"text", result.structured.dump()}});
    return result;
}

Result<json> runPrompt(const Prompt& prompt, const json& arguments, const CallEnvironment& env) {
    json args = arguments.is_object() ? arguments : json::object();
    for (const auto& a : prompt.def.arguments)
        if (a.required && (!args.contains(a.name) || args[a.name].is_null()))
            return makeError(
                Error::Code::InvalidArgument,
                fmt::format("missing required argument '{}' for prompt {}", a.name, prompt.def.name));
    if (prompt.fromConfig) {
        json messages = json::array();
        for (const auto& m : prompt.fromConfig->messages) {
            std::string text = m.content;
            for (const auto& [key, value] : args.items()) {
                std::string needle = "{{" + key + "}}";
                std::string replacement = value.is_string() ? value.get<std::string>() : value.dump();
                for (size_t pos = text.find(needle); pos != std::string::npos;
                     pos = text.find(needle, pos + replacement.size()))
                    text.replace(pos, needle.size(), replacement);
            }
            messages.push_back({{"role", m.role}, {"content", {{"type", "text"}, {"text", text}}}});
        }
        return messages;
    }
    auto prepared = prepare(false, "", prompt.def.name, env);
    if (!prepared) return prepared.error();
    auto& req = prepared.value()->request;
    kmcp_error error;
    kmcp_status st = prompt.plugin->getPrompt(prompt.def.name, args.dump(), &req, &error);
    if (st != KMCP_STATUS_OK)
        return makeError(Error::Code::Internal, error.message.empty() ? "prompt failed" : error.message);
    if (req.result.content.empty()) return makeError(Error::Code::Internal, "prompt produced no messages");
    auto messages = json::parse(req.result.content[0]["text"].get<std::string>(), nullptr, false);
    if (!messages.is_array()) return makeError(Error::Code::Internal, "prompt messages are not a JSON array");
    return messages;
}

} // namespace kmcp::plugins
