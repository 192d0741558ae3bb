#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace kmcp::sandbox {

// Parses a YAML (or JSON) document into JSON, keeping unquoted scalars typed as YAML 1.2 core
// schema says (ints, floats, bools, null) and quoted scalars as strings.
nlohmann::json yamlToJson(const std::string& text);

// Renders JSON as block-style YAML.
std::string jsonToYaml(const nlohmann::json& value);

} // namespace kmcp::sandbox
