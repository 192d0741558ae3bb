#pragma once

#include <kmcp/plugin.hpp>

// Registration of the `core` toolset, one function per family of tools.
namespace kmcp::plugins::core {

void registerPodTools(sdk::Toolset& toolset);
void registerPodIoTools(sdk::Toolset& toolset); // pods_log, pods_exec
void registerResourceTools(sdk::Toolset& toolset);
void registerClusterTools(sdk::Toolset& toolset); // events, namespaces, projects
void registerNodeTools(sdk::Toolset& toolset);    // nodes_*, pods_top
void registerHealthCheckPrompt(sdk::Toolset& toolset);

// Annotation sets from the compatibility table.
inline constexpr uint32_t kReadOnly = KMCP_TOOL_READ_ONLY | KMCP_TOOL_OPEN_WORLD;
inline constexpr uint32_t kReadOnlyIdempotent =
    KMCP_TOOL_READ_ONLY | KMCP_TOOL_IDEMPOTENT | KMCP_TOOL_OPEN_WORLD;
inline constexpr uint32_t kDestructiveIdempotent =
    KMCP_TOOL_DESTRUCTIVE | KMCP_TOOL_IDEMPOTENT | KMCP_TOOL_OPEN_WORLD;

} // namespace kmcp::plugins::core
