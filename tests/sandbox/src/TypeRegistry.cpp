#include "TypeRegistry.hpp"

#include <algorithm>
#include <mutex>

namespace kmcp::sandbox {

using nlohmann::json;

namespace {

const std::vector<std::string> kAllVerbs = {"create", "delete", "deletecollection", "get",
                                            "list",   "patch",  "update",           "watch"};
const std::vector<std::string> kReadVerbs = {"get", "list", "watch"};

ResourceType make(std::string group, std::string version, std::string resource, std::string singular,
                  std::string kind, bool namespaced, std::vector<std::string> shortNames = {},
                  std::vector<std::string> subresources = {}, std::vector<std::string> verbs = kAllVerbs) {
    ResourceType t;
    t.group = std::move(group);
    t.version = std::move(version);
    t.resource = std::move(resource);
    t.singular = std::move(singular);
    t.kind = std::move(kind);
    t.namespaced = namespaced;
    t.shortNames = std::move(shortNames);
    t.subresources = std::move(subresources);
    t.verbs = std::move(verbs);
    return t;
}

ResourceType makeVirtual(std::string group, std::string version, std::string resource, std::string singular,
                         std::string kind, bool namespaced, std::vector<std::string> verbs) {
    auto t = make(std::move(group), std::move(version), std::move(resource), std::move(singular),
                  std::move(kind), namespaced, {}, {}, std::move(verbs));
    t.virtualResource = true;
    return t;
}

} // namespace

bool ResourceType::hasSubresource(const std::string& name) const {
    return std::find(subresources.begin(), subresources.end(), name) != subresources.end();
}

TypeRegistry::TypeRegistry(bool openshift) {
    auto all = [](std::vector<std::string> cats) { return cats; };
    types_ = {
        make("", "v1", "namespaces", "namespace", "Namespace", false, {"ns"}, {"status"},
             {"create", "delete", "get", "list", "patch", "update", "watch"}),
        make("", "v1", "pods", "pod", "Pod", true, {"po"}, {"status", "log", "exec"}),
        make("", "v1", "services", "service", "Service", true, {"svc"}, {"status"}),
        make("", "v1", "configmaps", "configmap", "ConfigMap", true, {"cm"}),
        make("", "v1", "secrets", "secret", "Secret", true),
        make("", "v1", "events", "event", "Event", true, {"ev"}),
        make("", "v1", "nodes", "node", "Node", false, {"no"}, {"status", "proxy"}),
        make("", "v1", "serviceaccounts", "serviceaccount", "ServiceAccount", true, {"sa"}),
        make("", "v1", "persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim", true,
             {"pvc"}, {"status"}),
        make("", "v1", "endpoints", "endpoints", "Endpoints", true, {"ep"}),
        make("apps", "v1", "deployments", "deployment", "Deployment", true, {"deploy"}, {"status", "scale"}),
        make("apps", "v1", "replicasets", "replicaset", "ReplicaSet", true, {"rs"}, {"status", "scale"}),
        make("apps", "v1", "statefulsets", "statefulset", "StatefulSet", true, {"sts"}, {"status", "scale"}),
        make("apps", "v1", "daemonsets", "daemonset", "DaemonSet", true, {"ds"}, {"status"}),
        make("batch", "v1", "jobs", "job", "Job", true, {}, {"status"}),
        make("batch", "v1", "cronjobs", "cronjob", "CronJob", true, {"cj"}, {"status"}),
        make("rbac.authorization.k8s.io", "v1", "roles", "role", "Role", true),
        make("rbac.authorization.k8s.io", "v1", "rolebindings", "rolebinding", "RoleBinding", true),
        make("rbac.authorization.k8s.io", "v1", "clusterroles", "clusterrole", "ClusterRole", false),
        make("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "clusterrolebinding",
             "ClusterRoleBinding", false),
        make("networking.k8s.io", "v1", "ingresses", "ingress", "Ingress", true, {"ing"}, {"status"}),
        make("networking.k8s.io", "v1", "networkpolicies", "networkpolicy", "NetworkPolicy", true,
             {"netpol"}),
        make("apiextensions.k8s.io", "v1", "customresourcedefinitions", "customresourcedefinition",
             "CustomResourceDefinition", false, {"crd", "crds"}, {"status"}),
        makeVirtual("authorization.k8s.io", "v1", "selfsubjectaccessreviews", "selfsubjectaccessreview",
                    "SelfSubjectAccessReview", false, {"create"}),
        makeVirtual("authorization.k8s.io", "v1", "selfsubjectrulesreviews", "selfsubjectrulesreview",
                    "SelfSubjectRulesReview", false, {"create"}),
        makeVirtual("authorization.k8s.io", "v1", "subjectaccessreviews", "subjectaccessreview",
                    "SubjectAccessReview", false, {"create"}),
        makeVirtual("authentication.k8s.io", "v1", "selfsubjectreviews", "selfsubjectreview",
                    "SelfSubjectReview", false, {"create"}),
        makeVirtual("metrics.k8s.io", "v1beta1", "pods", "", "PodMetrics", true, kReadVerbs),
        makeVirtual("metrics.k8s.io", "v1beta1", "nodes", "", "NodeMetrics", false, kReadVerbs),
    };
    for (auto& t : types_) {
        if (t.group.empty() || t.group == "apps" || t.group == "batch") {
            if (t.resource == "pods" || t.resource == "services" || t.resource == "deployments" ||
                t.resource == "replicasets" || t.resource == "statefulsets" || t.resource == "daemonsets" ||
                t.resource == "jobs" || t.resource == "cronjobs") {
                t.categories = all({"all"});
            }
        }
    }
    if (openshift) {
        types_.push_back(make("route.openshift.io", "v1", "routes", "route", "Route", true, {}, {"status"}));
        types_.push_back(makeVirtual("project.openshift.io", "v1", "projects", "project", "Project", false,
                                     {"get", "list"}));
    }
    for (const auto& t : types_) {
        if (!t.group.empty() &&
            std::find(groupOrder_.begin(), groupOrder_.end(), t.group) == groupOrder_.end()) {
            groupOrder_.push_back(t.group);
        }
    }
}

std::optional<ResourceType> TypeRegistry::find(const std::string& group, const std::string& version,
                                               const std::string& resource) const {
    std::shared_lock lock(mutex_);
    for (const auto& t : types_) {
        if (t.group == group && t.version == version && t.resource == resource) {
            return t;
        }
    }
    return std::nullopt;
}

std::optional<ResourceType> TypeRegistry::findByKind(const std::string& group,
                                                     const std::string& kind) const {
    std::shared_lock lock(mutex_);
    for (const auto& t : types_) {
        if (t.group == group && t.kind == kind) {
            return t;
        }
    }
    return std::nullopt;
}

std::vector<ResourceType> TypeRegistry::all() const {
    std::shared_lock lock(mutex_);
    return types_;
}

void TypeRegistry::registerCrd(const json& crd) {
    const std::string crdName = crd["metadata"].value("name", "");
    const json& spec = crd.value("spec", json::object());
    const json& names = spec.value("names", json::object());
    std::vector<ResourceType> added;
    for (const auto& v : spec.value("versions", json::array())) {
        if (!v.value("served", true)) {
            continue;
        }
        ResourceType t;
        t.group = spec.value("group", "");
        t.version = v.value("name", "");
        t.resource = names.value("plural", "");
        t.singular = names.value("singular", "");
        t.kind = names.value("kind", "");
        t.namespaced = spec.value("scope", "Namespaced") == "Namespaced";
        t.verbs = kAllVerbs;
        t.shortNames = names.value("shortNames", std::vector<std::string>{});
        t.categories = names.value("categories", std::vector<std::string>{});
        json sub = v.value("subresources", json::object());
        if (sub.contains("status")) {
            t.subresources.push_back("status");
        }
        if (sub.contains("scale")) {
            t.subresources.push_back("scale");
        }
        t.crdName = crdName;
        added.push_back(std::move(t));
    }
    std::unique_lock lock(mutex_);
    std::erase_if(types_, [&](const ResourceType& t) { return t.crdName == crdName; });
    for (auto& t : added) {
        if (std::find(groupOrder_.begin(), groupOrder_.end(), t.group) == groupOrder_.end()) {
            groupOrder_.push_back(t.group);
        }
        types_.push_back(std::move(t));
    }
}

void TypeRegistry::unregisterCrd(const std::string& crdName) {
    std::unique_lock lock(mutex_);
    std::erase_if(types_, [&](const ResourceType& t) { return t.crdName == crdName; });
    std::erase_if(groupOrder_, [&](const std::string& g) {
        return std::none_of(types_.begin(), types_.end(),
                            [&](const ResourceType& t) { return t.group == g; });
    });
}

std::vector<std::string> TypeRegistry::versionsOf(const std::string& group) const {
    std::vector<std::string> versions;
    for (const auto& t : types_) {
        if (t.group == group && std::find(versions.begin(), versions.end(), t.version) == versions.end()) {
            versions.push_back(t.version);
        }
    }
    return versions;
}

json TypeRegistry::coreApiVersions() const {
    return {{"kind", "APIVersions"},
            {"versions", {"v1"}},
            {"serverAddressByClientCIDRs",
             json::array({{{"clientCIDR", "0.0.0.0/0"}, {"serverAddress", "127.0.0.1"}}})}};
}

namespace {

json groupJson(const std::string& group, const std::vector<std::string>& versions) {
    json list = json::array();
    for (const auto& v : versions) {
        list.push_back({{"groupVersion", group + "/" + v}, {"version", v}});
    }
    return {
        {"name", group}, {"versions", list}, {"preferredVersion", list.empty() ? json::object() : list[0]}};
}

} // namespace

json TypeRegistry::apiGroupList() const {
    std::shared_lock lock(mutex_);
    json groups = json::array();
    for (const auto& g : groupOrder_) {
        groups.push_back(groupJson(g, versionsOf(g)));
    }
    return {{"kind", "APIGroupList"}, {"apiVersion", "v1"}, {"groups", groups}};
}

std::optional<json> TypeRegistry::apiGroup(const std::string& group) const {
    std::shared_lock lock(mutex_);
    auto versions = versionsOf(group);
    if (versions.empty()) {
        return std::nullopt;
    }
    json g = groupJson(group, versions);
    g["kind"] = "APIGroup";
    g["apiVersion"] = "v1";
    return g;
}

std::optional<json> TypeRegistry::resourceList(const std::string& group, const std::string& version) const {
    std::shared_lock lock(mutex_);
    json resources = json::array();
    bool found = false;
    for (const auto& t : types_) {
        if (t.group != group || t.version != version) {
            continue;
        }
        found = true;
        json r = {{"name", t.resource},
                  {"singularName", t.singular},
                  {"namespaced", t.namespaced},
                  {"kind", t.kind},
                  {"verbs", t.verbs}};
        if (!t.shortNames.empty()) {
            r["shortNames"] = t.shortNames;
        }
        if (!t.categories.empty()) {
            r["categories"] = t.categories;
        }
        resources.push_back(r);
        for (const auto& sub : t.subresources) {
            json s = {{"name", t.resource + "/" + sub}, {"singularName", ""}, {"namespaced", t.namespaced}};
            if (sub == "scale") {
                s["group"] = "autoscaling";
                s["version"] = "v1";
                s["kind"] = "Scale";
                s["verbs"] = {"get", "patch", "update"};
            } else if (sub == "status") {
                s["kind"] = t.kind;
                s["verbs"] = {"get", "patch", "update"};
            } else if (sub == "log") {
                s["kind"] = "Pod";
                s["verbs"] = {"get"};
            } else if (sub == "exec") {
                s["kind"] = "PodExecOptions";
                s["verbs"] = {"create", "get"};
            } else {
                s["kind"] = "NodeProxyOptions";
                s["verbs"] = {"create", "delete", "get", "patch", "update"};
            }
            resources.push_back(s);
        }
    }
    if (!found) {
        return std::nullopt;
    }
    return json{{"kind", "APIResourceList"},
                {"apiVersion", "v1"},
                {"groupVersion", group.empty() ? version : group + "/" + version},
                {"resources", resources}};
}

json TypeRegistry::openApiV3Root() const {
    std::shared_lock lock(mutex_);
    json paths = json::object();
    for (const auto& t : types_) {
        std::string p = t.group.empty() ? "api/" + t.version : "apis/" + t.group + "/" + t.version;
        paths[p] = {{"serverRelativeURL", "/openapi/v3/" + p}};
    }
    return {{"paths", paths}};
}

std::optional<json> TypeRegistry::openApiV3Document(const std::string& groupVersionPath) const {
    std::shared_lock lock(mutex_);
    json paths = json::object();
    bool found = false;
    for (const auto& t : types_) {
        std::string p = t.group.empty() ? "api/" + t.version : "apis/" + t.group + "/" + t.version;
        if (p != groupVersionPath || t.virtualResource) {
            if (p == groupVersionPath) {
                found = true;
            }
            continue;
        }
        found = true;
        std::string path =
            "/" + p + (t.namespaced ? "/namespaces/{namespace}/" : "/") + t.resource + "/{name}";
        // Only what kubectl's query-param verifier reads: the PATCH operation of each kind
        // declares fieldValidation, so kubectl relies on server-side validation.
        json params =
            json::array({{{"name", "fieldValidation"}, {"in", "query"}, {"schema", {{"type", "string"}}}},
                         {{"name", "fieldManager"}, {"in", "query"}, {"schema", {{"type", "string"}}}}});
        json op = {{"operationId", "patch" + t.kind},
                   {"parameters", params},
                   {"responses", {{"200", {{"description", "OK"}}}}},
                   {"x-kubernetes-action", "patch"},
                   {"x-kubernetes-group-version-kind",
                    {{"group", t.group}, {"version", t.version}, {"kind", t.kind}}}};
        paths[path] = {{"patch", op}};
    }
    if (!found) {
        return std::nullopt;
    }
    return json{{"openapi", "3.0.0"},
                {"info", {{"title", "Kubernetes"}, {"version", "v1.31.0"}}},
                {"paths", paths},
                {"components", {{"schemas", json::object()}}}};
}

} // namespace kmcp::sandbox
