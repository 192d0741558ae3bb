#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

// Small builders for the tools' input JSON Schemas.
namespace kmcp::plugins::core::schema {

using json = nlohmann::json;

inline json str(const std::string& description) {
    return {{"type", "string"}, {"description", description}};
}
inline json integer(const std::string& description) {
    return {{"type", "integer"}, {"description", description}};
}
inline json integer(const std::string& description, long long def) {
    return {{"type", "integer"}, {"description", description}, {"default", def}};
}
inline json boolean(const std::string& description) {
    return {{"type", "boolean"}, {"description", description}};
}
inline json boolean(const std::string& description, bool def) {
    return {{"type", "boolean"}, {"description", description}, {"default", def}};
}
inline json number(const std::string& description) {
    return {{"type", "number"}, {"description", description}};
}
inline json stringArray(const std::string& description) {
    return {{"type", "array"}, {"description", description}, {"items", {{"type", "string"}}}};
}
inline json object(json properties, const std::vector<std::string>& required = {}) {
    json o{{"type", "object"}, {"properties", std::move(properties)}};
    if (!required.empty()) o["required"] = required;
    return o;
}

inline json labelSelector(const std::string& what) {
    return str("Optional Kubernetes label selector to filter the " + what +
               " by label (e.g. 'app=web,tier!=cache' or 'env in (prod,staging)')");
}
inline json fieldSelector(const std::string& what, const std::string& examples) {
    return str("Optional Kubernetes field selector to filter the " + what + " by field values (e.g. " +
               examples +
               "). See https://kubernetes.io/docs/concepts/overview/working-with-objects/field-selectors/");
}
// Paging arguments every list tool accepts (our addition to the reference's surface).
inline void addPaging(json& properties) {
    properties["limit"] =
        integer("Optional maximum number of items to return in one page; when more exist the "
                "output ends with a continue token");
    properties["continue"] =
        str("Optional continue token from a previous call's output, to fetch the next page "
            "(use the same selectors)");
}

inline const char* kApiVersion = "apiVersion of the resource (e.g. v1, apps/v1, networking.k8s.io/v1)";
inline const char* kKind = "kind of the resource (e.g. Pod, Service, Deployment, Ingress)";
inline const char* kCommonKinds = "(common apiVersion and kind pairs: v1 Pod, v1 Service, v1 Node, apps/v1 "
                                  "Deployment, networking.k8s.io/v1 Ingress, route.openshift.io/v1 Route)";

} // namespace kmcp::plugins::core::schema
