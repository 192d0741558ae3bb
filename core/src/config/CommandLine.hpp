#pragma once

#include "config/Loader.hpp"

#include <string>
#include <vector>

namespace kmcp::config::detail {

struct ParsedCommandLine {
    Invocation invocation;
    std::vector<FlagOverride> overrides; // in command-line order of definition; later entries win
};

// Parses argv with CLI11. Throws ConfigError on an unknown flag, a missing value or a bad boolean.
ParsedCommandLine parseCommandLine(int argc, const char* const* argv, const Loader::EnvLookup& env);

} // namespace kmcp::config::detail
