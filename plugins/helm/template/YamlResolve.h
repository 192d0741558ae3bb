#pragma once

#include "Value.h"

#include <string>

namespace kmcp::helm::tmpl {

enum class YamlTag { Str, Int, Float, Bool, Null, Timestamp, Merge };

// go-yaml v2's implicit resolution of a plain scalar (YAML 1.1: yes/no/on/off are booleans,
// 0777 is octal, 1_000 is an int, 2001-12-14 is a timestamp). `out` receives the decoded value.
YamlTag resolvePlainScalar(const std::string& s, Value* out = nullptr);
// go-yaml v2 quotes strings that look like base-60 floats ("12:30").
bool isBase60Float(const std::string& s);

} // namespace kmcp::helm::tmpl
