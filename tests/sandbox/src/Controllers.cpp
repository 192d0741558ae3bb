#include "Controllers.hpp"

#include "ApiError.hpp"

#include <algorithm>

namespace kmcp::sandbox {

using nlohmann::json;

namespace {

const Bucket kPods{"", "pods"};
const Bucket kEvents{"", "events"};
const Bucket kNodes{"", "nodes"};
const Bucket kDeployments{"apps", "deployments"};
const Bucket kReplicaSets{"apps", "replicasets"};
const Bucket kStatefulSets{"apps", "statefulsets"};
const Bucket kDaemonSets{"apps", "daemonsets"};
const Bucket kJobs{"batch", "jobs"};

json ownerRef(const json& owner, const std::string& apiVersion, const std::string& kind) {
    return {{"apiVersion", apiVersion},
            {"kind", kind},
            {"name", owner["metadata"].value("name", "")},
            {"uid", owner["metadata"].value("uid", "")},
            {"controller", true},
            {"blockOwnerDeletion", true}};
}

std::string controllerUid(const json& object) {
    for (const auto& ref : object["metadata"].value("ownerReferences", json::array())) {
        if (ref.value("controller", false)) {
            return ref.value("uid", "");
        }
    }
    return "";
}

json controllerRef(const json& object) {
    for (const auto& ref : object["metadata"].value("ownerReferences", json::array())) {
        if (ref.value("controller", false)) {
            return ref;
        }
    }
    return nullptr;
}

long long readyCount(const std::vector<ObjectPtr>& pods) {
    return std::count_if(pods.begin(), pods.end(), [](const ObjectPtr& p) {
        return p->object.value("status", json::object()).value("phase", "") == "Running";
    });
}

} // namespace

std::string Controllers::templateHash(const json& podTemplate) {
    std::uint32_t h = 2166136261u;
    for (unsigned char c : podTemplate.dump()) {
        h ^= c;
        h *= 16777619u;
    }
    static const char alphabet[] = "bcdfghjklmnpqrstvwxz2456789";
    std::string out;
    for (int i = 0; i < 10; ++i) {
        out += alphabet[h % 27];
        h = h / 27 + (h % 7) * 104729u + static_cast<std::uint32_t>(i) * 2654435761u;
    }
    return out;
}

std::vector<std::string> Controllers::nodeNames() const {
    std::vector<std::string> names;
    for (const auto& n : store_.list(kNodes, {}).items) {
        names.push_back(n->object["metadata"].value("name", ""));
    }
    if (names.empty()) {
        names.push_back("sandbox-node-1");
    }
    return names;
}

json Controllers::startPod(json pod, bool succeeded) {
    unsigned n = podCounter_++;
    json& spec = pod["spec"];
    if (!spec.is_object()) {
        spec = json::object();
    }
    auto nodes = nodeNames();
    if (spec.value("nodeName", "").empty()) {
        spec["nodeName"] = nodes[n % nodes.size()];
    }
    if (!spec.contains("restartPolicy")) {
        spec["restartPolicy"] = "Always";
    }
    if (!spec.contains("serviceAccountName")) {
        spec["serviceAccountName"] = "default";
    }
    if (!spec.contains("dnsPolicy")) {
        spec["dnsPolicy"] = "ClusterFirst";
    }
    if (!spec.contains("terminationGracePeriodSeconds")) {
        spec["terminationGracePeriodSeconds"] = 30;
    }
    const std::string now = rfc3339(std::chrono::system_clock::now());
    std::string startTime =
        pod["metadata"].value("creationTimestamp", creationTime_.empty() ? now : creationTime_);
    json statuses = json::array();
    int idx = 0;
    for (auto& c : spec["containers"]) {
        if (!c.contains("imagePullPolicy")) {
            std::string image = c.value("image", "");
            c["imagePullPolicy"] =
                image.find(":latest") != std::string::npos || image.find(':') == std::string::npos
                    ? "Always"
                    : "IfNotPresent";
        }
        json state = succeeded ? json{{"terminated",
                                       {{"exitCode", 0},
                                        {"reason", "Completed"},
                                        {"startedAt", startTime},
                                        {"finishedAt", startTime}}}}
                               : json{{"running", {{"startedAt", startTime}}}};
        char cid[80];
        std::snprintf(cid, sizeof cid, "containerd://%08x%08x%08x%08x", n * 2654435761u,
                      static_cast<unsigned>(idx), n + 0x5a5a5a5au, static_cast<unsigned>(idx) * 40503u + n);
        statuses.push_back(
            {{"name", c.value("name", "")},
             {"image", c.value("image", "")},
             {"imageID", "docker.io/library/" + c.value("image", "") + "@sha256:" + std::string(64, 'a')},
             {"containerID", cid},
             {"ready", !succeeded},
             {"started", !succeeded},
             {"restartCount", 0},
             {"state", state}});
        ++idx;
    }
    std::string readyStatus = succeeded ? "False" : "True";
    json conditions = json::array({
        {{"type", "PodReadyToStartContainers"}, {"status", readyStatus}, {"lastTransitionTime", startTime}},
        {{"type", "Initialized"}, {"status", "True"}, {"lastTransitionTime", startTime}},
        {{"type", "Ready"}, {"status", readyStatus}, {"lastTransitionTime", startTime}},
        {{"type", "ContainersReady"}, {"status", readyStatus}, {"lastTransitionTime", startTime}},
        {{"type", "PodScheduled"}, {"status", "True"}, {"lastTransitionTime", startTime}},
    });
    std::string nodeIndex = spec["nodeName"].get<std::string>();
    std::string hostIp =
        "172.18.0." + std::to_string(2 + (nodeIndex.empty() ? 0 : (nodeIndex.back() - '0') % 10));
    pod["status"] = {{"phase", succeeded ? "Succeeded" : "Running"},
                     {"conditions", conditions},
                     {"hostIP", hostIp},
                     {"hostIPs", json::array({{{"ip", hostIp}}})},
                     {"podIP", "10.244." + std::to_string(1 + n / 250) + "." + std::to_string(2 + n % 250)},
                     {"podIPs", json::array({{{"ip", "10.244." + std::to_string(1 + n / 250) + "." +
                                                         std::to_string(2 + n % 250)}}})},
                     {"startTime", startTime},
                     {"containerStatuses", statuses},
                     {"qosClass", "BestEffort"}};
    return pod;
}

void Controllers::recordPodEvents(const json& pod) {
    const std::string ns = pod["metadata"].value("namespace", "");
    const std::string name = pod["metadata"].value("name", "");
    const std::string node = pod["spec"].value("nodeName", "");
    const std::string ts =
        pod["metadata"].value("creationTimestamp", rfc3339(std::chrono::system_clock::now()));
    json involved = {{"kind", "Pod"},
                     {"namespace", ns},
                     {"name", name},
                     {"uid", pod["metadata"].value("uid", "")},
                     {"apiVersion", "v1"}};
    auto emit = [&](const std::string& reason, const std::string& message, const std::string& component,
                    const std::string& fieldPath) {
        json ev = {{"apiVersion", "v1"},
                   {"kind", "Event"},
                   {"metadata", {{"namespace", ns}, {"generateName", name + "."}, {"creationTimestamp", ts}}},
                   {"involvedObject", involved},
                   {"reason", reason},
                   {"message", message},
                   {"type", "Normal"},
                   {"source", {{"component", component}}},
                   {"firstTimestamp", ts},
                   {"lastTimestamp", ts},
                   {"count", 1},
                   {"reportingComponent", component}};
        if (!fieldPath.empty()) {
            ev["involvedObject"]["fieldPath"] = fieldPath;
            ev["source"]["host"] = node;
        }
        store_.create(kEvents, ev, true);
    };
    emit("Scheduled", "Successfully assigned " + ns + "/" + name + " to " + node, "default-scheduler", "");
    for (const auto& c : pod["spec"].value("containers", json::array())) {
        std::string cname = c.value("name", "");
        std::string fp = "spec.containers{" + cname + "}";
        emit("Pulled", "Container image \"" + c.value("image", "") + "\" already present on machine",
             "kubelet", fp);
        emit("Created", "Created container " + cname, "kubelet", fp);
        emit("Started", "Started container " + cname, "kubelet", fp);
    }
}

ObjectPtr Controllers::createObject(const Bucket& bucket, json object) {
    if (creationTime_.empty()) {
        return store_.create(bucket, std::move(object));
    }
    object["metadata"]["creationTimestamp"] = creationTime_;
    return store_.create(bucket, std::move(object), true);
}

json Controllers::prepareCreate(const Bucket& bucket, json object) {
    if (bucket.group.empty() && bucket.resource == "namespaces") {
        object["spec"] = {{"finalizers", {"kubernetes"}}};
        object["status"] = {{"phase", "Active"}};
        object["metadata"]["labels"]["kubernetes.io/metadata.name"] = object["metadata"].value("name", "");
    } else if (bucket.group.empty() && bucket.resource == "pods") {
        if (!object.value("status", json::object()).contains("phase")) {
            object = startPod(std::move(object), false);
        }
    } else if (bucket.group.empty() && bucket.resource == "services") {
        json& spec = object["spec"];
        if (!spec.contains("type")) {
            spec["type"] = "ClusterIP";
        }
        if (!spec.contains("clusterIP")) {
            unsigned n = podCounter_++;
            spec["clusterIP"] = "10.96." + std::to_string(n / 250) + "." + std::to_string(10 + n % 240);
            spec["clusterIPs"] = {spec["clusterIP"]};
        }
        for (auto& p : spec["ports"]) {
            if (!p.contains("protocol")) {
                p["protocol"] = "TCP";
            }
            if (!p.contains("targetPort")) {
                p["targetPort"] = p.value("port", 0);
            }
        }
        object["status"] = {{"loadBalancer", json::object()}};
    } else if (bucket.group.empty() && bucket.resource == "secrets") {
        if (!object.contains("type")) {
            object["type"] = "Opaque";
        }
    } else if (bucket.group == "apps" || bucket.group == "batch") {
        if (bucket.resource != "cronjobs" && !object["spec"].contains("replicas") &&
            bucket.resource != "jobs" && bucket.resource != "daemonsets") {
            object["spec"]["replicas"] = 1;
        }
        if (!object.contains("status")) {
            object["status"] = json::object();
        }
    }
    return object;
}

std::vector<ObjectPtr> Controllers::podsOwnedBy(const std::string& ns, const std::string& uid) const {
    ListQuery q;
    q.ns = ns;
    std::vector<ObjectPtr> out;
    for (const auto& p : store_.list(kPods, q).items) {
        if (controllerUid(p->object) == uid) {
            out.push_back(p);
        }
    }
    return out;
}

json Controllers::podFromTemplate(const json& owner, const std::string& ownerKind,
                                  const std::string& ownerApiVersion, const json& podTemplate) {
    json pod = {{"apiVersion", "v1"}, {"kind", "Pod"}};
    pod["metadata"] = podTemplate.value("metadata", json::object());
    pod["metadata"]["namespace"] = owner["metadata"].value("namespace", "");
    pod["metadata"]["ownerReferences"] = json::array({ownerRef(owner, ownerApiVersion, ownerKind)});
    pod["spec"] = podTemplate.value("spec", json::object());
    return pod;
}

void Controllers::setStatus(const Bucket& bucket, const std::string& ns, const std::string& name,
                            const json& status) {
    try {
        store_.mutate(bucket, ns, name, [&](const json& live) {
            json next = live;
            json merged = live.value("status", json::object());
            merged.update(status);
            next["status"] = merged;
            next["metadata"].erase("resourceVersion");
            return next;
        });
    } catch (const ApiError&) {
        // The owner was deleted concurrently; nothing left to report status on.
    }
}

void Controllers::reconcile(const Bucket& bucket, const std::string& ns, const std::string& name) {
    if (bucket.group == "apps" && bucket.resource == "deployments") {
        reconcileDeployment(ns, name);
    } else if (bucket.group == "apps" && bucket.resource == "replicasets") {
        reconcileReplicaSet(ns, name);
    } else if (bucket.group == "apps" && bucket.resource == "statefulsets") {
        reconcileStatefulSet(ns, name);
    } else if (bucket.group == "apps" && bucket.resource == "daemonsets") {
        reconcileDaemonSet(ns, name);
    } else if (bucket.group == "batch" && bucket.resource == "jobs") {
        reconcileJob(ns, name);
    }
}

void Controllers::reconcileDeployment(const std::string& ns, const std::string& name) {
    ObjectPtr deploy = store_.get(kDeployments, ns, name);
    if (!deploy) {
        return;
    }
    const json& d = deploy->object;
    json tmpl = d["spec"].value("template", json::object());
    std::string hash = templateHash(tmpl);
    std::string rsName = name + "-" + hash;
    long long replicas = d["spec"].value("replicas", 1LL);
    tmpl["metadata"]["labels"]["pod-template-hash"] = hash;
    json selector = d["spec"].value("selector", json::object());
    selector["matchLabels"]["pod-template-hash"] = hash;

    ListQuery q;
    q.ns = ns;
    for (const auto& rs : store_.list(kReplicaSets, q).items) {
        if (controllerUid(rs->object) == d["metadata"].value("uid", "") &&
            rs->object["metadata"].value("name", "") != rsName &&
            rs->object["spec"].value("replicas", 0) != 0) {
            store_.mutate(kReplicaSets, ns, rs->object["metadata"].value("name", ""), [](const json& live) {
                json next = live;
                next["spec"]["replicas"] = 0;
                next["metadata"].erase("resourceVersion");
                return next;
            });
            reconcileReplicaSet(ns, rs->object["metadata"].value("name", ""));
        }
    }
    ObjectPtr rs = store_.get(kReplicaSets, ns, rsName);
    if (!rs) {
        json labels = tmpl["metadata"].value("labels", json::object());
        json rsObj = {{"apiVersion", "apps/v1"},
                      {"kind", "ReplicaSet"},
                      {"metadata",
                       {{"name", rsName},
                        {"namespace", ns},
                        {"labels", labels},
                        {"annotations",
                         {{"deployment.kubernetes.io/revision", "1"},
                          {"deployment.kubernetes.io/desired-replicas", std::to_string(replicas)}}},
                        {"ownerReferences", json::array({ownerRef(d, "apps/v1", "Deployment")})}}},
                      {"spec", {{"replicas", replicas}, {"selector", selector}, {"template", tmpl}}},
                      {"status", {{"replicas", 0}}}};
        createObject(kReplicaSets, rsObj);
    } else if (rs->object["spec"].value("replicas", 0LL) != replicas) {
        store_.mutate(kReplicaSets, ns, rsName, [&](const json& live) {
            json next = live;
            next["spec"]["replicas"] = replicas;
            next["metadata"]["annotations"]["deployment.kubernetes.io/desired-replicas"] =
                std::to_string(replicas);
            next["metadata"].erase("resourceVersion");
            return next;
        });
    }
    reconcileReplicaSet(ns, rsName);
}

void Controllers::reconcileReplicaSet(const std::string& ns, const std::string& name) {
    ObjectPtr rs = store_.get(kReplicaSets, ns, name);
    if (!rs) {
        return;
    }
    const json& r = rs->object;
    long long want = r["spec"].value("replicas", 1LL);
    auto pods = podsOwnedBy(ns, r["metadata"].value("uid", ""));
    while (static_cast<long long>(pods.size()) > want) {
        const auto& victim = pods.back()->object["metadata"];
        store_.remove(kPods, ns, victim.value("name", ""));
        pods.pop_back();
    }
    for (long long i = static_cast<long long>(pods.size()); i < want; ++i) {
        json pod = podFromTemplate(r, "ReplicaSet", "apps/v1", r["spec"].value("template", json::object()));
        pod["metadata"]["generateName"] = name + "-";
        pod = startPod(std::move(pod), false);
        ObjectPtr created = createObject(kPods, pod);
        recordPodEvents(created->object);
    }
    pods = podsOwnedBy(ns, r["metadata"].value("uid", ""));
    long long ready = readyCount(pods);
    long long count = static_cast<long long>(pods.size());
    setStatus(kReplicaSets, ns, name,
              {{"replicas", count},
               {"fullyLabeledReplicas", count},
               {"readyReplicas", ready},
               {"availableReplicas", ready},
               {"observedGeneration", r["metadata"].value("generation", 1)}});

    json owner = controllerRef(r);
    if (owner.is_object() && owner.value("kind", "") == "Deployment") {
        ObjectPtr deploy = store_.get(kDeployments, ns, owner.value("name", ""));
        if (!deploy) {
            return;
        }
        long long total = 0;
        long long totalReady = 0;
        long long updated = 0;
        std::string current = owner.value("name", "") + "-" +
                              templateHash(deploy->object["spec"].value("template", json::object()));
        ListQuery q;
        q.ns = ns;
        for (const auto& other : store_.list(kReplicaSets, q).items) {
            if (controllerUid(other->object) != deploy->object["metadata"].value("uid", "")) {
                continue;
            }
            auto owned = podsOwnedBy(ns, other->object["metadata"].value("uid", ""));
            total += static_cast<long long>(owned.size());
            totalReady += readyCount(owned);
            if (other->object["metadata"].value("name", "") == current) {
                updated = static_cast<long long>(owned.size());
            }
        }
        std::string ts = rfc3339(std::chrono::system_clock::now());
        json conditions =
            json::array({{{"type", "Available"},
                          {"status", "True"},
                          {"reason", "MinimumReplicasAvailable"},
                          {"message", "Deployment has minimum availability."},
                          {"lastUpdateTime", ts},
                          {"lastTransitionTime", ts}},
                         {{"type", "Progressing"},
                          {"status", "True"},
                          {"reason", "NewReplicaSetAvailable"},
                          {"message", "ReplicaSet \"" + current + "\" has successfully progressed."},
                          {"lastUpdateTime", ts},
                          {"lastTransitionTime", ts}}});
        setStatus(kDeployments, ns, owner.value("name", ""),
                  {{"observedGeneration", deploy->object["metadata"].value("generation", 1)},
                   {"replicas", total},
                   {"updatedReplicas", updated},
                   {"readyReplicas", totalReady},
                   {"availableReplicas", totalReady},
                   {"conditions", conditions}});
    }
}

void Controllers::reconcileStatefulSet(const std::string& ns, const std::string& name) {
    ObjectPtr sts = store_.get(kStatefulSets, ns, name);
    if (!sts) {
        return;
    }
    const json& s = sts->object;
    long long want = s["spec"].value("replicas", 1LL);
    auto pods = podsOwnedBy(ns, s["metadata"].value("uid", ""));
    for (const auto& p : pods) {
        std::string podName = p->object["metadata"].value("name", "");
        long long ordinal = std::atoll(podName.substr(name.size() + 1).c_str());
        if (ordinal >= want) {
            store_.remove(kPods, ns, podName);
        }
    }
    for (long long i = 0; i < want; ++i) {
        std::string podName = name + "-" + std::to_string(i);
        if (store_.get(kPods, ns, podName)) {
            continue;
        }
        json pod = podFromTemplate(s, "StatefulSet", "apps/v1", s["spec"].value("template", json::object()));
        pod["metadata"]["name"] = podName;
        pod["metadata"]["labels"]["statefulset.kubernetes.io/pod-name"] = podName;
        pod = startPod(std::move(pod), false);
        recordPodEvents(createObject(kPods, pod)->object);
    }
    pods = podsOwnedBy(ns, s["metadata"].value("uid", ""));
    long long ready = readyCount(pods);
    setStatus(kStatefulSets, ns, name,
              {{"replicas", static_cast<long long>(pods.size())},
               {"readyReplicas", ready},
               {"currentReplicas", ready},
               {"updatedReplicas", ready},
               {"availableReplicas", ready},
               {"observedGeneration", s["metadata"].value("generation", 1)}});
}

void Controllers::reconcileDaemonSet(const std::string& ns, const std::string& name) {
    ObjectPtr ds = store_.get(kDaemonSets, ns, name);
    if (!ds) {
        return;
    }
    const json& d = ds->object;
    auto pods = podsOwnedBy(ns, d["metadata"].value("uid", ""));
    for (const auto& node : nodeNames()) {
        bool present = std::any_of(pods.begin(), pods.end(), [&](const ObjectPtr& p) {
            return p->object["spec"].value("nodeName", "") == node;
        });
        if (present) {
            continue;
        }
        json pod = podFromTemplate(d, "DaemonSet", "apps/v1", d["spec"].value("template", json::object()));
        pod["metadata"]["generateName"] = name + "-";
        pod["spec"]["nodeName"] = node;
        pod = startPod(std::move(pod), false);
        recordPodEvents(createObject(kPods, pod)->object);
    }
    pods = podsOwnedBy(ns, d["metadata"].value("uid", ""));
    long long n = static_cast<long long>(pods.size());
    setStatus(kDaemonSets, ns, name,
              {{"desiredNumberScheduled", n},
               {"currentNumberScheduled", n},
               {"numberReady", readyCount(pods)},
               {"numberAvailable", readyCount(pods)},
               {"updatedNumberScheduled", n},
               {"numberMisscheduled", 0},
               {"observedGeneration", d["metadata"].value("generation", 1)}});
}

void Controllers::reconcileJob(const std::string& ns, const std::string& name) {
    ObjectPtr job = store_.get(kJobs, ns, name);
    if (!job) {
        return;
    }
    const json& j = job->object;
    long long completions = j["spec"].value("completions", 1LL);
    auto pods = podsOwnedBy(ns, j["metadata"].value("uid", ""));
    for (long long i = static_cast<long long>(pods.size()); i < completions; ++i) {
        json pod = podFromTemplate(j, "Job", "batch/v1", j["spec"].value("template", json::object()));
        pod["metadata"]["generateName"] = name + "-";
        pod["metadata"]["labels"]["job-name"] = name;
        pod = startPod(std::move(pod), true);
        recordPodEvents(createObject(kPods, pod)->object);
    }
    std::string start = j["metadata"].value("creationTimestamp", rfc3339(std::chrono::system_clock::now()));
    setStatus(kJobs, ns, name,
              {{"succeeded", completions},
               {"active", 0},
               {"startTime", start},
               {"completionTime", start},
               {"ready", 0},
               {"conditions", json::array({{{"type", "Complete"},
                                            {"status", "True"},
                                            {"lastProbeTime", start},
                                            {"lastTransitionTime", start}}})}});
}

void Controllers::podDeleted(const json& pod) {
    json owner = controllerRef(pod);
    if (!owner.is_object()) {
        return;
    }
    std::string ns = pod["metadata"].value("namespace", "");
    std::string kind = owner.value("kind", "");
    if (kind == "ReplicaSet") {
        reconcileReplicaSet(ns, owner.value("name", ""));
    } else if (kind == "StatefulSet") {
        reconcileStatefulSet(ns, owner.value("name", ""));
    } else if (kind == "DaemonSet") {
        reconcileDaemonSet(ns, owner.value("name", ""));
    }
}

void Controllers::cascadeDelete(const json& owner) {
    std::string uid = owner["metadata"].value("uid", "");
    if (uid.empty()) {
        return;
    }
    for (const auto& [bucket, dependent] : store_.dependentsOf(uid)) {
        const json& meta = dependent->object["metadata"];
        if (ObjectPtr removed = store_.remove(bucket, meta.value("namespace", ""), meta.value("name", ""))) {
            cascadeDelete(removed->object);
        }
    }
}

void Controllers::deleteNamespaceContents(const std::string& ns) {
    for (const auto& [bucket, object] : store_.objectsInNamespace(ns)) {
        store_.remove(bucket, ns, object->object["metadata"].value("name", ""));
    }
}

} // namespace kmcp::sandbox
