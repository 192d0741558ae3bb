#pragma once

#include "ApiPath.hpp"
#include "ListOutput.hpp"

#include <kmcp/plugin.hpp>

#include <optional>
#include <string>

namespace kmcp::plugins::core {

// The per-call view of the target cluster used by every core tool: REST mapping and discovery
// through the host's cache, JSON requests whose failures carry the API's own message, and the
// host settings that shape output.
class Cluster {
public:
    explicit Cluster(sdk::Call& call) : call_(call) {}

    sdk::Call& call() { return call_; }

    // apiVersion + kind (or resource name / short name) → REST resource. Unknown kinds give a
    // not-found error naming them.
    ResourceRef resolve(const std::string& apiVersion, const std::string& kind);
    static ResourceRef coreV1(const std::string& kind, const std::string& resource, bool namespaced = true) {
        return {"", "v1", kind, resource, namespaced};
    }
    // True when the cluster serves this group/version (e.g. "metrics.k8s.io/v1beta1").
    bool serves(const std::string& groupVersion);

    // The namespace a namespaced resource's call targets: the argument, else the context default;
    // "" for cluster-scoped resources.
    std::string namespaceFor(const ResourceRef& ref, const std::string& requested);

    // A request that must succeed; a failure throws with `what` + ": " + the API's message.
    sdk::KubeResponse ok(const sdk::KubeRequest& request, const std::string& what);
    nlohmann::json getJson(const std::string& path, const std::string& query, const std::string& what);

    // Lists `ref` in `ns` ("" = all namespaces) as configured (table or YAML). When listing across
    // all namespaces is forbidden, falls back to the context's namespace and says so.
    std::string list(const ResourceRef& ref, const std::string& ns, const ListParams& params,
                     const std::string& what);

    ListFormat listFormat();
    bool redactSecrets();

private:
    const nlohmann::json& server();

    sdk::Call& call_;
    std::optional<nlohmann::json> server_;
    std::optional<nlohmann::json> apiVersions_;
};

// Reads the shared paging/selector arguments of list tools.
ListParams listParamsFrom(const sdk::Call& call, const char* labelKey = "labelSelector",
                          const char* fieldKey = "fieldSelector");

} // namespace kmcp::plugins::core
