#include "Rbac.hpp"

#include <catch2/catch.hpp>

using namespace kmcp::sandbox;
using nlohmann::json;

namespace {

const std::string kGroup = "rbac.authorization.k8s.io";

void addRole(Store& store, const std::string& ns, const std::string& name, json rules) {
    if (ns.empty()) {
        store.create({kGroup, "clusterroles"}, {{"metadata", {{"name", name}}}, {"rules", rules}});
    } else {
        store.create({kGroup, "roles"},
                     {{"metadata", {{"name", name}, {"namespace", ns}}}, {"rules", rules}});
    }
}

void bindRole(Store& store, const std::string& ns, const std::string& name, const std::string& roleKind,
              const std::string& role, json subjects) {
    json binding = {{"metadata", {{"name", name}}},
                    {"roleRef", {{"kind", roleKind}, {"name", role}, {"apiGroup", kGroup}}},
                    {"subjects", subjects}};
    if (ns.empty()) {
        store.create({kGroup, "clusterrolebindings"}, binding);
    } else {
        binding["metadata"]["namespace"] = ns;
        store.create({kGroup, "rolebindings"}, binding);
    }
}

RequestAttributes attrs(const UserInfo& user, std::string verb, std::string group, std::string resource,
                        std::string ns, std::string name = "", std::string sub = "") {
    return {user,
            std::move(verb),
            true,
            std::move(group),
            std::move(resource),
            std::move(sub),
            std::move(name),
            std::move(ns),
            ""};
}

} // namespace

TEST_CASE("rbac grants through role bindings to groups and users", "[rbac]") {
    Store store;
    addRole(store, "", "pod-reader",
            json::array(
                {{{"apiGroups", {""}}, {"resources", {"pods", "pods/log"}}, {"verbs", {"get", "list"}}}}));
    addRole(store, "dev", "deployer",
            json::array({{{"apiGroups", {"apps"}},
                          {"resources", {"deployments"}},
                          {"verbs", {"*"}},
                          {"resourceNames", {"api"}}}}));
    bindRole(store, "dev", "team-read", "ClusterRole", "pod-reader",
             json::array({{{"kind", "Group"}, {"name", "dev-team"}}}));
    bindRole(store, "dev", "alice-deploy", "Role", "deployer",
             json::array({{{"kind", "User"}, {"name", "alice"}}}));
    RbacAuthorizer rbac(store);
    UserInfo alice{"alice", "", {"dev-team"}, ""};
    UserInfo bob{"bob", "", {"qa-team"}, ""};

    CHECK(rbac.allowed(attrs(alice, "get", "", "pods", "dev", "x")));
    CHECK(rbac.allowed(attrs(alice, "get", "", "pods", "dev", "x", "log")));
    CHECK_FALSE(rbac.allowed(attrs(alice, "create", "", "pods", "dev", "x", "exec")));
    CHECK_FALSE(rbac.allowed(attrs(alice, "get", "", "pods", "qa", "x")));
    CHECK_FALSE(rbac.allowed(attrs(alice, "delete", "", "pods", "dev", "x")));
    CHECK(rbac.allowed(attrs(alice, "delete", "apps", "deployments", "dev", "api")));
    CHECK_FALSE(rbac.allowed(attrs(alice, "delete", "apps", "deployments", "dev", "other")));
    CHECK_FALSE(rbac.allowed(attrs(bob, "get", "", "pods", "dev", "x")));
}

TEST_CASE("rbac wildcards, subresource wildcards and masters", "[rbac]") {
    Store store;
    addRole(store, "", "all-proxy",
            json::array({{{"apiGroups", {"*"}}, {"resources", {"*/proxy"}}, {"verbs", {"get"}}}}));
    bindRole(store, "", "ops", "ClusterRole", "all-proxy",
             json::array({{{"kind", "Group"}, {"name", "ops"}}}));
    RbacAuthorizer rbac(store);
    UserInfo op{"carol", "", {"ops"}, ""};
    CHECK(rbac.allowed(attrs(op, "get", "", "nodes", "", "n1", "proxy")));
    CHECK_FALSE(rbac.allowed(attrs(op, "get", "", "nodes", "", "n1")));
    UserInfo admin{"admin", "", {"system:masters"}, ""};
    CHECK(rbac.allowed(attrs(admin, "delete", "", "namespaces", "", "dev")));
}

TEST_CASE("rbac non-resource URLs and service accounts", "[rbac]") {
    Store store;
    addRole(store, "", "discovery",
            json::array({{{"nonResourceURLs", {"/api", "/apis/*"}}, {"verbs", {"get"}}}}));
    bindRole(store, "", "discovery", "ClusterRole", "discovery",
             json::array({{{"kind", "ServiceAccount"}, {"name", "robot"}, {"namespace", "ci"}}}));
    RbacAuthorizer rbac(store);
    UserInfo robot{"system:serviceaccount:ci:robot", "", {}, ""};
    RequestAttributes a{robot, "get", false, "", "", "", "", "", "/apis/apps/v1"};
    CHECK(rbac.allowed(a));
    a.path = "/metrics";
    CHECK_FALSE(rbac.allowed(a));
}

TEST_CASE("forbidden messages match kube-apiserver", "[rbac]") {
    UserInfo bob{"bob", "", {"qa-team"}, ""};
    CHECK(RbacAuthorizer::forbiddenMessage(attrs(bob, "get", "", "pods", "dev", "x")) ==
          "User \"bob\" cannot get resource \"pods\" in API group \"\" in the namespace \"dev\"");
    CHECK(RbacAuthorizer::forbiddenMessage(attrs(bob, "list", "", "nodes", "")) ==
          "User \"bob\" cannot list resource \"nodes\" in API group \"\" at the cluster scope");
    CHECK(RbacAuthorizer::forbiddenMessage(attrs(bob, "create", "", "pods", "qa", "p", "exec")) ==
          "User \"bob\" cannot create resource \"pods/exec\" in API group \"\" in the namespace \"qa\"");
    RequestAttributes path{bob, "get", false, "", "", "", "", "", "/metrics"};
    CHECK(RbacAuthorizer::forbiddenMessage(path) == "User \"bob\" cannot get path \"/metrics\"");
}
