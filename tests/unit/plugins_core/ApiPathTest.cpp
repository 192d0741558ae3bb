#include "ApiPath.hpp"

#include <kmcp/plugin.hpp>

#include <catch2/catch.hpp>

using namespace kmcp::plugins::core;

TEST_CASE("GroupVersion parses apiVersion and rejects malformed text", "[path]") {
    auto core = GroupVersion::parse("v1");
    CHECK(core.group.empty());
    CHECK(core.version == "v1");
    auto apps = GroupVersion::parse("apps/v1");
    CHECK(apps.group == "apps");
    CHECK(apps.str() == "apps/v1");
    CHECK_THROWS_WITH(GroupVersion::parse("a/b/c"), Catch::Contains("invalid argument apiVersion"));
    CHECK_THROWS_AS(GroupVersion::parse(""), kmcp::sdk::Error);
    CHECK_THROWS_AS(GroupVersion::parse("/v1"), kmcp::sdk::Error);
}

TEST_CASE("REST paths for core, grouped, namespaced and cluster-scoped resources", "[path]") {
    ResourceRef pods{"", "v1", "Pod", "pods", true};
    ResourceRef deploy{"apps", "v1", "Deployment", "deployments", true};
    ResourceRef nodes{"", "v1", "Node", "nodes", false};
    CHECK(collectionPath(pods, "") == "/api/v1/pods");
    CHECK(collectionPath(pods, "ns") == "/api/v1/namespaces/ns/pods");
    CHECK(objectPath(deploy, "ns", "web", "scale") == "/apis/apps/v1/namespaces/ns/deployments/web/scale");
    CHECK(objectPath(nodes, "ignored", "n1") == "/api/v1/nodes/n1");
}

TEST_CASE("Query percent-encodes values and skips empty optional ones", "[path]") {
    Query q;
    q.add("labelSelector", "app in (a,b)").addIf("fieldSelector", "").add("x", "a/b=c&d");
    CHECK(q.str() == "labelSelector=app%20in%20%28a%2Cb%29&x=a%2Fb%3Dc%26d");
    ListParams p{.labelSelector = "app=web", .fieldSelector = "", .continueToken = "abc==", .limit = 50};
    Query lq;
    p.addTo(lq);
    CHECK(lq.str() == "labelSelector=app%3Dweb&limit=50&continue=abc%3D%3D");
}
