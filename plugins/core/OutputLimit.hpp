#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kmcp::plugins::core {

// Largest tool output we hand back; more floods the model's context without helping it.
inline constexpr std::size_t kMaxOutputBytes = 100 * 1024;

// Returns `text` unchanged when it fits in `maxBytes`; otherwise cuts it at the last line break
// that fits (never inside a UTF-8 sequence) and appends a marker saying how much was dropped and
// `howToContinue` (e.g. "use limit/continue to page").
std::string boundOutput(std::string text, std::string_view howToContinue,
                        std::size_t maxBytes = kMaxOutputBytes);

} // namespace kmcp::plugins::core
