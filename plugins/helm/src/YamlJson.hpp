#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace YAML {
class Node;
}

namespace kmcp::helm {

// YAML → JSON the way helm reads it (sigs.k8s.io/yaml over go-yaml v2): YAML 1.1 plain-scalar
// resolution (yes/no/on/off are booleans, 0x/0o-style ints, ~ is null), merge keys (<<),
// non-string keys turned into their text. Throws std::runtime_error with the parser's message.
nlohmann::json yamlToJson(const std::string& text);
nlohmann::json yamlNodeToJson(const YAML::Node& node);
// Every document of a multi-document stream (empty documents become null).
std::vector<nlohmann::json> yamlDocumentsToJson(const std::string& text);
// Like yamlToJson but every scalar stays text: how helm reads Chart.yaml into string fields
// (`version: 1.10` stays "1.10").
nlohmann::json yamlToJsonStrings(const std::string& text);

// Resolves one plain scalar with go-yaml v2's rules.
nlohmann::json resolvePlainScalar(const std::string& s);

} // namespace kmcp::helm
