#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace kmcp::plugins {

// Checks tool arguments against the tool's input schema (the JSON Schema subset tool schemas use:
// type incl. unions, properties, required, additionalProperties:false, enum, const, items,
// minimum/maximum, minLength/maxLength, minItems/maxItems, pattern). Returns a message naming the
// offending field, or nullopt when the arguments are valid.
std::optional<std::string> validateArguments(const nlohmann::json& schema, const nlohmann::json& args);

} // namespace kmcp::plugins
