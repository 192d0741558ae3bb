#pragma once

#include "Value.h"

#include <string>

namespace kmcp::helm::tmpl {

// BurntSushi/toml's encoding as Helm's toToml uses it: plain keys first, then `[tables]` indented
// two spaces per level, floats always with a decimal point. Throws FuncError on unsupported data.
std::string toTomlDocument(const Value& v);

} // namespace kmcp::helm::tmpl
