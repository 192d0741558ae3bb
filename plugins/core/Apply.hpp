#pragma once

#include "Cluster.hpp"

#include <nlohmann/json.hpp>

namespace kmcp::plugins::core {

inline constexpr const char* kFieldManager = "kubernetes-mcp-server";

// Server-side applies one object (PATCH application/apply-patch+yaml, fieldManager
// kubernetes-mcp-server, force=true) at the REST path its apiVersion/kind map to, in its namespace
// or the context's default. After a CustomResourceDefinition the host's discovery cache is
// refreshed so the new kind can be used at once. Returns the object the server stored.
nlohmann::json applyObject(Cluster& cluster, const nlohmann::json& object);

} // namespace kmcp::plugins::core
