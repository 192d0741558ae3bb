#include "plugins/Registry.hpp"

#include "obs/Log.hpp"

namespace kmcp::plugins {

std::shared_ptr<Registry> Registry::build(const std::vector<std::shared_ptr<LoadedPlugin>>& plugins,
                                          const Options& options) {
    auto r = std::make_shared<Registry>();
    for (const auto& plugin : plugins) {
        r->toolsets_.push_back(plugin->toolset());
        for (const auto& def : plugin->tools()) {
            if (r->toolIndex_.count(def.name)) {
                obs::warn("tool {} of toolset {} ({}) hides an earlier tool of the same name; skipped",
                          def.name, plugin->toolset(), plugin->path());
                continue;
            }
            if (options.allow && !options.allow(def)) continue;
            Tool tool{def, plugin->toolset(), plugin};
            if (options.describe) tool.def.description = options.describe(def);
            if (def.targetsCluster && options.contexts.size() > 1) {
                auto& props = tool.def.inputSchema["properties"];
                if (!props.is_object()) props = nlohmann::json::object();
                props["context"] = {
                    {"type", "string"},
                    {"description", "Kubeconfig context to target; the current context when omitted"},
                    {"enum", options.contexts}};
            }
            r->toolIndex_[def.name] = r->tools_.size();
            r->tools_.push_back(std::move(tool));
        }
        for (const auto& def : plugin->prompts()) {
            if (r->promptIndex_.count(def.name)) continue;
            r->promptIndex_[def.name] = r->prompts_.size();
            r->prompts_.push_back(Prompt{def, plugin, std::nullopt});
        }
    }
    // Configuration prompts come last but win: an operator's prompt overrides a plugin's.
    for (const auto& p : options.userPrompts) {
        PromptDefinition def{p.name, p.title, p.description, {}};
        for (const auto& a : p.arguments)
            def.arguments.push_back({a.name, a.description, a.required});
        Prompt prompt{def, nullptr, p};
        if (auto it = r->promptIndex_.find(p.name); it != r->promptIndex_.end()) {
            r->prompts_[it->second] = std::move(prompt);
        } else {
            r->promptIndex_[p.name] = r->prompts_.size();
            r->prompts_.push_back(std::move(prompt));
        }
    }
    return r;
}

const Tool* Registry::findTool(const std::string& name) const {
    auto it = toolIndex_.find(name);
    return it == toolIndex_.end() ? nullptr : &tools_[it->second];
}

const Prompt* Registry::findPrompt(const std::string& name) const {
    auto it = promptIndex_.find(name);
    return it == promptIndex_.end() ? nullptr : &prompts_[it->second];
}

std::vector<std::string> Registry::toolsets() const {
    return toolsets_;
}

} // namespace kmcp::plugins
