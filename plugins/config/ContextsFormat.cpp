#include "ContextsFormat.hpp"

#include <algorithm>
#include <vector>

namespace kmcp::plugins::config {

ContextsListing formatContexts(const nlohmann::json& contexts) {
    ContextsListing out;
    std::vector<nlohmann::json> items;
    if (contexts.is_array())
        for (const auto& c : contexts)
            if (c.is_object() && !c.value("name", "").empty()) items.push_back(c);
    if (items.empty()) {
        out.text = "No contexts found in kubeconfig";
        return out;
    }
    std::sort(items.begin(), items.end(),
              [](const auto& a, const auto& b) { return a.value("name", "") < b.value("name", ""); });
    std::string current;
    for (const auto& c : items)
        if (c.value("current", false)) current = c.value("name", "");
    std::string& t = out.text;
    t = "Available Kubernetes contexts (" + std::to_string(items.size()) + " total, default: " + current +
        "):\n\n";
    t += "Format: [*] CONTEXT_NAME -> SERVER_URL\n";
    t += "  (* marks the default context, used when a tool call sets no 'context')\n\n";
    t += "Contexts:\n---------\n";
    out.structured = {{"defaultContext", current}, {"contexts", nlohmann::json::array()}};
    for (const auto& c : items) {
        std::string name = c.value("name", "");
        std::string server = c.value("server", "");
        bool isDefault = name == current;
        t += (isDefault ? "*" : " ") + name + " -> " + server + "\n";
        out.structured["contexts"].push_back({{"name", name}, {"server", server}, {"default", isDefault}});
    }
    t += "---------\n\n";
    t += "To target another context, pass its name as the 'context' argument of a tool call";
    return out;
}

} // namespace kmcp::plugins::config
