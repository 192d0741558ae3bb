#pragma once

#include <chrono>
#include <string>

namespace kmcp::sandbox {

using TimePoint = std::chrono::system_clock::time_point;

// "2024-05-01T10:00:00Z" (metav1.Time wire format).
std::string rfc3339(TimePoint t);
// "2024-05-01T10:00:00.000000000Z" (what kubelet prefixes log lines with).
std::string rfc3339Nano(TimePoint t);
// Parses the formats above; returns the epoch when the text is not a timestamp.
TimePoint parseRfc3339(const std::string& text);
// kubectl's age format (apimachinery duration.HumanDuration): 45s, 3m20s, 5h, 2d3h, ...
std::string humanDuration(std::chrono::seconds d);

} // namespace kmcp::sandbox
