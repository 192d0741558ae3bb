#pragma once

#include "Clock.hpp"
#include "Store.hpp"

#include <nlohmann/json.hpp>

#include <atomic>
#include <string>

namespace kmcp::sandbox {

// Minimal, synchronous stand-ins for the kubelet, scheduler and workload controllers, run right
// after the API write that needs them, so the cluster "looks alive" without background threads:
// pods start Running on a node, Deployments own a ReplicaSet whose pods match `replicas`, and
// StatefulSets, DaemonSets and Jobs get their pods too.
class Controllers {
public:
    explicit Controllers(Store& store) : store_(store) {}

    // Defaults and status a brand-new object gets before it is first stored.
    nlohmann::json prepareCreate(const Bucket& bucket, nlohmann::json object);
    // Reconciles the workload named by (bucket, ns, name) and everything it owns.
    void reconcile(const Bucket& bucket, const std::string& ns, const std::string& name);
    // Replaces pods that disappeared from under a ReplicaSet/StatefulSet, like the controllers would.
    void podDeleted(const nlohmann::json& pod);
    // Scheduled/Pulled/Created/Started events for a newly started pod.
    void recordPodEvents(const nlohmann::json& pod);
    // Deletes the objects whose ownerReferences name `owner` (background propagation), recursively.
    void cascadeDelete(const nlohmann::json& owner);
    // Removes everything in namespace `ns`.
    void deleteNamespaceContents(const std::string& ns);

    // While set, objects the controllers create carry this creationTimestamp (seeding an "old"
    // cluster); empty means "now".
    void setCreationTime(std::string timestamp) { creationTime_ = std::move(timestamp); }

    // The deterministic pod-template-hash of a Deployment's pod template.
    static std::string templateHash(const nlohmann::json& podTemplate);

private:
    nlohmann::json startPod(nlohmann::json pod, bool succeeded);
    void reconcileDeployment(const std::string& ns, const std::string& name);
    void reconcileReplicaSet(const std::string& ns, const std::string& name);
    void reconcileStatefulSet(const std::string& ns, const std::string& name);
    void reconcileDaemonSet(const std::string& ns, const std::string& name);
    void reconcileJob(const std::string& ns, const std::string& name);
    std::vector<ObjectPtr> podsOwnedBy(const std::string& ns, const std::string& uid) const;
    nlohmann::json podFromTemplate(const nlohmann::json& owner, const std::string& ownerKind,
                                   const std::string& ownerApiVersion, const nlohmann::json& podTemplate);
    void setStatus(const Bucket& bucket, const std::string& ns, const std::string& name,
                   const nlohmann::json& status);
    std::vector<std::string> nodeNames() const;

    ObjectPtr createObject(const Bucket& bucket, nlohmann::json object);

    Store& store_;
    std::string creationTime_;
    std::atomic<unsigned> podCounter_{0};
};

} // namespace kmcp::sandbox
