#include "Seed.hpp"

#include "Clock.hpp"

namespace kmcp::sandbox {

using nlohmann::json;

namespace {

const std::string kRbac = "rbac.authorization.k8s.io";

json rule(std::vector<std::string> groups, std::vector<std::string> resources,
          std::vector<std::string> verbs) {
    return {{"apiGroups", groups}, {"resources", resources}, {"verbs", verbs}};
}

void clusterRole(Store& store, const std::string& name, json rules) {
    store.create({kRbac, "clusterroles"}, {{"apiVersion", "rbac.authorization.k8s.io/v1"},
                                           {"kind", "ClusterRole"},
                                           {"metadata", {{"name", name}}},
                                           {"rules", rules}});
}

json subject(const std::string& kind, const std::string& name) {
    return {{"kind", kind}, {"name", name}, {"apiGroup", "rbac.authorization.k8s.io"}};
}

void clusterBinding(Store& store, const std::string& name, const std::string& role, json subjects) {
    store.create({kRbac, "clusterrolebindings"},
                 {{"apiVersion", "rbac.authorization.k8s.io/v1"},
                  {"kind", "ClusterRoleBinding"},
                  {"metadata", {{"name", name}}},
                  {"roleRef", {{"apiGroup", kRbac}, {"kind", "ClusterRole"}, {"name", role}}},
                  {"subjects", subjects}});
}

void roleBinding(Store& store, const std::string& ns, const std::string& name, const std::string& role,
                 json subjects) {
    store.create({kRbac, "rolebindings"},
                 {{"apiVersion", "rbac.authorization.k8s.io/v1"},
                  {"kind", "RoleBinding"},
                  {"metadata", {{"name", name}, {"namespace", ns}}},
                  {"roleRef", {{"apiGroup", kRbac}, {"kind", "ClusterRole"}, {"name", role}}},
                  {"subjects", subjects}});
}

const std::vector<std::string> kRead = {"get", "list", "watch"};
const std::vector<std::string> kWrite = {"create", "delete", "deletecollection", "get",
                                         "list",   "patch",  "update",           "watch"};

json viewRules() {
    return json::array({
        rule({""},
             {"pods", "pods/log", "pods/status", "services", "services/status", "configmaps", "endpoints",
              "events", "persistentvolumeclaims", "persistentvolumeclaims/status", "serviceaccounts"},
             kRead),
        rule({"apps"},
             {"deployments", "deployments/scale", "deployments/status", "replicasets", "replicasets/scale",
              "replicasets/status", "statefulsets", "statefulsets/scale", "statefulsets/status", "daemonsets",
              "daemonsets/status"},
             kRead),
        rule({"batch"}, {"jobs", "jobs/status", "cronjobs", "cronjobs/status"}, kRead),
        rule({"networking.k8s.io"}, {"ingresses", "ingresses/status", "networkpolicies"}, kRead),
        rule({"metrics.k8s.io"}, {"pods"}, kRead),
        rule({"route.openshift.io"}, {"routes", "routes/status"}, kRead),
    });
}

json editRules() {
    return json::array({
        rule({""},
             {"pods", "pods/log", "pods/exec", "pods/status", "services", "configmaps", "secrets",
              "endpoints", "events", "persistentvolumeclaims", "serviceaccounts"},
             kWrite),
        rule({"apps"},
             {"deployments", "deployments/scale", "deployments/status", "replicasets", "replicasets/scale",
              "replicasets/status", "statefulsets", "statefulsets/scale", "statefulsets/status", "daemonsets",
              "daemonsets/status"},
             kWrite),
        rule({"batch"}, {"jobs", "jobs/status", "cronjobs", "cronjobs/status"}, kWrite),
        rule({"networking.k8s.io"}, {"ingresses", "networkpolicies"}, kWrite),
        rule({"metrics.k8s.io"}, {"pods"}, kRead),
        rule({"route.openshift.io"}, {"routes"}, kWrite),
    });
}

json ns(const std::string& name, const std::string& created) {
    return {{"apiVersion", "v1"},
            {"kind", "Namespace"},
            {"metadata", {{"name", name}, {"creationTimestamp", created}}}};
}

json container(const std::string& name, const std::string& image, int port, json env = json::array()) {
    json c = {{"name", name},
              {"image", image},
              {"env", env},
              {"resources", {{"requests", {{"cpu", "50m"}, {"memory", "64Mi"}}}}}};
    if (port > 0) {
        c["ports"] = json::array({{{"containerPort", port}, {"protocol", "TCP"}}});
    }
    return c;
}

json deployment(const std::string& ns, const std::string& name, int replicas, json containers,
                const std::string& created) {
    json labels = {{"app", name}};
    return {
        {"apiVersion", "apps/v1"},
        {"kind", "Deployment"},
        {"metadata",
         {{"name", name},
          {"namespace", ns},
          {"labels", labels},
          {"creationTimestamp", created},
          {"annotations", {{"deployment.kubernetes.io/revision", "1"}}}}},
        {"spec",
         {{"replicas", replicas},
          {"selector", {{"matchLabels", labels}}},
          {"strategy",
           {{"type", "RollingUpdate"}, {"rollingUpdate", {{"maxSurge", "25%"}, {"maxUnavailable", "25%"}}}}},
          {"template", {{"metadata", {{"labels", labels}}}, {"spec", {{"containers", containers}}}}}}},
        {"status", json::object()}};
}

json node(const std::string& name, int index, bool controlPlane, const std::string& created) {
    json labels = {{"kubernetes.io/hostname", name},
                   {"kubernetes.io/os", "linux"},
                   {"kubernetes.io/arch", "amd64"},
                   {"beta.kubernetes.io/os", "linux"},
                   {"beta.kubernetes.io/arch", "amd64"}};
    if (controlPlane) {
        labels["node-role.kubernetes.io/control-plane"] = "";
    }
    json resources = {{"cpu", "4"}, {"memory", "8Gi"}, {"pods", "110"}, {"ephemeral-storage", "100Gi"}};
    json allocatable = {
        {"cpu", "3800m"}, {"memory", "7600Mi"}, {"pods", "110"}, {"ephemeral-storage", "95Gi"}};
    json conditions = json::array();
    for (const auto& [type, status, reason] : std::vector<std::tuple<std::string, std::string, std::string>>{
             {"MemoryPressure", "False", "KubeletHasSufficientMemory"},
             {"DiskPressure", "False", "KubeletHasNoDiskPressure"},
             {"PIDPressure", "False", "KubeletHasSufficientPID"},
             {"Ready", "True", "KubeletReady"}}) {
        conditions.push_back(
            {{"type", type},
             {"status", status},
             {"reason", reason},
             {"message", type == "Ready" ? "kubelet is posting ready status" : "kubelet has no " + type},
             {"lastHeartbeatTime", created},
             {"lastTransitionTime", created}});
    }
    return {{"apiVersion", "v1"},
            {"kind", "Node"},
            {"metadata", {{"name", name}, {"labels", labels}, {"creationTimestamp", created}}},
            {"spec", {{"podCIDR", "10.244." + std::to_string(index) + ".0/24"}}},
            {"status",
             {{"capacity", resources},
              {"allocatable", allocatable},
              {"conditions", conditions},
              {"addresses",
               json::array({{{"type", "InternalIP"}, {"address", "172.18.0." + std::to_string(1 + index)}},
                            {{"type", "Hostname"}, {"address", name}}})},
              {"nodeInfo",
               {{"machineID", std::string(32, static_cast<char>('0' + index))},
                {"systemUUID", "00000000-0000-0000-0000-00000000000" + std::to_string(index)},
                {"bootID", "sandbox-boot-" + std::to_string(index)},
                {"kernelVersion", "6.1.0-sandbox"},
                {"osImage", "Debian GNU/Linux 12 (bookworm)"},
                {"containerRuntimeVersion", "containerd://1.7.18"},
                {"kubeletVersion", "v1.31.0"},
                {"kubeProxyVersion", "v1.31.0"},
                {"operatingSystem", "linux"},
                {"architecture", "amd64"}}}}}};
}

json bareRunningPod(const std::string& ns, const std::string& name, json containers, json annotations,
                    const std::string& created) {
    return {{"apiVersion", "v1"},
            {"kind", "Pod"},
            {"metadata",
             {{"name", name},
              {"namespace", ns},
              {"labels", {{"app", name}}},
              {"annotations", annotations},
              {"creationTimestamp", created}}},
            {"spec", {{"containers", containers}}}};
}

} // namespace

void seedUsers(Authenticator& authenticator) {
    authenticator.addToken("admin-token", {"admin", "admin-uid", {"system:masters"}, ""});
    authenticator.addToken("alice-token", {"alice", "alice-uid", {"dev-team"}, ""});
    authenticator.addToken("bob-token", {"bob", "bob-uid", {"qa-team"}, ""});
}

void seedBase(SandboxContext& ctx) {
    Store& store = ctx.store;
    clusterRole(store, "cluster-admin",
                json::array({rule({"*"}, {"*"}, {"*"}), {{"nonResourceURLs", {"*"}}, {"verbs", {"*"}}}}));
    clusterRole(store, "view", viewRules());
    clusterRole(store, "edit", editRules());
    json adminRules = editRules();
    adminRules.push_back(rule({kRbac}, {"roles", "rolebindings"}, kWrite));
    clusterRole(store, "admin", adminRules);
    clusterRole(store, "system:discovery",
                json::array({{{"nonResourceURLs",
                               {"/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi",
                                "/openapi/*", "/readyz", "/version", "/version/"}},
                              {"verbs", {"get"}}}}));
    clusterRole(store, "system:basic-user",
                json::array({rule({"authorization.k8s.io"},
                                  {"selfsubjectaccessreviews", "selfsubjectrulesreviews"}, {"create"}),
                             rule({"authentication.k8s.io"}, {"selfsubjectreviews"}, {"create"}),
                             rule({"project.openshift.io"}, {"projects"}, {"get", "list"})}));
    clusterBinding(store, "cluster-admin", "cluster-admin",
                   json::array({subject("Group", "system:masters")}));
    clusterBinding(store, "system:discovery", "system:discovery",
                   json::array({subject("Group", "system:authenticated")}));
    clusterBinding(store, "system:basic-user", "system:basic-user",
                   json::array({subject("Group", "system:authenticated")}));
    std::string created = rfc3339(std::chrono::system_clock::now() - std::chrono::hours(72));
    store.create({"", "namespaces"},
                 ctx.controllers.prepareCreate({"", "namespaces"}, ns("default", created)), true);
}

void seedDefault(SandboxContext& ctx) {
    Store& store = ctx.store;
    Controllers& controllers = ctx.controllers;
    auto now = std::chrono::system_clock::now();
    std::string clusterBorn = rfc3339(now - std::chrono::hours(72));
    std::string appsBorn = rfc3339(now - std::chrono::hours(2));
    for (const char* name : {"kube-system", "dev", "qa"}) {
        store.create({"", "namespaces"}, controllers.prepareCreate({"", "namespaces"}, ns(name, clusterBorn)),
                     true);
    }
    store.create({"", "nodes"}, node("sandbox-node-1", 1, true, clusterBorn), true);
    store.create({"", "nodes"}, node("sandbox-node-2", 2, false, clusterBorn), true);

    controllers.setCreationTime(appsBorn);
    auto addDeployment = [&](const std::string& ns, const std::string& name, int replicas, json containers) {
        store.create({"apps", "deployments"}, deployment(ns, name, replicas, containers, appsBorn), true);
        controllers.reconcile({"apps", "deployments"}, ns, name);
    };
    addDeployment("default", "web", 2, json::array({container("nginx", "nginx:1.27", 80)}));
    addDeployment("dev", "api", 1,
                  json::array({container("api", "ghcr.io/example/api:1.4.2", 8080,
                                         json::array({{{"name", "LOG_LEVEL"}, {"value", "debug"}}}))}));
    addDeployment("qa", "tester", 1, json::array({container("tester", "busybox:1.36", 0)}));
    addDeployment("kube-system", "coredns", 2,
                  json::array({container("coredns", "registry.k8s.io/coredns/coredns:v1.11.1", 53)}));

    auto addPod = [&](json pod) {
        ObjectPtr stored =
            store.create({"", "pods"}, controllers.prepareCreate({"", "pods"}, std::move(pod)), true);
        controllers.recordPodEvents(stored->object);
        return stored;
    };
    addPod(bareRunningPod(
        "default", "multi-container",
        json::array({container("app", "nginx:1.27", 8080), container("sidecar", "busybox:1.36", 0)}),
        {{"kubectl.kubernetes.io/default-container", "app"}}, appsBorn));
    json completed =
        bareRunningPod("default", "completed-task", json::array({container("task", "busybox:1.36", 0)}),
                       json::object(), appsBorn);
    completed["spec"]["restartPolicy"] = "Never";
    json done = controllers.prepareCreate({"", "pods"}, completed);
    done["status"]["phase"] = "Succeeded";
    for (auto& c : done["status"]["conditions"]) {
        if (c["type"] == "Ready" || c["type"] == "ContainersReady" ||
            c["type"] == "PodReadyToStartContainers") {
            c["status"] = "False";
            c["reason"] = "PodCompleted";
        }
    }
    for (auto& cs : done["status"]["containerStatuses"]) {
        cs["ready"] = false;
        cs["started"] = false;
        cs["state"] = {
            {"terminated",
             {{"exitCode", 0}, {"reason", "Completed"}, {"startedAt", appsBorn}, {"finishedAt", appsBorn}}}};
    }
    controllers.recordPodEvents(store.create({"", "pods"}, done, true)->object);

    json flaky = controllers.prepareCreate(
        {"", "pods"}, bareRunningPod("default", "flaky", json::array({container("app", "busybox:1.36", 0)}),
                                     json::object(), appsBorn));
    std::string lastCrash = rfc3339(now - std::chrono::minutes(10));
    for (auto& cs : flaky["status"]["containerStatuses"]) {
        cs["restartCount"] = 3;
        cs["lastState"] = {
            {"terminated",
             {{"exitCode", 1}, {"reason", "Error"}, {"startedAt", appsBorn}, {"finishedAt", lastCrash}}}};
        cs["state"] = {{"running", {{"startedAt", lastCrash}}}};
    }
    controllers.recordPodEvents(store.create({"", "pods"}, flaky, true)->object);

    store.create({"", "services"},
                 controllers.prepareCreate(
                     {"", "services"},
                     {{"apiVersion", "v1"},
                      {"kind", "Service"},
                      {"metadata",
                       {{"name", "web"},
                        {"namespace", "default"},
                        {"labels", {{"app", "web"}}},
                        {"creationTimestamp", appsBorn}}},
                      {"spec",
                       {{"selector", {{"app", "web"}}},
                        {"ports", json::array({{{"name", "http"}, {"port", 80}, {"targetPort", 80}}})}}}}),
                 true);
    store.create(
        {"", "configmaps"},
        {{"apiVersion", "v1"},
         {"kind", "ConfigMap"},
         {"metadata", {{"name", "web-config"}, {"namespace", "default"}, {"creationTimestamp", appsBorn}}},
         {"data", {{"index.html", "<h1>sandbox</h1>\n"}, {"LOG_LEVEL", "info"}}}},
        true);
    store.create(
        {"", "configmaps"},
        {{"apiVersion", "v1"},
         {"kind", "ConfigMap"},
         {"metadata", {{"name", "api-config"}, {"namespace", "dev"}, {"creationTimestamp", appsBorn}}},
         {"data", {{"DATABASE_HOST", "db.dev.svc"}, {"FEATURE_FLAGS", "beta,tracing"}}}},
        true);
    store.create(
        {"", "configmaps"},
        {{"apiVersion", "v1"},
         {"kind", "ConfigMap"},
         {"metadata",
          {{"name", "coredns"}, {"namespace", "kube-system"}, {"creationTimestamp", clusterBorn}}},
         {"data", {{"Corefile", ".:53 {\n    errors\n    health\n    kubernetes cluster.local\n}\n"}}}},
        true);
    // base64 of "admin" and "s3cr3t-passw0rd": tests check these never leak in redacted output.
    store.create(
        {"", "secrets"},
        {{"apiVersion", "v1"},
         {"kind", "Secret"},
         {"type", "Opaque"},
         {"metadata", {{"name", "web-secret"}, {"namespace", "default"}, {"creationTimestamp", appsBorn}}},
         {"data", {{"username", "YWRtaW4="}, {"password", "czNjcjN0LXBhc3N3MHJk"}}}},
        true);
    for (const char* n : {"default", "kube-system", "dev", "qa"}) {
        store.create(
            {"", "serviceaccounts"},
            {{"apiVersion", "v1"},
             {"kind", "ServiceAccount"},
             {"metadata", {{"name", "default"}, {"namespace", n}, {"creationTimestamp", clusterBorn}}}},
            true);
    }

    controllers.setCreationTime("");

    roleBinding(store, "dev", "dev-team-edit", "edit", json::array({subject("Group", "dev-team")}));
    roleBinding(store, "default", "dev-team-view", "view", json::array({subject("Group", "dev-team")}));
    roleBinding(store, "qa", "qa-team-view", "view", json::array({subject("Group", "qa-team")}));
    clusterRole(store, "sandbox:namespace-reader", json::array({rule({""}, {"namespaces"}, kRead)}));
    clusterBinding(store, "dev-team-namespace-reader", "sandbox:namespace-reader",
                   json::array({subject("Group", "dev-team")}));
}

} // namespace kmcp::sandbox
