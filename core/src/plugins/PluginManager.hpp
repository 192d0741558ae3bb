#pragma once

#include "common/Result.hpp"
#include "plugins/LoadedPlugin.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace kmcp::plugins {

// Finds and loads toolset plugins: toolset `name` is the file `name.so` in the first plugin
// directory that has it. Plugins already loaded are reused across reloads; only enabled
// toolsets are ever loaded.
class PluginManager {
public:
    // `dirs` (plugin_dirs / --plugin-dir) are searched first, then the installed plugin directory
    // (relative to the binary, then the configured prefix) and the build tree.
    explicit PluginManager(std::vector<std::string> dirs);

    Result<std::vector<std::shared_ptr<LoadedPlugin>>> load(const std::vector<std::string>& toolsets,
                                                            const nlohmann::json& toolsetConfigs);
    const std::vector<std::string>& searchPath() const { return dirs_; }

private:
    std::string locate(const std::string& toolset) const;

    std::vector<std::string> dirs_;
    std::map<std::string, std::shared_ptr<LoadedPlugin>> loaded_; // by path
};

} // namespace kmcp::plugins
