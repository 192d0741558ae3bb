#include "VirtualResources.hpp"

#include "ApiError.hpp"
#include "Metrics.hpp"
#include "ResourceHandler.hpp"

namespace kmcp::sandbox {

using nlohmann::json;

namespace {

const Bucket kPods{"", "pods"};
const Bucket kNodes{"", "nodes"};
const Bucket kNamespaces{"", "namespaces"};

json listOf(const std::string& kind, const std::string& apiVersion, const json& items) {
    return {{"kind", kind}, {"apiVersion", apiVersion}, {"metadata", json::object()}, {"items", items}};
}

} // namespace

ApiResponse VirtualResources::handle(const ApiRequest& request, const ResourceType& type) {
    const std::string& r = type.resource;
    if (type.group == "authorization.k8s.io" &&
        (r == "selfsubjectaccessreviews" || r == "subjectaccessreviews")) {
        return accessReview(request, type);
    }
    if (type.group == "authorization.k8s.io" && r == "selfsubjectrulesreviews") {
        return rulesReview(request);
    }
    if (type.group == "authentication.k8s.io") {
        return selfSubjectReview(request);
    }
    if (type.group == "metrics.k8s.io") {
        return r == "pods" ? podMetrics(request) : nodeMetrics(request);
    }
    if (type.group == "project.openshift.io") {
        return projects(request);
    }
    throw pathNotFound();
}

ApiResponse VirtualResources::accessReview(const ApiRequest& request, const ResourceType& type) {
    if (request.info.verb != "create") {
        throw methodNotAllowed();
    }
    json review = ResourceHandler::parseBody(request);
    const json spec = review.value("spec", json::object());
    RequestAttributes a;
    if (type.resource == "subjectaccessreviews") {
        a.user.name = spec.value("user", "");
        a.user.uid = spec.value("uid", "");
        for (const auto& g : spec.value("groups", json::array())) {
            a.user.groups.push_back(g.get<std::string>());
        }
    } else {
        a.user = request.user;
    }
    if (spec.contains("nonResourceAttributes")) {
        const json n = spec["nonResourceAttributes"];
        a.resourceRequest = false;
        a.path = n.value("path", "");
        a.verb = n.value("verb", "");
    } else {
        const json r = spec.value("resourceAttributes", json::object());
        a.verb = r.value("verb", "");
        a.group = r.value("group", "");
        a.resource = r.value("resource", "");
        a.subresource = r.value("subresource", "");
        a.name = r.value("name", "");
        a.ns = r.value("namespace", "");
    }
    bool allowed = ctx_.rbac.allowed(a);
    review["status"] = {{"allowed", allowed}};
    if (allowed) {
        review["status"]["reason"] =
            a.user.inGroup("system:masters") ? "allowed by system:masters group" : "RBAC: allowed";
    }
    review["apiVersion"] = type.apiVersion();
    review["kind"] = type.kind;
    review["metadata"] = {{"creationTimestamp", nullptr}};
    return {201, "application/json", review.dump()};
}

ApiResponse VirtualResources::rulesReview(const ApiRequest& request) {
    json review = ResourceHandler::parseBody(request);
    std::string ns = review.value("spec", json::object()).value("namespace", "");
    review["status"] = ctx_.rbac.rulesFor(request.user, ns);
    review["apiVersion"] = "authorization.k8s.io/v1";
    review["kind"] = "SelfSubjectRulesReview";
    review["metadata"] = {{"creationTimestamp", nullptr}};
    return {201, "application/json", review.dump()};
}

ApiResponse VirtualResources::selfSubjectReview(const ApiRequest& request) {
    json info = {{"username", request.user.name}, {"groups", request.user.groups}};
    if (!request.user.uid.empty()) {
        info["uid"] = request.user.uid;
    }
    json review = {{"kind", "SelfSubjectReview"},
                   {"apiVersion", "authentication.k8s.io/v1"},
                   {"metadata", {{"creationTimestamp", nullptr}}},
                   {"status", {{"userInfo", info}}}};
    return {201, "application/json", review.dump()};
}

ApiResponse VirtualResources::podMetrics(const ApiRequest& request) {
    auto now = std::chrono::system_clock::now();
    if (!request.info.name.empty()) {
        ObjectPtr pod = ctx_.store.get(kPods, request.info.ns, request.info.name);
        if (!pod || pod->object.value("status", json::object()).value("phase", "") != "Running") {
            throw notFound("metrics.k8s.io", "pods", request.info.name);
        }
        return {200, "application/json", Metrics::podMetrics(pod->object, now).dump()};
    }
    json items = json::array();
    for (const auto& p : ctx_.store.list(kPods, ResourceHandler::listQuery(request, request.info.ns)).items) {
        if (p->object.value("status", json::object()).value("phase", "") == "Running") {
            items.push_back(Metrics::podMetrics(p->object, now));
        }
    }
    return {200, "application/json", listOf("PodMetricsList", "metrics.k8s.io/v1beta1", items).dump()};
}

ApiResponse VirtualResources::nodeMetrics(const ApiRequest& request) {
    auto now = std::chrono::system_clock::now();
    auto podsOn = [&](const std::string& node) {
        ListQuery q;
        q.fields = FieldSelector::parse("spec.nodeName=" + node);
        return ctx_.store.list(kPods, q).items;
    };
    if (!request.info.name.empty()) {
        ObjectPtr node = ctx_.store.get(kNodes, "", request.info.name);
        if (!node) {
            throw notFound("metrics.k8s.io", "nodes", request.info.name);
        }
        return {200, "application/json",
                Metrics::nodeMetrics(node->object, podsOn(request.info.name), now).dump()};
    }
    json items = json::array();
    for (const auto& n : ctx_.store.list(kNodes, ResourceHandler::listQuery(request, "")).items) {
        items.push_back(
            Metrics::nodeMetrics(n->object, podsOn(n->object["metadata"].value("name", "")), now));
    }
    return {200, "application/json", listOf("NodeMetricsList", "metrics.k8s.io/v1beta1", items).dump()};
}

ApiResponse VirtualResources::projects(const ApiRequest& request) {
    auto visible = [&](const std::string& ns) {
        RequestAttributes a{request.user, "get", true, "", "namespaces", "", ns, ns, ""};
        if (ctx_.rbac.allowed(a)) {
            return true;
        }
        ListQuery q;
        q.ns = ns;
        for (const auto& b : ctx_.store.list({"rbac.authorization.k8s.io", "rolebindings"}, q).items) {
            for (const auto& s : b->object.value("subjects", json::array())) {
                if (RbacAuthorizer::subjectMatches(s, request.user, ns)) {
                    return true;
                }
            }
        }
        return false;
    };
    auto toProject = [](const json& ns) {
        return json{{"kind", "Project"},
                    {"apiVersion", "project.openshift.io/v1"},
                    {"metadata", ns["metadata"]},
                    {"spec", {{"finalizers", {"kubernetes"}}}},
                    {"status", {{"phase", ns.value("status", json::object()).value("phase", "Active")}}}};
    };
    if (!request.info.name.empty()) {
        ObjectPtr ns = ctx_.store.get(kNamespaces, "", request.info.name);
        if (!ns || !visible(request.info.name)) {
            throw forbidden(
                "project.openshift.io", "projects", request.info.name,
                RbacAuthorizer::forbiddenMessage({request.user, "get", true, "project.openshift.io",
                                                  "projects", "", request.info.name, request.info.name, ""}));
        }
        return {200, "application/json", toProject(ns->object).dump()};
    }
    json items = json::array();
    for (const auto& ns : ctx_.store.list(kNamespaces, ResourceHandler::listQuery(request, "")).items) {
        if (visible(ns->object["metadata"].value("name", ""))) {
            items.push_back(toProject(ns->object));
        }
    }
    return {200, "application/json", listOf("ProjectList", "project.openshift.io/v1", items).dump()};
}

} // namespace kmcp::sandbox
