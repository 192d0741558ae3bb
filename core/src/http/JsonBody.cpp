#include "http/JsonBody.hpp"

#include <stdexcept>

namespace kmcp::http {
namespace {
struct TooDeep : std::runtime_error {
    TooDeep() : std::runtime_error("JSON nested too deeply") {}
};
} // namespace

std::optional<nlohmann::json> parseJsonBody(std::string_view text) {
    try {
        auto guard = [](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
            if (depth > kMaxJsonDepth) throw TooDeep();
            return true;
        };
        nlohmann::json parsed = nlohmann::json::parse(text.begin(), text.end(), guard, false);
        if (parsed.is_discarded()) return std::nullopt;
        return parsed;
    } catch (const TooDeep&) {
        return std::nullopt;
    }
}

} // namespace kmcp::http
