#pragma once

#include <toml++/toml.h>

#include <string>
#include <vector>

namespace kmcp::config::detail {

// Adds `unknown configuration key "x.y" in FILE:LINE` for every key of a canonical-spelled source that
// no part of the server reads (the reference ignores them silently, which hides typos), and a
// distinct warning for reference-server keys this server does not implement.
// `toolset_configs.<name>` for toolsets other than helm belong to plugins and are not checked.
void warnUnknownKeys(const toml::table& table, const std::string& sourceName,
                     std::vector<std::string>& warnings);

} // namespace kmcp::config::detail
