#include "kube/Policy.hpp"
#include "kube/ApiPath.hpp"
#include "kube/ApiStatus.hpp"

#include <catch2/catch.hpp>

using namespace kmcp::kube;

TEST_CASE("request paths map to group/version/resource like the API server", "[path]") {
    struct Row {
        const char* path;
        bool resource;
        const char *group, *version, *ns, *res, *name, *sub;
    };
    const Row rows[] = {
        {"/api/v1/namespaces/dev/pods/web/log", true, "", "v1", "dev", "pods", "web", "log"},
        {"/api/v1/namespaces/dev/pods", true, "", "v1", "dev", "pods", "", ""},
        {"/api/v1/pods", true, "", "v1", "", "pods", "", ""},
        {"/apis/apps/v1/namespaces/dev/deployments/api", true, "apps", "v1", "dev", "deployments", "api", ""},
        {"/apis/apps/v1/deployments", true, "apps", "v1", "", "deployments", "", ""},
        {"/api/v1/namespaces", true, "", "v1", "", "namespaces", "", ""},
        {"/api/v1/namespaces/dev", true, "", "v1", "", "namespaces", "dev", ""},
        {"/api/v1/namespaces/dev/status", true, "", "v1", "", "namespaces", "dev", "status"},
        {"/api/v1/namespaces/dev/finalize", true, "", "v1", "", "namespaces", "dev", "finalize"},
        {"/api/v1/nodes/n1/proxy/logs", true, "", "v1", "", "nodes", "n1", "proxy"},
        {"/api/v1/watch/namespaces/dev/pods", true, "", "v1", "dev", "pods", "", ""},
        {"/apis/metrics.k8s.io/v1beta1/namespaces/x/pods", true, "metrics.k8s.io", "v1beta1", "x", "pods", "",
         ""},
        {"/apis/apps/v1", false, "apps", "v1", "", "", "", ""},
        {"/api", false, "", "", "", "", "", ""},
        {"/version", false, "", "", "", "", "", ""},
        {"/openapi/v3", false, "", "", "", "", "", ""},
    };
    for (const auto& r : rows) {
        INFO(r.path);
        const ApiPath p = parseApiPath(r.path);
        REQUIRE(p.isResource == r.resource);
        REQUIRE(p.group == r.group);
        REQUIRE(p.version == r.version);
        REQUIRE(p.ns == r.ns);
        REQUIRE(p.resource == r.res);
        REQUIRE(p.name == r.name);
        REQUIRE(p.subresource == r.sub);
    }
}

TEST_CASE("request verbs", "[path]") {
    REQUIRE(requestVerb("GET", parseApiPath("/api/v1/namespaces/a/pods"), "") == "list");
    REQUIRE(requestVerb("GET", parseApiPath("/api/v1/namespaces/a/pods/p"), "") == "get");
    REQUIRE(requestVerb("GET", parseApiPath("/api/v1/namespaces/a/pods"), "labelSelector=x&watch=true") ==
            "watch");
    REQUIRE(requestVerb("GET", parseApiPath("/api/v1/watch/pods"), "") == "watch");
    REQUIRE(requestVerb("POST", parseApiPath("/api/v1/namespaces/a/pods"), "") == "create");
    REQUIRE(requestVerb("PUT", parseApiPath("/api/v1/namespaces/a/pods/p"), "") == "update");
    REQUIRE(requestVerb("PATCH", parseApiPath("/api/v1/namespaces/a/pods/p"), "") == "patch");
    REQUIRE(requestVerb("DELETE", parseApiPath("/api/v1/namespaces/a/pods/p"), "") == "delete");
    REQUIRE(requestVerb("DELETE", parseApiPath("/api/v1/namespaces/a/pods"), "") == "deletecollection");
    REQUIRE(requestVerb("GET", parseApiPath("/version"), "") == "get");
}

namespace {

std::optional<std::string> kinds(const std::string& g, const std::string& v, const std::string& r) {
    if (g == "apps" && r == "deployments") return std::string("Deployment");
    if (g == "apps" && r == "statefulsets") return std::string("StatefulSet");
    if (g.empty() && v == "v1" && r == "secrets") return std::string("Secret");
    if (g.empty() && v == "v1" && r == "pods") return std::string("Pod");
    return std::nullopt;
}

} // namespace

TEST_CASE("read-only policy lets reads through and refuses writes", "[policy]") {
    Policy p;
    p.readOnly = true;
    for (const char* m : {"GET", "HEAD", "OPTIONS"})
        REQUIRE(p.check(m, "/api/v1/namespaces/a/pods", "", kinds).ok());
    REQUIRE(p.check("GET", "/api/v1/nodes/n/proxy/logs", "query=x", kinds).ok());
    for (const char* m : {"POST", "PUT", "PATCH", "DELETE"}) {
        auto st = p.check(m, "/api/v1/namespaces/a/pods/x", "", kinds);
        REQUIRE_FALSE(st.ok());
        REQUIRE(st.error().code == kmcp::Error::Code::Denied);
        REQUIRE(st.error().message ==
                std::string("read-only mode: refusing ") + m + " /api/v1/namespaces/a/pods/x");
    }
    // exec, attach and port-forward are writes even over GET (WebSocket upgrades)
    for (const char* sub : {"exec", "attach", "portforward"}) {
        auto st = p.check("GET", std::string("/api/v1/namespaces/a/pods/x/") + sub, "command=ls", kinds);
        REQUIRE_FALSE(st.ok());
        REQUIRE(st.error().message.find("read-only mode") != std::string::npos);
    }
    // review requests only ask a question
    REQUIRE(p.check("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", "", kinds).ok());
    REQUIRE(p.check("POST", "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews", "", kinds).ok());
    REQUIRE(p.check("POST", "/apis/authorization.k8s.io/v1/namespaces/a/localsubjectaccessreviews", "", kinds)
                .ok());
    REQUIRE(p.check("POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews", "", kinds).ok());
    REQUIRE_FALSE(p.check("POST", "/apis/authentication.k8s.io/v1/tokenreviews", "", kinds).ok());
    REQUIRE_FALSE(
        p.check("DELETE", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", "", kinds).ok());
    REQUIRE_FALSE(p.check("POST", "/api/v1/namespaces/a/pods", "dryRun=All", kinds).ok());

    Policy rw;
    REQUIRE(rw.check("DELETE", "/api/v1/namespaces/a/pods/x", "", kinds).ok());
    REQUIRE(rw.check("GET", "/api/v1/namespaces/a/pods/x/exec", "", kinds).ok());
}

TEST_CASE("denied resources by kind and by whole group/version", "[policy]") {
    Policy p;
    p.deniedResources = {
        {"apps", "v1", "Deployment"}, {"", "v1", "Secret"}, {"rbac.authorization.k8s.io", "v1", ""}};
    auto dep = p.check("GET", "/apis/apps/v1/namespaces/a/deployments/web", "", kinds);
    REQUIRE_FALSE(dep.ok());
    REQUIRE(dep.error().code == kmcp::Error::Code::Denied);
    REQUIRE(dep.error().message == "resource not allowed: apps/v1, Kind=Deployment");
    REQUIRE(p.check("GET", "/apis/apps/v1/namespaces/a/statefulsets", "", kinds).ok());
    REQUIRE(p.check("GET", "/apis/apps/v1/namespaces/a/deployments/web/scale", "", kinds).error().message ==
            "resource not allowed: apps/v1, Kind=Deployment");
    REQUIRE(p.check("GET", "/api/v1/namespaces/a/secrets", "", kinds).error().message ==
            "resource not allowed: v1, Kind=Secret");
    REQUIRE(p.check("GET", "/api/v1/namespaces/a/pods/x/log", "", kinds).ok());
    auto rbac = p.check("GET", "/apis/rbac.authorization.k8s.io/v1/clusterroles", "", kinds);
    REQUIRE_FALSE(rbac.ok());
    REQUIRE(rbac.error().message.find("rbac.authorization.k8s.io/v1") != std::string::npos);
    REQUIRE(p.check("GET", "/apis/rbac.authorization.k8s.io/v1beta1/clusterroles", "", kinds).ok());
    // unknown kind in a group/version with kind rules: fail closed
    auto unknown = p.check("GET", "/apis/apps/v1/namespaces/a/mystery", "", kinds);
    REQUIRE_FALSE(unknown.ok());
    REQUIRE(unknown.error().message.find("cannot determine the kind") != std::string::npos);
    // discovery documents and non-resource paths are not resources
    REQUIRE(p.check("GET", "/apis/apps/v1", "", kinds).ok());
    REQUIRE(p.check("GET", "/version", "", kinds).ok());

    // encodings and dot segments cannot dodge a rule
    REQUIRE(p.check("GET", "/apis/%72bac.authorization.k8s.io/v1/clusterroles", "", kinds)
                .error()
                .message.find("rbac.authorization.k8s.io/v1") != std::string::npos);
    REQUIRE(p.check("GET", "/api/v1/namespaces/a/%73ecrets", "", kinds).error().message ==
            "resource not allowed: v1, Kind=Secret");
    for (const char* sneaky : {"/apis/apps/v1/../../api/v1/secrets", "/api/v1/namespaces/a/pods/./x",
                               "/api//v1/pods", "/api/v1/namespaces/a%2Fb/pods", "api/v1/pods"}) {
        INFO(sneaky);
        auto st = Policy{}.check("GET", sneaky, "", kinds);
        REQUIRE_FALSE(st.ok());
        REQUIRE(st.error().message.find("refusing request path") == 0);
    }
    REQUIRE(Policy{}.check("GET", "/api/v1/nodes/n/proxy/logs/", "query=kubelet", kinds).ok());

    Policy lower;
    lower.deniedResources = {{"apps", "v1", "deployment"}};
    REQUIRE_FALSE(lower.check("GET", "/apis/apps/v1/deployments", "", kinds).ok());

    Policy anyVersion;
    anyVersion.deniedResources = {{"apps", "", ""}};
    REQUIRE_FALSE(anyVersion.check("GET", "/apis/apps/v1beta2/deployments", "", kinds).ok());
}

TEST_CASE("Status messages reach the user verbatim", "[status]") {
    const std::string forbidden =
        R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"pods \"x\" is forbidden: User \"bob\" cannot get resource \"pods\" in API group \"\" in the namespace \"dev\"","reason":"Forbidden","details":{"name":"x","kind":"pods"},"code":403})";
    REQUIRE(
        statusMessage(403, forbidden) ==
        R"(pods "x" is forbidden: User "bob" cannot get resource "pods" in API group "" in the namespace "dev")");
    REQUIRE(statusMessage(502, "<html>bad gateway</html>\n") == "<html>bad gateway</html>");
    REQUIRE(statusMessage(503, "", "Service Unavailable") == "HTTP 503 Service Unavailable");
    Response r;
    r.status = 403;
    r.body = forbidden;
    const auto e = errorFromResponse(r);
    REQUIRE(e.code == kmcp::Error::Code::Denied);
    REQUIRE(e.message.find("cannot get resource \"pods\"") != std::string::npos);
    r.status = 404;
    REQUIRE(errorFromResponse(r).code == kmcp::Error::Code::NotFound);
}
