#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <regex>
#include <string>
#include <string_view>

namespace kmcp::plugins::core {

inline constexpr long long kDefaultTailLines = 100;
inline constexpr const char* kDefaultContainerAnnotation = "kubectl.kubernetes.io/default-container";

// kubectl's container choice (KEP-2227): the requested one; else the only container; else the
// kubectl.kubernetes.io/default-container annotation; else the first container ("" if none).
std::string chooseContainer(const nlohmann::json& pod, const std::string& requested);

// Line filter for pods_log: keeps lines containing `grep` (substring) and matching `regex`
// (ECMAScript, searched anywhere in the line). Both optional.
class LogFilter {
public:
    // Throws kmcp::sdk::Error (invalid argument, naming `regex`) when the pattern does not compile.
    LogFilter(std::string grep, const std::string& regex);

    bool active() const { return !grep_.empty() || regex_.has_value(); }
    bool keep(std::string_view line) const;
    // Applies the filter line by line; a final line without '\n' is kept as such.
    std::string apply(std::string_view logs) const;

private:
    std::string grep_;
    std::optional<std::regex> regex_;
};

// Query for GET .../pods/NAME/log. tail <= 0 means the default (100 lines).
std::string logQuery(const std::string& container, bool previous, long long tail, long long limitBytes);

} // namespace kmcp::plugins::core
