#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace kmcp::sandbox {

enum class PatchType { Merge, Json, Strategic, Apply };

// Maps a PATCH Content-Type to its type; throws ApiError 415-like BadRequest for unknown types.
PatchType patchTypeFromContentType(const std::string& contentType);

// RFC 7386 JSON merge patch.
nlohmann::json applyMergePatch(const nlohmann::json& target, const nlohmann::json& patch);

// RFC 6902 JSON patch; failures (bad pointer, failed test op) raise ApiError.
nlohmann::json applyJsonPatch(const nlohmann::json& target, const nlohmann::json& patch);

// Strategic merge patch: a merge patch where lists of objects carrying a merge key (name, mountPath,
// containerPort/port) merge element by element, plus the `$patch`, `$setElementOrder/`,
// `$retainKeys` and `$deleteFromPrimitiveList/` directives kubectl emits.
nlohmann::json applyStrategicMergePatch(const nlohmann::json& target, const nlohmann::json& patch);

// Server-side apply: the applied configuration is merged strategically into the live object.
nlohmann::json applyServerSideApply(const nlohmann::json& target, const nlohmann::json& applied);

} // namespace kmcp::sandbox
