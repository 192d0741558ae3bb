#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

namespace kmcp::sandbox {

// One servable resource of one group/version, as discovery advertises it.
struct ResourceType {
    std::string group;
    std::string version;
    std::string resource; // plural, e.g. "deployments"
    std::string singular;
    std::string kind;
    bool namespaced = true;
    std::vector<std::string> verbs;
    std::vector<std::string> shortNames;
    std::vector<std::string> categories;
    std::vector<std::string> subresources; // "status", "scale", "log", "exec", "proxy"
    // Virtual resources (reviews, metrics, projects) are computed, not stored.
    bool virtualResource = false;
    // Set for types served because a CustomResourceDefinition exists; the CRD's name.
    std::string crdName;

    std::string apiVersion() const { return group.empty() ? version : group + "/" + version; }
    // Key of the storage bucket: objects are shared across versions of one group/resource.
    std::string storageKey() const { return group + "/" + resource; }
    bool hasSubresource(const std::string& name) const;
};

// Thread-safe registry of built-in and CRD-defined types; discovery documents are rendered from it.
class TypeRegistry {
public:
    explicit TypeRegistry(bool openshift);

    std::optional<ResourceType> find(const std::string& group, const std::string& version,
                                     const std::string& resource) const;
    std::optional<ResourceType> findByKind(const std::string& group, const std::string& kind) const;
    std::vector<ResourceType> all() const;

    // Replaces every type that the CRD `crd` served before with the ones its spec defines now.
    void registerCrd(const nlohmann::json& crd);
    void unregisterCrd(const std::string& crdName);

    nlohmann::json coreApiVersions() const;                                 // /api
    nlohmann::json apiGroupList() const;                                    // /apis
    std::optional<nlohmann::json> apiGroup(const std::string& group) const; // /apis/<g>
    std::optional<nlohmann::json> resourceList(const std::string& group, const std::string& version) const;
    // /openapi/v3 root and per group-version documents, enough for kubectl's field-validation probe.
    nlohmann::json openApiV3Root() const;
    std::optional<nlohmann::json> openApiV3Document(const std::string& groupVersionPath) const;

private:
    std::vector<std::string> versionsOf(const std::string& group) const;

    mutable std::shared_mutex mutex_;
    std::vector<ResourceType> types_;
    std::vector<std::string> groupOrder_;
};

} // namespace kmcp::sandbox
