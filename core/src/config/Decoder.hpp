#pragma once

#include "config/Config.hpp"
#include "config/Provenance.hpp"
#include "config/ValueReader.hpp"

#include <toml++/toml.h>

#include <string>
#include <vector>

namespace kmcp::config::detail {

// Turns the merged, canonical-spelled table into a Config: checks each key's type and value
// (throwing ConfigError with the key, its origin, the value and what is allowed) and fills defaults.
// Cross-field rules are Validator's job.
Config decode(const toml::table& merged, const Provenance& provenance, std::vector<std::string>& warnings);

// Sections with their own structure (Sections.cpp).
std::vector<Prompt> decodePrompts(const ValueReader& reader, const toml::node& node,
                                  std::vector<std::string>& warnings);
nlohmann::json decodeToolsetConfigs(const ValueReader& reader, const toml::node& node);
// Any TOML value as JSON (dates become their TOML text).
nlohmann::json toJson(const toml::node& node);

} // namespace kmcp::config::detail
