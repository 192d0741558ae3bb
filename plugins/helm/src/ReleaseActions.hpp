#pragma once

#include "Chart.hpp"
#include "KubeApi.hpp"
#include "Release.hpp"
#include "ReleaseStorage.hpp"
#include "Renderer.hpp"

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace kmcp::helm {

// A release operation that failed; the message is what helm would print (API reasons included).
class ActionError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// What every action works with: the caller's cluster access, release storage, cluster facts.
struct ActionEnv {
    KubeApi& kube;
    ReleaseStorage& storage;
    ClusterCapabilities capabilities;
    // Whether `lookup` in templates queries the cluster (false: empty results, as `helm template`).
    bool clusterLookups = true;
};

struct InstallRequest {
    std::shared_ptr<Chart> chart;
    std::string name; // empty with generateName → <chart>-<unix time>
    bool generateName = false;
    std::string ns;
    json values = json::object();
    bool dryRun = false;
    std::string description;
};

struct UpgradeRequest {
    std::shared_ptr<Chart> chart;
    std::string name;
    std::string ns;
    json values = json::object();
    bool reuseValues = false;
    bool resetValues = false;
    bool dryRun = false;
    std::string description;
};

// The outcome of install/upgrade/rollback: the stored (or, for dry runs, would-be) release.
struct ActionResult {
    Release release;
    std::vector<std::string> warnings;
};

struct UninstallResult {
    Release release;
    std::vector<std::string> kept; // "[Kind] name" of resources kept by helm.sh/resource-policy: keep
};

// helm install: renders, runs pre-install hooks, applies manifests (server-side apply, helm's
// ownership labels/annotations), runs post-install hooks; the release ends deployed or failed.
ActionResult install(ActionEnv& env, const InstallRequest& req);
// helm upgrade: next revision; stale resources removed; previous deployed revision superseded.
ActionResult upgrade(ActionEnv& env, const UpgradeRequest& req);
// helm rollback: re-applies revision `revision` (0 → the one before the current) as a new revision.
ActionResult rollback(ActionEnv& env, const std::string& name, const std::string& ns, int revision,
                      bool dryRun);
// helm uninstall: pre-delete hooks, resources deleted in uninstall order (keep policy honoured),
// post-delete hooks; history purged unless keepHistory.
UninstallResult uninstall(ActionEnv& env, const std::string& name, const std::string& ns, bool keepHistory);

// Helm's release name rule (DNS-1123 subdomain, at most 53 characters); throws ActionError.
void validateReleaseName(const std::string& name);

} // namespace kmcp::helm
