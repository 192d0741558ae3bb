#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace kmcp::config {

// Parses a Go time.Duration string ("10s", "1m30s", "1.5h", "250ms", "0"), the syntax the reference
// server's `http.read_header_timeout` uses. Units: ns, us, µs, ms, s, m, h; a leading sign is
// allowed. Returns nullopt on any syntax error or overflow.
std::optional<std::chrono::nanoseconds> parseGoDuration(std::string_view text);

} // namespace kmcp::config
