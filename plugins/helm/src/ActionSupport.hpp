#pragma once

#include "ManifestSorter.hpp"
#include "ReleaseActions.hpp"
#include "ResourceClient.hpp"

#include <functional>
#include <set>
#include <string>
#include <vector>

namespace kmcp::helm {

// The rendered form of a release before it touches the cluster.
struct RenderedRelease {
    std::shared_ptr<Chart> chart; // after dependency processing (what the record stores)
    json values;                  // coalesced values (.Values)
    std::string manifest;
    std::vector<Hook> hooks;
    std::vector<Manifest> manifests;
    std::vector<ChartFile> crds; // crds/ files of the chart and its subcharts
    std::string notes;
};

// Dependency processing, values, schema validation, kubeVersion check, rendering and sorting.
RenderedRelease renderRelease(ActionEnv& env, std::shared_ptr<Chart> chart, const json& userValues,
                              const std::string& name, const std::string& ns, int revision, bool isUpgrade);

// A manifest document parsed to an object, with helm's ownership metadata added.
json manifestObject(const std::string& doc, const std::string& releaseName, const std::string& ns);
// Identity used to compare resources across revisions: group/Kind/namespace/name.
std::string resourceKey(const json& obj, const std::string& defaultNs);
bool keepPolicy(const json& obj);

// Refuses to adopt existing objects not owned by this release (helm's ownership check).
void checkOwnership(ActionEnv& env, const std::vector<Manifest>& manifests, const std::string& name,
                    const std::string& ns);
// Applies manifests in order, reporting progress.
void applyManifests(ActionEnv& env, const std::vector<Manifest>& manifests, const std::string& name,
                    const std::string& ns);
// Creates CRDs from crds/ that the cluster does not have yet.
void installCrds(ActionEnv& env, const std::vector<ChartFile>& crds);
// Deletes resources of `oldManifest` that `current` no longer contains (keep policy honoured).
void deleteStale(ActionEnv& env, const std::string& oldManifest, const std::vector<Manifest>& current,
                 const std::string& ns);

// Runs the hooks of one event: weight then name order, delete policies (before-hook-creation by
// default, hook-succeeded, hook-failed). Hook objects are applied and considered complete once the
// API accepts them: this plugin does not wait for Jobs or Pods to finish.
void runHooks(ActionEnv& env, std::vector<Hook>& hooks, const std::string& event, const std::string& name,
              const std::string& ns);

} // namespace kmcp::helm
