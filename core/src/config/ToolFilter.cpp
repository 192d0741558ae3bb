#include "config/ToolFilter.hpp"

#include <kmcp/plugin.h>

#include <algorithm>

namespace kmcp::config {

namespace {

bool listed(const std::vector<std::string>& names, std::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

} // namespace

bool toolAllowed(const Config& config, std::string_view toolName, uint32_t annotations) {
    const bool readOnlyHint = (annotations & KMCP_TOOL_READ_ONLY) != 0;
    const bool destructiveHint = (annotations & KMCP_TOOL_DESTRUCTIVE) != 0;
    if (config.readOnly && !readOnlyHint) return false;
    if ((config.readOnly || config.disableDestructive) && destructiveHint) return false;
    if (!config.enabledTools.empty() && !listed(config.enabledTools, toolName)) return false;
    if (listed(config.disabledTools, toolName)) return false;
    return true;
}

std::string toolDescription(const Config& config, std::string_view toolName, std::string_view original) {
    if (auto it = config.toolDescriptionOverrides.find(std::string(toolName));
        it != config.toolDescriptionOverrides.end() && !it->second.empty()) {
        return it->second;
    }
    return std::string(original);
}

} // namespace kmcp::config
