#pragma once

#include <toml++/toml.h>

#include <string>
#include <vector>

namespace kmcp::config::detail {

struct ParsedSource {
    toml::table table;
    std::vector<std::string> warnings;
};

// Parses TOML text named `sourceName` (used in messages and node source regions).
// One leniency: the seed's ConfigMap template writes `sts_client_secret = ${MCP_SERVER_SECRET}` without
// quotes, so after envsubst the value is a bare word and the document is not valid TOML. When a parse
// error falls on a `key = bareword` line whose key holds a string, the word is read as a string and a
// warning (without the value, which may be a secret) tells the user to quote it. A bare `${VAR}` is an
// error: the template was not substituted. Throws ConfigError otherwise.
ParsedSource parseToml(std::string text, const std::string& sourceName);

// Reads and parses one file; throws ConfigError when it cannot be read or parsed.
ParsedSource readTomlFile(const std::string& path);

} // namespace kmcp::config::detail
