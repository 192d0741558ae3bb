// events_list, namespaces_list, projects_list.
#include "Cluster.hpp"
#include "Events.hpp"
#include "OutputLimit.hpp"
#include "Schema.hpp"
#include "Tools.hpp"

namespace kmcp::plugins::core {

namespace {

const ResourceRef kEvents = Cluster::coreV1("Event", "events");
const ResourceRef kNamespaces = Cluster::coreV1("Namespace", "namespaces", false);
const ResourceRef kProjects{"project.openshift.io", "v1", "Project", "projects", false};

void eventsList(sdk::Call& call) {
    Cluster cluster(call);
    std::string ns = call.string("namespace");
    auto params = listParamsFrom(call);
    Query q;
    params.addTo(q);
    auto list = cluster.getJson(collectionPath(kEvents, ns), q.str(),
                                ns.empty() ? "failed to list events in all namespaces"
                                           : "failed to list events in namespace " + ns);
    std::string note = pagingNote(list);
    call.text(boundOutput(formatEvents(list), "narrow with namespace or fieldSelector, or page with limit") +
              (note.empty() ? "" : "\n" + note));
}

void namespacesList(sdk::Call& call) {
    Cluster cluster(call);
    call.text(cluster.list(kNamespaces, "", listParamsFrom(call), "failed to list namespaces"));
}

void projectsList(sdk::Call& call) {
    Cluster cluster(call);
    if (!cluster.serves("project.openshift.io/v1"))
        throw sdk::Error(KMCP_STATUS_UNSUPPORTED,
                         "failed to list projects: this cluster is not OpenShift (it does not "
                         "serve project.openshift.io/v1); use namespaces_list instead");
    call.text(cluster.list(kProjects, "", listParamsFrom(call), "failed to list projects"));
}

} // namespace

void registerClusterTools(sdk::Toolset& toolset) {
    using namespace schema;
    json eventProps{
        {"namespace", str("Optional namespace to list the events of; all namespaces when not given")},
        {"fieldSelector", fieldSelector("events", "'type=Warning', 'involvedObject.name=my-pod'; "
                                                  "supported: involvedObject.kind, involvedObject.name, "
                                                  "involvedObject.namespace, involvedObject.uid, reason, "
                                                  "reportingComponent, source, type")}};
    addPaging(eventProps);
    toolset.tool({.name = "events_list",
                  .title = "Events: List",
                  .description =
                      "List Kubernetes events (warnings, errors, state changes) of the current cluster, "
                      "from all namespaces or one, for debugging and troubleshooting",
                  .inputSchema = object(eventProps),
                  .annotations = kReadOnly},
                 eventsList);

    json nsProps{
        {"fieldSelector", fieldSelector("namespaces", "'metadata.name=default', 'status.phase=Active'")}};
    addPaging(nsProps);
    toolset.tool({.name = "namespaces_list",
                  .title = "Namespaces: List",
                  .description = "List the Kubernetes namespaces of the current cluster",
                  .inputSchema = object(nsProps),
                  .annotations = kReadOnly},
                 namespacesList);

    json projectProps = json::object();
    addPaging(projectProps);
    toolset.tool(
        {.name = "projects_list",
         .title = "Projects: List",
         .description = "List the OpenShift projects of the current cluster (OpenShift clusters only)",
         .inputSchema = object(projectProps),
         .annotations = kReadOnly},
        projectsList);
}

} // namespace kmcp::plugins::core
