#include "Apply.hpp"

namespace kmcp::plugins::core {

nlohmann::json applyObject(Cluster& cluster, const nlohmann::json& object) {
    std::string apiVersion = object.value("apiVersion", "");
    std::string kind = object.value("kind", "");
    const auto meta = object.value("metadata", nlohmann::json::object());
    std::string name = meta.value("name", "");
    ResourceRef ref = cluster.resolve(apiVersion, kind);
    std::string ns = cluster.namespaceFor(ref, meta.value("namespace", ""));
    nlohmann::json body = object;
    if (ref.namespaced) body["metadata"]["namespace"] = ns;
    Query q;
    q.add("fieldManager", kFieldManager).add("force", "true");
    std::string what = "failed to apply " + kind + " " + (ns.empty() ? "" : ns + "/") + name;
    auto resp = cluster.ok({.method = "PATCH",
                            .path = objectPath(ref, ns, name),
                            .query = q.str(),
                            .body = body.dump(),
                            .contentType = "application/apply-patch+yaml"},
                           what);
    if (kind == "CustomResourceDefinition") cluster.call().info("discovery_invalidate");
    auto stored = nlohmann::json::parse(resp.body, nullptr, false);
    return stored.is_discarded() ? body : stored;
}

} // namespace kmcp::plugins::core
