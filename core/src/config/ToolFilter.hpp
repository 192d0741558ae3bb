#pragma once

#include "config/Config.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace kmcp::config {

// Whether a tool with these KMCP_TOOL_* annotation bits (sdk/include/kmcp/plugin.h) is offered.
// Every rule must pass (as in the reference's isToolApplicable, so no rule can re-enable a tool
// another one hid):
//  1. read_only: the tool must be readOnlyHint;
//  2. read_only or disable_destructive: the tool must not be destructiveHint. read_only implies it —
//     a tool claiming both hints is mislabelled and is hidden rather than trusted (the reference
//     would show it under read_only);
//  3. enabled_tools, when non-empty, lists every tool allowed (the reference treats an explicit
//     empty list as "allow none"; here empty means no allow-list);
//  4. disabled_tools hides the tools it lists, even when enabled_tools names them.
// Hiding is a convenience: the host still enforces read-only policy on every API request.
bool toolAllowed(const Config& config, std::string_view toolName, uint32_t annotations);

// The description to show for a tool: tool_overrides.<tool>.description when set, else `original`.
std::string toolDescription(const Config& config, std::string_view toolName, std::string_view original);

} // namespace kmcp::config
