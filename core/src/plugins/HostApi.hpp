#pragma once

#include <kmcp/plugin.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace kmcp::plugins {

struct ToolDefinition {
    std::string name;
    std::string title;
    std::string description;
    nlohmann::json inputSchema;
    nlohmann::json outputSchema; // null → none
    uint32_t annotations = 0;
    bool targetsCluster = true;
};

struct PromptArgument {
    std::string name;
    std::string description;
    bool required = false;
};

struct PromptDefinition {
    std::string name;
    std::string title;
    std::string description;
    std::vector<PromptArgument> arguments;
};

} // namespace kmcp::plugins

// What a plugin declares during kmcp_plugin_init; the host-side state behind kmcp_host while a
// plugin initialises (afterwards it only serves logging).
struct kmcp_host {
    std::string pluginPath;
    std::string configJson = "{}";
    bool initialising = false;
    std::string toolsetName;
    std::string toolsetDescription;
    std::vector<kmcp::plugins::ToolDefinition> tools;
    std::vector<kmcp::plugins::PromptDefinition> prompts;
    std::string registrationError; // first refused registration, reported after init
};

namespace kmcp::plugins {

// The host's callback table handed to every plugin (kmcp_host set per plugin by the loader).
kmcp_host_api makeHostApi(kmcp_host* host);

} // namespace kmcp::plugins
