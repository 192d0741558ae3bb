#pragma once

#include "KubeApi.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <stdexcept>
#include <string>

namespace kmcp::helm {

// A failed Kubernetes request, carrying the API's own message (e.g. the RBAC "forbidden" reason).
class KubeError : public std::runtime_error {
public:
    KubeError(int status, const std::string& message) : std::runtime_error(message), status_(status) {}
    int status() const { return status_; }

private:
    int status_;
};

// Object-level operations on manifests, paths found through the host's REST mapping.
class ResourceClient {
public:
    ResourceClient(KubeApi& api, std::string defaultNamespace)
        : api_(api), ns_(std::move(defaultNamespace)) {}

    // "Kind/name" or "Kind/ns/name", for messages.
    static std::string describe(const nlohmann::json& obj);
    // The object's REST path; sets metadata.namespace on namespaced objects that lack one and
    // clears it on cluster-scoped ones. Throws KubeError when the cluster does not serve the kind.
    std::string objectPath(nlohmann::json& obj);

    std::optional<nlohmann::json> get(nlohmann::json obj);
    // Server-side apply with helm's field manager (creates or updates).
    void apply(nlohmann::json obj);
    // Deletes with background propagation; a missing object is not an error.
    void remove(nlohmann::json obj);

private:
    KubeApi& api_;
    std::string ns_;
};

} // namespace kmcp::helm
