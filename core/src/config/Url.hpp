#pragma once

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>

namespace kmcp::config::detail {

// The parts of an absolute URL the config checks need; no percent-decoding, no IDNA.
struct UrlParts {
    std::string scheme; // lower-cased
    std::string host;   // lower-cased, with :port if any
    std::string path;   // from the first '/' after the host (may carry ?query)
};

// nullopt unless `text` is scheme://host[:port][/path] with a plausible host (letters, digits,
// '.', '-', '_', ':', '[' and ']'), so leftovers like `${CLUSTER_NAME}` are rejected.
inline std::optional<UrlParts> parseUrl(std::string_view text) {
    auto sep = text.find("://");
    if (sep == std::string_view::npos || sep == 0) return std::nullopt;
    UrlParts parts;
    for (char c : text.substr(0, sep)) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.')
            return std::nullopt;
        parts.scheme += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    auto rest = text.substr(sep + 3);
    auto slash = rest.find_first_of("/?#");
    auto host = rest.substr(0, slash);
    if (host.empty()) return std::nullopt;
    for (char c : host) {
        if (!std::isalnum(static_cast<unsigned char>(c)) &&
            std::string_view(".-_:[]").find(c) == std::string_view::npos) {
            return std::nullopt;
        }
        parts.host += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (slash != std::string_view::npos) parts.path = std::string(rest.substr(slash));
    return parts;
}

} // namespace kmcp::config::detail
