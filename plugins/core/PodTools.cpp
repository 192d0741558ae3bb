// pods_list, pods_list_in_namespace, pods_get, pods_delete, pods_run.
#include "Apply.hpp"
#include "Cluster.hpp"
#include "ObjectCleanup.hpp"
#include "Schema.hpp"
#include "Tools.hpp"

#include <kmcp/yaml.hpp>

#include <random>

namespace kmcp::plugins::core {

namespace {

const char* kManagedBy = "app.kubernetes.io/managed-by";
const char* kAppName = "app.kubernetes.io/name";
const char* kServer = "kubernetes-mcp-server";
const ResourceRef kPods = Cluster::coreV1("Pod", "pods");
const ResourceRef kServices = Cluster::coreV1("Service", "services");
const ResourceRef kRoutes{"route.openshift.io", "v1", "Route", "routes", true};

const char* kPodFieldExamples =
    "'status.phase=Running', 'spec.nodeName=node1'; supported: metadata.name, "
    "metadata.namespace, spec.nodeName, spec.restartPolicy, spec.schedulerName, "
    "spec.serviceAccountName, status.phase, status.podIP, status.nominatedNodeName";

std::string randomSuffix() {
    static const char alphabet[] = "bcdfghjklmnpqrstvwxz2456789";
    std::random_device rd;
    std::uniform_int_distribution<size_t> pick(0, sizeof(alphabet) - 2);
    std::string s;
    for (int i = 0; i < 5; ++i)
        s += alphabet[pick(rd)];
    return s;
}

void podsList(sdk::Call& call, bool inNamespace) {
    Cluster cluster(call);
    std::string ns = inNamespace ? call.requireString("namespace") : "";
    auto params = listParamsFrom(call);
    call.text(cluster.list(kPods, ns, params,
                           inNamespace ? "failed to list pods in namespace " + ns
                                       : "failed to list pods in all namespaces"));
}

void podsGet(sdk::Call& call) {
    Cluster cluster(call);
    std::string name = call.requireString("name");
    std::string ns = call.namespaceArg();
    auto pod =
        cluster.getJson(objectPath(kPods, ns, name), "", "failed to get pod " + name + " in namespace " + ns);
    cleanObject(pod, cluster.redactSecrets());
    call.text(sdk::toYaml(pod));
}

// Deletes what pods_run created next to a managed pod (its Service, and Route on OpenShift).
void deleteManagedCompanions(Cluster& cluster, const std::string& ns, const std::string& appName) {
    Query q;
    q.add("labelSelector", std::string(kManagedBy) + "=" + kServer + "," + kAppName + "=" + appName);
    std::vector<ResourceRef> kinds{kServices};
    if (cluster.serves("route.openshift.io/v1")) kinds.push_back(kRoutes);
    for (const auto& ref : kinds) {
        auto resp = cluster.call().kube({.method = "GET", .path = collectionPath(ref, ns), .query = q.str()});
        if (!resp.ok()) continue;
        auto list = nlohmann::json::parse(resp.body, nullptr, false);
        if (list.is_discarded()) continue;
        for (const auto& item : list.value("items", nlohmann::json::array())) {
            std::string n = item.value("metadata", nlohmann::json::object()).value("name", "");
            if (!n.empty()) cluster.call().kube({.method = "DELETE", .path = objectPath(ref, ns, n)});
        }
    }
}

void podsDelete(sdk::Call& call) {
    Cluster cluster(call);
    std::string name = call.requireString("name");
    std::string ns = call.namespaceArg();
    std::string what = "failed to delete pod " + name + " in namespace " + ns;
    auto pod = cluster.getJson(objectPath(kPods, ns, name), "", what);
    const auto labels =
        pod.value("metadata", nlohmann::json::object()).value("labels", nlohmann::json::object());
    if (labels.is_object() && labels.value(kManagedBy, "") == kServer)
        deleteManagedCompanions(cluster, ns, labels.value(kAppName, ""));
    cluster.ok({.method = "DELETE", .path = objectPath(kPods, ns, name)}, what);
    call.text("Pod deleted successfully");
}

void podsRun(sdk::Call& call) {
    Cluster cluster(call);
    std::string image = call.requireString("image");
    std::string ns = call.namespaceArg();
    std::string name = call.string("name");
    if (name.empty()) name = std::string(kServer) + "-run-" + randomSuffix();
    long long port = 0;
    if (call.has("port")) {
        const auto& p = call.args()["port"];
        if (!p.is_number() || p.get<double>() != static_cast<double>(p.get<long long>()) ||
            p.get<long long>() < 1 || p.get<long long>() > 65535)
            throw sdk::invalidArgument("invalid argument port: must be a whole number from 1 to 65535");
        port = p.get<long long>();
    }
    nlohmann::json labels{{kAppName, name},
                          {"app.kubernetes.io/component", name},
                          {kManagedBy, kServer},
                          {"app.kubernetes.io/part-of", std::string(kServer) + "-run-sandbox"}};
    nlohmann::json meta{{"name", name}, {"namespace", ns}, {"labels", labels}};
    nlohmann::json container{{"name", name}, {"image", image}, {"imagePullPolicy", "Always"}};
    if (port > 0) container["ports"] = nlohmann::json::array({{{"containerPort", port}}});
    nlohmann::json podSpec{{"containers", nlohmann::json::array({container})}};
    std::vector<nlohmann::json> objects;
    objects.push_back({{"apiVersion", "v1"}, {"kind", "Pod"}, {"metadata", meta}, {"spec", podSpec}});
    if (port > 0) {
        nlohmann::json servicePort{{"port", port}, {"targetPort", port}};
        nlohmann::json serviceSpec{
            {"selector", labels}, {"type", "ClusterIP"}, {"ports", nlohmann::json::array({servicePort})}};
        objects.push_back(
            {{"apiVersion", "v1"}, {"kind", "Service"}, {"metadata", meta}, {"spec", serviceSpec}});
        if (cluster.serves("route.openshift.io/v1")) {
            nlohmann::json routeSpec{
                {"to", {{"kind", "Service"}, {"name", name}, {"weight", 100}}},
                {"port", {{"targetPort", port}}},
                {"tls", {{"termination", "edge"}, {"insecureEdgeTerminationPolicy", "Redirect"}}}};
            objects.push_back({{"apiVersion", "route.openshift.io/v1"},
                               {"kind", "Route"},
                               {"metadata", meta},
                               {"spec", routeSpec}});
        }
    }
    auto applied = nlohmann::json::array();
    for (const auto& obj : objects) {
        auto stored = applyObject(cluster, obj);
        cleanObject(stored, cluster.redactSecrets());
        applied.push_back(std::move(stored));
    }
    call.text("# The following resources (YAML) have been created or updated successfully\n" +
              sdk::toYaml(applied));
}

} // namespace

void registerPodTools(sdk::Toolset& toolset) {
    using namespace schema;
    json listProps{{"labelSelector", labelSelector("pods")},
                   {"fieldSelector", fieldSelector("pods", kPodFieldExamples)}};
    addPaging(listProps);
    toolset.tool({.name = "pods_list",
                  .title = "Pods: List",
                  .description = "List the Kubernetes pods of every namespace in the current cluster",
                  .inputSchema = object(listProps),
                  .annotations = kReadOnly},
                 [](sdk::Call& c) { podsList(c, false); });
    json nsProps = listProps;
    nsProps["namespace"] = str("Namespace to list the pods of");
    toolset.tool({.name = "pods_list_in_namespace",
                  .title = "Pods: List in Namespace",
                  .description = "List the Kubernetes pods of one namespace in the current cluster",
                  .inputSchema = object(nsProps, {"namespace"}),
                  .annotations = kReadOnly},
                 [](sdk::Call& c) { podsList(c, true); });
    toolset.tool(
        {.name = "pods_get",
         .title = "Pods: Get",
         .description = "Get a Kubernetes Pod by name, in the given namespace or the current one",
         .inputSchema = object({{"namespace", str("Namespace of the Pod (default: the context's namespace)")},
                                {"name", str("Name of the Pod")}},
                               {"name"}),
         .annotations = kReadOnly},
        podsGet);
    toolset.tool(
        {.name = "pods_delete",
         .title = "Pods: Delete",
         .description =
             "Delete a Kubernetes Pod by name, in the given namespace or the current one (a Service "
             "or Route that pods_run created for it is removed too)",
         .inputSchema = object({{"namespace", str("Namespace of the Pod (default: the context's namespace)")},
                                {"name", str("Name of the Pod to delete")}},
                               {"name"}),
         .annotations = kDestructiveIdempotent},
        podsDelete);
    toolset.tool({.name = "pods_run",
                  .title = "Pods: Run",
                  .description =
                      "Run a container image as a Kubernetes Pod in the given namespace or the current one, "
                      "optionally exposing a port through a Service (and a Route on OpenShift)",
                  .inputSchema = object(
                      {{"namespace", str("Namespace to run the Pod in (default: the context's namespace)")},
                       {"name", str("Name of the Pod (optional; a random name is generated otherwise)")},
                       {"image", str("Container image to run")},
                       {"port", number("TCP port the container listens on; when set, a Service "
                                       "exposes it (optional)")}},
                      {"image"}),
                  .annotations = KMCP_TOOL_OPEN_WORLD},
                 podsRun);
}

} // namespace kmcp::plugins::core
