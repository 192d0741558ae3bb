#pragma once

#include "common/Result.hpp"
#include "plugins/HostApi.hpp"

#include <boost/dll/shared_library.hpp>
#include <kmcp/plugin.h>

#include <memory>
#include <string>

namespace kmcp::plugins {

// A plugin library that passed the handshake. Tools and calls hold a shared_ptr to it, so the
// library stays mapped while anything it handed out is alive; the destructor calls on_unload and
// then closes the library.
class LoadedPlugin {
public:
    // Loads `path` (RTLD_NOW | RTLD_LOCAL), checks versions and runs kmcp_plugin_init with
    // `configJson` as the toolset's configuration. Must run on the main thread at startup/reload.
    static Result<std::shared_ptr<LoadedPlugin>> load(const std::string& path, const std::string& configJson);

    ~LoadedPlugin();
    LoadedPlugin(const LoadedPlugin&) = delete;
    LoadedPlugin& operator=(const LoadedPlugin&) = delete;

    const std::string& path() const { return host_->pluginPath; }
    const std::string& toolset() const { return host_->toolsetName; }
    const std::string& description() const { return host_->toolsetDescription; }
    const std::vector<ToolDefinition>& tools() const { return host_->tools; }
    const std::vector<PromptDefinition>& prompts() const { return host_->prompts; }
    uint16_t abiMinor() const { return api_.header.abi_minor; }

    // Runs the plugin's on_tool_call / on_prompt_get behind the host's own exception barrier.
    kmcp_status callTool(const std::string& tool, const std::string& argsJson, kmcp_request* request,
                         kmcp_error* error) const noexcept;
    // Passes a changed toolset configuration to a plugin that supports it (ABI >= 1.1). A plugin
    // without on_configure keeps the configuration it was loaded with (its error says so).
    Status configure(const std::string& configJson);
    const std::string& configJson() const { return host_->configJson; }
    kmcp_status getPrompt(const std::string& prompt, const std::string& argsJson, kmcp_request* request,
                          kmcp_error* error) const noexcept;

private:
    LoadedPlugin() = default;

    boost::dll::shared_library library_;
    std::unique_ptr<kmcp_host> host_;
    kmcp_host_api hostApi_{};
    kmcp_plugin_api api_{};
};

} // namespace kmcp::plugins
