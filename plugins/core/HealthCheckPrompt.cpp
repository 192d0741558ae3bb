// The `cluster-health-check` prompt: tells the model which core tools to call, in which order, and
// how to report, for the whole cluster or one namespace.
#include "Tools.hpp"

#include <string>

namespace kmcp::plugins::core {

namespace {

std::string promptText(const std::string& ns, bool checkEvents, const std::string& context) {
    std::string scope = ns.empty() ? "the whole cluster (all namespaces)" : "namespace `" + ns + "`";
    std::string nsArgs = ns.empty() ? "" : " with namespace=\"" + ns + "\"";
    std::string text;
    text += "# Cluster health check\n\n";
    text += "Assess the health of " + scope + " using the Kubernetes tools of this server. ";
    if (!context.empty())
        text += "Pass context=\"" + context + "\" in every tool call so that all calls target that cluster. ";
    text += "Call the tools below; if one fails (for example because the API is not available or access is "
            "denied), note it in the report and continue.\n\n";
    text += "## Steps\n\n";
    text += "1. **Nodes**: `resources_list` with apiVersion=\"v1\", kind=\"Node\". Flag nodes that are not "
            "Ready or "
            "report MemoryPressure, DiskPressure, PIDPressure or NetworkUnavailable; for a flagged node, "
            "`resources_get` it to read its conditions. If the metrics API is available, `nodes_top` shows "
            "CPU and "
            "memory pressure.\n";
    text +=
        "2. **Pods**: " +
        (ns.empty() ? std::string("`pods_list`") : "`pods_list_in_namespace` with namespace=\"" + ns + "\"") +
        ". Flag pods whose status is not Running or Completed (Pending, CrashLoopBackOff, ImagePullBackOff, "
        "ErrImagePull, Error, OOMKilled, Unknown) and pods with more than 5 restarts. For up to 5 of the "
        "worst, "
        "call `pods_log` (with previous=true for restarting containers) to find the cause.\n";
    text +=
        "3. **Workloads**: `resources_list` with apiVersion=\"apps/v1\" and kind Deployment, StatefulSet and "
        "DaemonSet" +
        nsArgs +
        ". Flag any whose ready replicas are fewer than desired or that report unavailable replicas.\n";
    text += "4. **Storage**: `resources_list` with apiVersion=\"v1\", kind=\"PersistentVolumeClaim\"" +
            nsArgs + ". Flag claims that are not Bound.\n";
    text += "5. **OpenShift only**: `resources_list` with apiVersion=\"config.openshift.io/v1\", "
            "kind=\"ClusterOperator\". Flag operators that are not Available or are Degraded. Skip this step "
            "if the "
            "kind is not served.\n";
    if (checkEvents)
        text += "6. **Events**: `events_list` with fieldSelector=\"type=Warning\"" + nsArgs +
                ". Summarise recent warnings (the last hour matters most), grouped by reason and object.\n";
    text += "\n## Report\n\n";
    text += "Answer with:\n";
    text += "1. **Overall status**: Healthy, Warning or Critical.\n";
    text += "2. **Critical issues** that need action now, each with the evidence you found.\n";
    text += "3. **Warnings** that should be addressed.\n";
    text += "4. **Recommendations**: concrete next steps (commands or tool calls).\n";
    text += "5. **Summary** per component: nodes, pods, workloads, storage" +
            std::string(checkEvents ? ", events" : "") + ".\n";
    return text;
}

} // namespace

void registerHealthCheckPrompt(sdk::Toolset& toolset) {
    toolset.prompt(
        {.name = "cluster-health-check",
         .title = "Cluster Health Check",
         .description = "Comprehensive health assessment of a Kubernetes or OpenShift cluster",
         .args = {{"namespace", "Optional namespace to limit the check to (default: all namespaces)", false},
                  {"check_events", "Include recent warning events (true/false, default: true)", false},
                  {"context",
                   "Optional kubeconfig context of the cluster to check (default: the current context)",
                   false}}},
        [](sdk::Call& call) {
            std::string checkEvents = call.string("check_events", "true");
            bool events = !(checkEvents == "false" || checkEvents == "False" || checkEvents == "0" ||
                            checkEvents == "no");
            if (call.has("check_events") && call.args()["check_events"].is_boolean())
                events = call.args()["check_events"].get<bool>();
            std::string text = promptText(call.string("namespace"), events, call.string("context"));
            return nlohmann::json::array({{{"role", "user"}, {"content", {{"type", "text"}, {"text", text}}}},
                                          {{"role", "assistant"},
                                           {"content",
                                            {{"type", "text"},
                                             {"text", "I'll run these checks with the tools and then give a "
                                                      "structured health assessment."}}}}});
        });
}

} // namespace kmcp::plugins::core
