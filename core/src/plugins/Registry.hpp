#pragma once

#include "config/Config.hpp"
#include "plugins/LoadedPlugin.hpp"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace kmcp::plugins {

// A tool as clients see it after profiles and overrides, plus the plugin that runs it.
struct Tool {
    ToolDefinition def; // schema already carries the host-added `context` argument when relevant
    std::string toolset;
    std::shared_ptr<LoadedPlugin> plugin;
};

// A prompt from a plugin or from `[[prompts]]` in the configuration.
struct Prompt {
    PromptDefinition def;
    std::shared_ptr<LoadedPlugin> plugin; // null for configuration prompts
    std::optional<config::Prompt> fromConfig;
};

// An immutable snapshot of what the server offers; replaced as a whole on SIGHUP, so a call in
// flight keeps the snapshot (and plugins) it started with.
class Registry {
public:
    struct Options {
        std::vector<std::string> contexts;                          // >1 → cluster tools take `context`
        std::function<bool(const ToolDefinition&)> allow;           // profiles; null → all
        std::function<std::string(const ToolDefinition&)> describe; // overrides; null → as declared
        std::vector<config::Prompt> userPrompts;
    };

    static std::shared_ptr<Registry> build(const std::vector<std::shared_ptr<LoadedPlugin>>& plugins,
                                           const Options& options);

    const std::vector<Tool>& tools() const { return tools_; }
    const std::vector<Prompt>& prompts() const { return prompts_; }
    const Tool* findTool(const std::string& name) const;
    const Prompt* findPrompt(const std::string& name) const;
    // Names of the loaded toolsets, for logs and /stats.
    std::vector<std::string> toolsets() const;

private:
    std::vector<Tool> tools_;
    std::vector<Prompt> prompts_;
    std::map<std::string, size_t> toolIndex_;
    std::map<std::string, size_t> promptIndex_;
    std::vector<std::string> toolsets_;
};

} // namespace kmcp::plugins
