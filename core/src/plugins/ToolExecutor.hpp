#pragma once

#include "common/Caller.hpp"
#include "plugins/CallContext.hpp"
#include "plugins/ClusterBackend.hpp"
#include "plugins/Registry.hpp"

#include <nlohmann/json.hpp>

#include <atomic>
#include <functional>
#include <string>

namespace kmcp::plugins {

// Everything a call needs from the transport and the server, besides the tool and arguments.
struct CallEnvironment {
    Caller caller;
    ClusterBackendFactory* clusters = nullptr; // null → cluster tools fail with a clear message
    const std::atomic<bool>* cancelled = nullptr;
    ProgressFn progress;
    nlohmann::json serverInfo = nlohmann::json::object();
};

// Validates arguments, resolves the target context, builds the user-scoped client and runs the
// plugin. Never throws; every failure becomes an isError result with a message for the user.
CallResult runTool(const Tool& tool, const nlohmann::json& arguments, const CallEnvironment& env);

// Renders a prompt into MCP `messages`. Configuration prompts substitute {{name}} placeholders.
Result<nlohmann::json> runPrompt(const Prompt& prompt, const nlohmann::json& arguments,
                                 const CallEnvironment& env);

} // namespace kmcp::plugins
