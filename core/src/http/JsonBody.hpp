#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string_view>

namespace kmcp::http {

// Deeper than any JSON-RPC message needs; stops a body of nested brackets from building millions
// of nodes (a 16 MiB "[[[[…" would otherwise cost gigabytes).
inline constexpr int kMaxJsonDepth = 128;

// Parses a request body; nullopt when it is not JSON or nests deeper than kMaxJsonDepth.
std::optional<nlohmann::json> parseJsonBody(std::string_view text);

} // namespace kmcp::http
