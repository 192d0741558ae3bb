#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace kmcp::plugins::core {

// Splits the resources_create_or_update argument into objects: multi-document YAML ("---") or
// JSON (an object or an array of objects); empty documents are skipped, `kind: List` documents
// expand to their items, and `.status` is dropped from every object (only controllers write it).
// Plain YAML scalars are typed like the Go tooling does (YAML 1.1: yes/no are booleans).
// Throws kmcp::sdk::Error (invalid argument) naming the document when one does not parse, is not
// a mapping, or lacks apiVersion, kind or metadata.name.
std::vector<nlohmann::json> parseManifests(const std::string& text);

} // namespace kmcp::plugins::core
