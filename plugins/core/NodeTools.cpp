// nodes_log, nodes_stats_summary, nodes_top and pods_top (the metrics.k8s.io tools).
#include "Cluster.hpp"
#include "OutputLimit.hpp"
#include "Schema.hpp"
#include "Tools.hpp"
#include "Top.hpp"

namespace kmcp::plugins::core {

namespace {

const ResourceRef kNodes = Cluster::coreV1("Node", "nodes", false);
const ResourceRef kNodeMetrics{"metrics.k8s.io", "v1beta1", "NodeMetrics", "nodes", false};
const ResourceRef kPodMetrics{"metrics.k8s.io", "v1beta1", "PodMetrics", "pods", true};
const char* kMetricsGroupVersion = "metrics.k8s.io/v1beta1";

void nodesLog(sdk::Call& call) {
    Cluster cluster(call);
    std::string name = call.requireString("name");
    std::string query = call.requireString("query");
    long long tail = call.integer("tailLines", 100);
    if (tail < 0) throw sdk::invalidArgument("invalid argument tailLines: must be 0 (all) or more");
    std::string what = "failed to get node log for " + name;
    cluster.getJson(objectPath(kNodes, "", name), "", what);
    Query q;
    q.add("query", query);
    if (tail > 0) q.add("tailLines", std::to_string(tail));
    auto resp = cluster.ok({.method = "GET",
                            .path = objectPath(kNodes, "", name, "proxy/logs"),
                            .query = q.str(),
                            .accept = "*/*"},
                           what);
    if (resp.body.empty()) {
        call.text("The node " + name + " has not logged any message yet or the log file is empty");
        return;
    }
    call.text(boundOutput(resp.body, "use a smaller tailLines"));
}

void nodesStatsSummary(sdk::Call& call) {
    Cluster cluster(call);
    std::string name = call.requireString("name");
    std::string what = "failed to get node stats summary for " + name;
    cluster.getJson(objectPath(kNodes, "", name), "", what);
    auto resp =
        cluster.ok({.method = "GET", .path = objectPath(kNodes, "", name, "proxy/stats/summary")}, what);
    call.text(
        boundOutput(resp.body, "the summary of a node with many pods is large; use pods_top for usage only"));
}

void requireMetrics(Cluster& cluster, const std::string& what) {
    if (!cluster.serves(kMetricsGroupVersion))
        throw sdk::Error(KMCP_STATUS_UNSUPPORTED, what + ": metrics API is not available");
}

nlohmann::json itemsOrSingle(const nlohmann::json& body, bool single) {
    if (single) return nlohmann::json::array({body});
    return body.value("items", nlohmann::json::array());
}

void nodesTop(sdk::Call& call) {
    Cluster cluster(call);
    std::string what = "failed to get nodes top";
    requireMetrics(cluster, what);
    std::string name = call.string("name");
    std::string selector = call.string("label_selector");
    Query q;
    if (name.empty()) q.addIf("labelSelector", selector);
    auto metrics = cluster.getJson(
        name.empty() ? collectionPath(kNodeMetrics, "") : objectPath(kNodeMetrics, "", name), q.str(), what);
    auto nodes = name.empty()
                     ? cluster.getJson(collectionPath(kNodes, ""), q.str(), "failed to list nodes")
                     : cluster.getJson(objectPath(kNodes, "", name), "", "failed to get node " + name);
    std::string text =
        formatNodeTop(itemsOrSingle(metrics, !name.empty()), itemsOrSingle(nodes, !name.empty()));
    call.text(text.empty() ? "No node metrics available yet"
                           : boundOutput(text, "use name or label_selector"));
}

void podsTop(sdk::Call& call) {
    Cluster cluster(call);
    std::string what = "failed to get pods top";
    requireMetrics(cluster, what);
    std::string ns = call.string("namespace");
    if (!call.boolean("all_namespaces", true) || !ns.empty()) ns = call.namespaceArg();
    std::string name = call.string("name");
    Query q;
    if (name.empty()) q.addIf("labelSelector", call.string("label_selector"));
    if (!name.empty() && ns.empty()) ns = call.defaultNamespace();
    auto body = cluster.getJson(
        name.empty() ? collectionPath(kPodMetrics, ns) : objectPath(kPodMetrics, ns, name), q.str(), what);
    std::string text = formatPodTop(itemsOrSingle(body, !name.empty()));
    call.text(text.empty() ? "No pod metrics found"
                           : boundOutput(text, "use namespace, name or label_selector"));
}

} // namespace

void registerNodeTools(sdk::Toolset& toolset) {
    using namespace schema;
    toolset.tool(
        {.name = "nodes_log",
         .title = "Node: Log",
         .description =
             "Get logs of a Kubernetes node (kubelet, kube-proxy or other system logs) through the API "
             "server's proxy to the node's kubelet",
         .inputSchema = object(
             {{"name", str("Name of the node to get the logs of")},
              {"query",
               str("Service(s) or file to read, as the kubelet's log query expects: e.g. \"kubelet\" for "
                   "kubelet logs, or \"/<log-file-name>\" for a file under /var/log such as "
                   "\"/kube-proxy.log\"")},
              {"tailLines",
               integer("Number of lines to read from the end of the log (optional, default 100, 0 for "
                       "all)",
                       100)}},
             {"name", "query"}),
         .annotations = kReadOnly},
        nodesLog);
    toolset.tool({.name = "nodes_stats_summary",
                  .title = "Node: Stats Summary",
                  .description =
                      "Get resource usage statistics of a Kubernetes node from the kubelet's Summary API: "
                      "CPU, memory, filesystem and network at node, pod and container level (and PSI "
                      "pressure metrics where the node supports them)",
                  .inputSchema = object({{"name", str("Name of the node to get the stats of")}}, {"name"}),
                  .annotations = kReadOnly},
                 nodesStatsSummary);
    toolset.tool(
        {.name = "nodes_top",
         .title = "Nodes: Top",
         .description = "List CPU and memory usage of Kubernetes nodes, as recorded by the Metrics Server, "
                        "for one node or all of them",
         .inputSchema = object({{"name", str("Name of the node (optional; all nodes when not given)")},
                                {"label_selector", str("Label selector to filter the nodes (e.g. "
                                                       "'node-role.kubernetes.io/worker='), used only "
                                                       "without name (optional)")}}),
         .annotations = kReadOnlyIdempotent},
        nodesTop);
    toolset.tool(
        {.name = "pods_top",
         .title = "Pods: Top",
         .description =
             "List CPU and memory usage of Kubernetes pods and their containers, as recorded by the "
             "Metrics Server, in all namespaces, one namespace or the current one",
         .inputSchema = object(
             {{"all_namespaces",
               boolean("true: pods of all namespaces; false: pods of the given or current namespace", true)},
              {"namespace",
               str("Namespace of the pods (optional; the current namespace when all_namespaces is false)")},
              {"name", str("Name of one pod (optional; all pods otherwise)")},
              {"label_selector",
               str("Label selector to filter the pods (e.g. 'app=web'), used only without name "
                   "(optional)")}}),
         .annotations = kReadOnlyIdempotent},
        podsTop);
}

} // namespace kmcp::plugins::core
