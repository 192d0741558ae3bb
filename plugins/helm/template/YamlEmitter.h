#pragma once

#include "Value.h"

#include <string>

namespace kmcp::helm::tmpl {

// Serialises a value the way sigs.k8s.io/yaml.Marshal does (encoding/json first, then go-yaml v2):
// keys sorted with go-yaml's natural order, 2-space indentation, sequences under a key not
// indented, go-yaml's quoting rules, `|-` literal blocks for multi-line strings, and folding of
// long plain/quoted scalars at 80 columns. The result ends with a newline.
std::string toYamlDocument(const Value& v);

// go-yaml v2's map key order ("a2" < "a10", non-letters before letters).
bool yamlKeyLess(const std::string& a, const std::string& b);

} // namespace kmcp::helm::tmpl
