#pragma once

#include <nlohmann/json.hpp>

namespace kmcp::plugins::core {

// Text that replaces every redacted Secret value.
inline constexpr const char* kRedacted = "<redacted>";

// Prepares an API object for display: drops metadata.managedFields (noise for a reader, as in the
// reference) and, when `redactSecrets` is set and the object is a core/v1 Secret, replaces each
// data/stringData value and the last-applied-configuration annotation (which repeats them).
void cleanObject(nlohmann::json& object, bool redactSecrets);

// The items of a List response, each cleaned, with apiVersion/kind filled in from the list when
// the server left them out (as Go's unstructured list decoding does).
nlohmann::json cleanListItems(const nlohmann::json& list, bool redactSecrets);

} // namespace kmcp::plugins::core
