#pragma once

#include <toml++/toml.h>

#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

namespace kmcp::config::detail {

// Thrown inside the config module for invalid configuration; Loader turns it into an Error at the
// module edge (STYLE.md rule 5), so no exception leaves kmcp::config.
struct ConfigError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Where each merged key came from, beyond what toml++ records itself. Values read from files keep
// their toml++ source region (file and line) because nodes are moved, never copied, while merging;
// values from flags have none, so the flag name is remembered here. Keys a user spelled with the
// seed's `sts_*` names are canonicalised to `token_exchange.*`, and messages use the user's spelling.
struct Provenance {
    std::map<std::string, std::string, std::less<>> flags;     // canonical path → "--flag"
    std::map<std::string, std::string, std::less<>> spellings; // canonical path → key as written

    // The key as the user wrote it (for messages).
    std::string displayKey(std::string_view path) const {
        if (auto it = spellings.find(path); it != spellings.end()) return it->second;
        return std::string(path);
    }

    // " in FILE:LINE" or " from --flag" or "" when unknown.
    std::string where(std::string_view path, const toml::node* node) const {
        if (auto it = flags.find(path); it != flags.end()) return " from " + it->second;
        if (node && node->source().path) {
            return " in " + *node->source().path + ":" + std::to_string(node->source().begin.line);
        }
        return {};
    }
};

// Location of a node for warnings: "FILE:LINE" or "FILE" when no line is known.
inline std::string locationOf(const toml::node& node, std::string_view fallbackFile) {
    if (node.source().path) return *node.source().path + ":" + std::to_string(node.source().begin.line);
    return std::string(fallbackFile);
}

inline std::string joinPath(std::string_view parent, std::string_view key) {
    if (parent.empty()) return std::string(key);
    return std::string(parent) + "." + std::string(key);
}

} // namespace kmcp::config::detail
