#include "ChartLoader.hpp"
#include "FakeKube.hpp"
#include "ReleaseActions.hpp"
#include "ReleaseStorage.hpp"

#include <catch2/catch.hpp>

using namespace kmcp::helm;

namespace {

std::shared_ptr<Chart> chart(const std::string& name) {
    return loadChartDir(std::string(HELM_TEST_CHARTS) + "/" + name);
}

struct Env {
    FakeKube kube;
    ReleaseStorage storage{kube, ReleaseStorage::Driver::Secret};
    ActionEnv env{kube, storage, {"v1.29.2", {"v1", "apps/v1", "batch/v1"}}, true};
};

UpgradeRequest upgradeOf(const std::string& chartName, const std::string& name, const json& values) {
    UpgradeRequest r;
    r.chart = chart(chartName);
    r.name = name;
    r.ns = "shop";
    r.values = values;
    return r;
}

const std::string kNs = "/api/v1/namespaces/shop";
const std::string kApps = "/apis/apps/v1/namespaces/shop";

} // namespace

TEST_CASE("install applies manifests in order, runs hooks and records a deployed release") {
    Env e;
    InstallRequest req{chart("shop"), "demo", false, "shop", json::object(), false, ""};
    auto res = install(e.env, req);
    CHECK(res.release.info.status == "deployed");
    CHECK(res.release.info.description == "Install complete");
    CHECK(res.release.version == 1);
    CHECK(res.release.info.notes == "shop 1.0.0 for prod.\n");
    // Objects exist with helm's ownership metadata.
    auto cm = e.kube.objects.at(kNs + "/configmaps/demo-shop-settings");
    CHECK(cm["metadata"]["annotations"]["meta.helm.sh/release-name"] == "demo");
    CHECK(cm["metadata"]["labels"]["app.kubernetes.io/managed-by"] == "Helm");
    CHECK(e.kube.objects.count(kApps + "/deployments/demo-backend"));
    CHECK(e.kube.objects.count(kApps + "/statefulsets/demo-cache"));
    // Apply order: Secret, ConfigMap, Service, Deployment, StatefulSet (after the pre-install hook).
    std::vector<std::string> applied;
    for (const auto& c : e.kube.calls)
        if (c.method == "PATCH")
            applied.push_back(c.path.substr(c.path.rfind('/', c.path.rfind('/') - 1) + 1));
    CHECK(applied == std::vector<std::string>{"jobs/demo-migrate", "secrets/demo-backend-token",
                                              "configmaps/demo-shop-settings", "services/demo-shop",
                                              "deployments/demo-backend", "statefulsets/demo-cache"});
    // hook-succeeded: the hook Job is gone again; its run is recorded.
    CHECK_FALSE(e.kube.objects.count("/apis/batch/v1/namespaces/shop/jobs/demo-migrate"));
    auto stored = e.storage.last("shop", "demo");
    REQUIRE(stored);
    CHECK(stored->info.status == "deployed");
    REQUIRE(stored->hooks.size() == 1);
    CHECK(stored->hooks[0].lastRun.phase == "Succeeded");
    auto secret = e.kube.objects.at(kNs + "/secrets/sh.helm.release.v1.demo.v1");
    CHECK(secret["metadata"]["labels"]["status"] == "deployed");

    // The name is now taken.
    CHECK_THROWS_WITH(install(e.env, req), Catch::Contains("cannot re-use a name that is still in use"));
}

TEST_CASE("dry run renders without touching the cluster") {
    Env e;
    InstallRequest req{chart("webapp"), "demo", false, "default", json::object(), true, ""};
    auto res = install(e.env, req);
    CHECK(res.release.info.description == "Dry run complete");
    CHECK(res.release.manifest.find("# Source: webapp/templates/deployment.yaml") != std::string::npos);
    CHECK(e.kube.calls.empty());
}

TEST_CASE("a caller forbidden from the namespace creates nothing and sees the API's reason") {
    Env e;
    e.kube.forbiddenNamespaces.insert("shop");
    InstallRequest req{chart("shop"), "demo", false, "shop", json::object(), false, ""};
    CHECK_THROWS_WITH(install(e.env, req), Catch::Contains("forbidden"));
    CHECK(e.kube.count("PATCH") == 0);
    CHECK(e.kube.count("POST") == 0);
    CHECK(e.kube.objects.empty());
}

TEST_CASE("an API failure leaves a failed release naming the reason") {
    Env e;
    e.kube.failCreateKinds.insert("StatefulSet");
    InstallRequest req{chart("shop"), "demo", false, "shop", json::object(), false, ""};
    CHECK_THROWS_WITH(install(e.env, req), Catch::Contains("is invalid: spec: Required value"));
    auto stored = e.storage.last("shop", "demo");
    REQUIRE(stored);
    CHECK(stored->info.status == "failed");
    CHECK(stored->info.description.rfind("Release \"demo\" failed: ", 0) == 0);
    // A failed release's name may be installed again.
    e.kube.failCreateKinds.clear();
    CHECK(install(e.env, req).release.version == 2);
}

TEST_CASE("schema violations stop the install before anything is stored") {
    Env e;
    InstallRequest req{chart("webapp"), "demo", false, "default", json::parse(R"({"replicaCount":"x"})"),
                       false,           ""};
    CHECK_THROWS_WITH(install(e.env, req), Catch::StartsWith("values don't meet the specifications"));
    CHECK(e.kube.count("POST") == 0);
}

TEST_CASE("upgrade bumps the revision, supersedes the old one, removes stale resources; rollback restores") {
    Env e;
    install(e.env, {chart("shop"), "demo", false, "shop", json::object(), false, ""});
    // Disabling the cache subchart drops its StatefulSet.
    auto up = upgradeOf("shop", "demo", json::parse(R"({"cache":{"enabled":false}})"));
    auto res = upgrade(e.env, up);
    CHECK(res.release.version == 2);
    CHECK(res.release.info.status == "deployed");
    CHECK(res.release.info.description == "Upgrade complete");
    CHECK_FALSE(e.kube.objects.count(kApps + "/statefulsets/demo-cache"));
    auto h = e.storage.history("shop", "demo");
    REQUIRE(h.size() == 2);
    CHECK(h[0].info.status == "superseded");
    CHECK(h[1].config == json::parse(R"({"cache":{"enabled":false}})"));

    // No new values: the previous user values are reused (helm's default).
    auto again = upgrade(e.env, upgradeOf("shop", "demo", json::object()));
    CHECK(again.release.config == json::parse(R"({"cache":{"enabled":false}})"));
    // reuse_values merges new values over the previous ones.
    auto reuse = upgradeOf("shop", "demo", json::parse(R"({"backend":{"replicas":5}})"));
    reuse.reuseValues = true;
    auto merged = upgrade(e.env, reuse);
    CHECK(merged.release.config == json::parse(R"({"backend":{"replicas":5},"cache":{"enabled":false}})"));
    // reset_values drops them.
    auto reset = upgradeOf("shop", "demo", json::object());
    reset.resetValues = true;
    CHECK(upgrade(e.env, reset).release.config == json::object());

    auto rb = rollback(e.env, "demo", "shop", 1, false);
    CHECK(rb.release.version == 6);
    CHECK(rb.release.info.description == "Rollback to 1");
    CHECK(rb.release.info.status == "deployed");
    CHECK(e.kube.objects.count(kApps + "/statefulsets/demo-cache"));
    h = e.storage.history("shop", "demo");
    CHECK(std::count_if(h.begin(), h.end(), [](const Release& r) { return r.info.status == "deployed"; }) ==
          1);

    CHECK_THROWS_WITH(upgrade(e.env, upgradeOf("shop", "nope", json::object())),
                      Catch::Contains("has no deployed releases"));
}

TEST_CASE("uninstall deletes in reverse kind order, keeps resource-policy keep, purges or keeps history") {
    Env e;
    install(e.env, {chart("shop"), "demo", false, "shop", json::object(), false, ""});
    e.kube.calls.clear();
    auto res = uninstall(e.env, "demo", "shop", false);
    CHECK(res.kept == std::vector<std::string>{"[Secret] demo-backend-token"});
    std::vector<std::string> deleted;
    for (const auto& c : e.kube.calls)
        if (c.method == "DELETE" && c.path.find("sh.helm.release") == std::string::npos)
            deleted.push_back(c.path.substr(c.path.rfind('/', c.path.rfind('/') - 1) + 1));
    CHECK(deleted == std::vector<std::string>{"services/demo-shop", "statefulsets/demo-cache",
                                              "deployments/demo-backend", "configmaps/demo-shop-settings"});
    CHECK(e.kube.objects.count(kNs + "/secrets/demo-backend-token"));
    CHECK(e.storage.history("shop", "demo").empty());
    CHECK_THROWS_WITH(uninstall(e.env, "demo", "shop", false), Catch::Contains("release: not found"));

    install(e.env, {chart("webapp"), "web", false, "shop", json::object(), false, ""});
    uninstall(e.env, "web", "shop", true);
    auto h = e.storage.history("shop", "web");
    REQUIRE(h.size() == 1);
    CHECK(h[0].info.status == "uninstalled");
    CHECK_FALSE(h[0].info.deleted.empty());
}

TEST_CASE("release names follow helm's rules") {
    CHECK_NOTHROW(validateReleaseName("my-app.v2"));
    CHECK_THROWS_WITH(validateReleaseName("My_App"), Catch::Contains("invalid release name"));
    CHECK_THROWS(validateReleaseName(std::string(54, 'a')));
}
