#pragma once

#include "Value.h"

#include <string>

namespace kmcp::helm::tmpl {

// Parses the first YAML document the way sigs.k8s.io/yaml.Unmarshal into interface{} does:
// go-yaml v2 resolution (yes/no are booleans, timestamps stay strings, `<<` merges), then the JSON
// round trip (all numbers become float64, map keys become strings). Throws FuncError on bad YAML.
Value parseYamlValue(const std::string& text, NumberMode mode = NumberMode::AllFloat);

} // namespace kmcp::helm::tmpl
