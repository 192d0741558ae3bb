#include "plugins/PluginManager.hpp"

#include "obs/Log.hpp"

#include <boost/dll/runtime_symbol_info.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <filesystem>

namespace kmcp::plugins {
namespace fs = std::filesystem;

PluginManager::PluginManager(std::vector<std::string> dirs) : dirs_(std::move(dirs)) {
    // Configured directories come first (a third-party plugin may shadow nothing: toolset names
    // are unique), then the installed plugins: next to the binary (relocatable installs and
    // DESTDIR trees), the configured prefix, and the build tree's plugins/ when run from there.
    boost::dll::fs::error_code ec;
    auto exe = boost::dll::program_location(ec);
    if (!ec) {
        auto bin = fs::path(exe.string()).parent_path();
        dirs_.push_back((bin / ".." / KMCP_PLUGIN_RELDIR).lexically_normal().string());
    }
    dirs_.push_back(KMCP_PLUGIN_DIR);
    if (!ec)
        dirs_.push_back((fs::path(exe.string()).parent_path() / ".." / ".." / "plugins").lexically_normal());
}

std::string PluginManager::locate(const std::string& toolset) const {
    for (const auto& dir : dirs_) {
        for (const auto& candidate :
             {fs::path(dir) / (toolset + ".so"), fs::path(dir) / toolset / (toolset + ".so")}) {
            std::error_code ec;
            if (fs::is_regular_file(candidate, ec)) return fs::canonical(candidate, ec).string();
        }
    }
    return {};
}

Result<std::vector<std::shared_ptr<LoadedPlugin>>>
PluginManager::load(const std::vector<std::string>& toolsets, const nlohmann::json& toolsetConfigs) {
    std::vector<std::shared_ptr<LoadedPlugin>> out;
    for (const auto& name : toolsets) {
        auto path = locate(name);
        if (path.empty())
            return makeError(Error::Code::NotFound,
                             fmt::format("toolset '{}' not found: no {}.so in plugin dirs [{}]", name, name,
                                         fmt::join(dirs_, ", ")));
        std::string cfg = "{}";
        if (toolsetConfigs.is_object() && toolsetConfigs.contains(name)) cfg = toolsetConfigs[name].dump();
        if (auto it = loaded_.find(path); it != loaded_.end()) {
            if (auto st = it->second->configure(cfg); !st) obs::warn("{}", st.error().message);
            out.push_back(it->second);
            continue;
        }
        auto plugin = LoadedPlugin::load(path, cfg);
        if (!plugin) {
            obs::error("{}", plugin.error().message);
            return plugin.error();
        }
        if (plugin.value()->toolset() != name)
            return makeError(Error::Code::InvalidArgument,
                             fmt::format("plugin {}: declares toolset '{}' but was loaded as '{}'", path,
                                         plugin.value()->toolset(), name));
        obs::info(1, "loaded toolset {} from {} ({} tools, ABI {}.{})", name, path,
                  plugin.value()->tools().size(), KMCP_ABI_MAJOR, plugin.value()->abiMinor());
        loaded_[path] = plugin.value();
        out.push_back(plugin.value());
    }
    // Drop toolsets no longer enabled; calls in flight keep their plugin alive until they end.
    for (auto it = loaded_.begin(); it != loaded_.end();) {
        bool keep = false;
        for (const auto& p : out)
            keep = keep || p == it->second;
        it = keep ? std::next(it) : loaded_.erase(it);
    }
    return out;
}

} // namespace kmcp::plugins
