#include "config/GoDuration.hpp"

#include <cmath>
#include <cstdint>
#include <limits>

namespace kmcp::config {

namespace {

// Nanoseconds per unit, longest unit names first so "ms" is not read as "m".
std::optional<double> unitScale(std::string_view text, size_t& pos) {
    static constexpr struct {
        std::string_view name;
        double scale;
    } units[] = {{"ns", 1.0}, {"us", 1e3}, {"\xC2\xB5s", 1e3}, {"\xCE\xBCs", 1e3},
                 {"ms", 1e6}, {"s", 1e9},  {"m", 60e9},        {"h", 3600e9}};
    for (const auto& unit : units) {
        if (text.substr(pos, unit.name.size()) == unit.name) {
            pos += unit.name.size();
            return unit.scale;
        }
    }
    return std::nullopt;
}

} // namespace

std::optional<std::chrono::nanoseconds> parseGoDuration(std::string_view text) {
    size_t pos = 0;
    bool negative = false;
    if (pos < text.size() && (text[pos] == '-' || text[pos] == '+')) negative = text[pos++] == '-';
    if (text.substr(pos) == "0") return std::chrono::nanoseconds{0};
    if (pos >= text.size()) return std::nullopt;

    double total = 0;
    while (pos < text.size()) {
        const size_t start = pos;
        double whole = 0;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9')
            whole = whole * 10 + (text[pos++] - '0');
        double fraction = 0;
        bool sawFraction = false;
        if (pos < text.size() && text[pos] == '.') {
            ++pos;
            double scale = 0.1;
            while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
                fraction += (text[pos++] - '0') * scale;
                scale /= 10;
                sawFraction = true;
            }
        }
        const bool sawDigits = pos > start && !(pos == start + 1 && text[start] == '.');
        if (!sawDigits && !sawFraction) return std::nullopt;
        auto scale = unitScale(text, pos);
        if (!scale) return std::nullopt; // Go requires a unit on every number except a bare "0"
        total += (whole + fraction) * *scale;
        if (total > static_cast<double>(std::numeric_limits<int64_t>::max())) return std::nullopt;
    }
    auto ns = static_cast<int64_t>(std::llround(total));
    return std::chrono::nanoseconds{negative ? -ns : ns};
}

} // namespace kmcp::config
