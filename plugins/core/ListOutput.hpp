#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace kmcp::plugins::core {

// The Accept header that asks the API server for a meta.k8s.io Table, falling back to JSON.
inline constexpr const char* kTableAccept =
    "application/json;as=Table;v=v1;g=meta.k8s.io,"
    "application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

enum class ListFormat { Table, Yaml };

// "table" (default, also for unknown values) or "yaml", from the host's list_output setting.
ListFormat listFormatFrom(const std::string& setting);

// A list response rendered for the model: a kubectl-style table (APIVERSION and KIND columns
// prepended, values `groupVersion` / `kind`) when the body is a Table, otherwise the items as YAML
// without managedFields. Ends with a paging note when the server returned a continue token, and
// says so plainly when nothing matched. Output is bounded (see OutputLimit.hpp).
std::string renderList(const nlohmann::json& body, const std::string& groupVersion, const std::string& kind,
                       bool redactSecrets);

// "# more items: ..." note for a list's metadata.continue / remainingItemCount; "" when none.
std::string pagingNote(const nlohmann::json& body);

} // namespace kmcp::plugins::core
