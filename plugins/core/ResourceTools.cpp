// resources_list, resources_get, resources_create_or_update, resources_delete, resources_scale.
#include "Apply.hpp"
#include "Cluster.hpp"
#include "Manifest.hpp"
#include "ObjectCleanup.hpp"
#include "OutputLimit.hpp"
#include "Schema.hpp"
#include "Tools.hpp"

#include <kmcp/yaml.hpp>

namespace kmcp::plugins::core {

namespace {

std::string describe(const ResourceRef& ref, const std::string& ns, const std::string& name) {
    return ref.kind + " " + (ns.empty() ? "" : ns + "/") + name;
}

void resourcesList(sdk::Call& call) {
    Cluster cluster(call);
    auto ref = cluster.resolve(call.requireString("apiVersion"), call.requireString("kind"));
    auto params = listParamsFrom(call);
    std::string ns = ref.namespaced ? call.string("namespace") : "";
    call.text(cluster.list(ref, ns, params, "failed to list " + ref.resource));
}

void resourcesGet(sdk::Call& call) {
    Cluster cluster(call);
    auto ref = cluster.resolve(call.requireString("apiVersion"), call.requireString("kind"));
    std::string name = call.requireString("name");
    std::string ns = cluster.namespaceFor(ref, call.string("namespace"));
    auto obj = cluster.getJson(objectPath(ref, ns, name), "", "failed to get " + describe(ref, ns, name));
    cleanObject(obj, cluster.redactSecrets());
    call.text(boundOutput(sdk::toYaml(obj), ""));
}

void resourcesCreateOrUpdate(sdk::Call& call) {
    Cluster cluster(call);
    auto objects = parseManifests(call.requireString("resource"));
    auto applied = nlohmann::json::array();
    for (size_t i = 0; i < objects.size(); ++i) {
        nlohmann::json stored;
        try {
            stored = applyObject(cluster, objects[i]);
        } catch (const sdk::Error& e) {
            std::string done = i == 0 ? "" : " (documents 1-" + std::to_string(i) + " were applied)";
            throw sdk::Error(e.status(), "document " + std::to_string(i + 1) + ": " + e.what() + done);
        }
        cleanObject(stored, cluster.redactSecrets());
        applied.push_back(std::move(stored));
    }
    call.text(boundOutput("# The following resources (YAML) have been created or updated successfully\n" +
                              sdk::toYaml(applied),
                          "use resources_get to read a single resource"));
}

void resourcesDelete(sdk::Call& call) {
    Cluster cluster(call);
    auto ref = cluster.resolve(call.requireString("apiVersion"), call.requireString("kind"));
    std::string name = call.requireString("name");
    std::string ns = cluster.namespaceFor(ref, call.string("namespace"));
    Query q;
    if (call.has("gracePeriodSeconds")) {
        long long grace = call.integer("gracePeriodSeconds", 0);
        if (grace < 0) throw sdk::invalidArgument("invalid argument gracePeriodSeconds: must be 0 or more");
        q.add("gracePeriodSeconds", std::to_string(grace));
    }
    cluster.ok({.method = "DELETE", .path = objectPath(ref, ns, name), .query = q.str()},
               "failed to delete " + describe(ref, ns, name));
    call.text("Resource deleted successfully");
}

void resourcesScale(sdk::Call& call) {
    Cluster cluster(call);
    auto ref = cluster.resolve(call.requireString("apiVersion"), call.requireString("kind"));
    std::string name = call.requireString("name");
    std::string ns = cluster.namespaceFor(ref, call.string("namespace"));
    std::string path = objectPath(ref, ns, name, "scale");
    nlohmann::json scale;
    if (call.has("scale")) {
        long long replicas = call.integer("scale", 0);
        if (replicas < 0) throw sdk::invalidArgument("invalid argument scale: must be 0 or more");
        nlohmann::json patch{{"spec", {{"replicas", replicas}}}};
        auto resp = cluster.ok({.method = "PATCH",
                                .path = path,
                                .body = patch.dump(),
                                .contentType = "application/merge-patch+json"},
                               "failed to update the scale of " + describe(ref, ns, name));
        scale = nlohmann::json::parse(resp.body, nullptr, false);
    } else {
        scale = cluster.getJson(path, "", "failed to get the scale of " + describe(ref, ns, name));
    }
    cleanObject(scale, false);
    call.text("# Current resource scale (YAML) is below\n" + sdk::toYaml(scale));
}

schema::json gvkProps(const std::string& nsDescription) {
    using namespace schema;
    return {{"apiVersion", str(kApiVersion)}, {"kind", str(kKind)}, {"namespace", str(nsDescription)}};
}

} // namespace

void registerResourceTools(sdk::Toolset& toolset) {
    using namespace schema;
    std::string common = std::string("\n") + kCommonKinds;

    json listProps = gvkProps("Optional namespace to list from (ignored for cluster-scoped resources); all "
                              "namespaces when not given");
    listProps["labelSelector"] = labelSelector("resources");
    listProps["fieldSelector"] =
        fieldSelector("resources", "'metadata.name=web', 'status.phase=Running'; supported "
                                   "fields depend on the resource type");
    addPaging(listProps);
    toolset.tool(
        {.name = "resources_list",
         .title = "Resources: List",
         .description = "List Kubernetes resources of any kind in the current cluster by apiVersion and "
                        "kind, optionally in one namespace and filtered by label or field selectors" +
                        common,
         .inputSchema = object(listProps, {"apiVersion", "kind"}),
         .annotations = kReadOnly},
        resourcesList);

    json getProps =
        gvkProps("Optional namespace of the resource (ignored for cluster-scoped resources; default: "
                 "the context's namespace)");
    getProps["name"] = str("Name of the resource");
    toolset.tool(
        {.name = "resources_get",
         .title = "Resources: Get",
         .description = "Get a Kubernetes resource of any kind in the current cluster by apiVersion, kind, "
                        "name and optionally namespace" +
                        common,
         .inputSchema = object(getProps, {"apiVersion", "kind", "name"}),
         .annotations = kReadOnly},
        resourcesGet);

    toolset.tool(
        {.name = "resources_create_or_update",
         .title = "Resources: Create or Update",
         .description =
             "Create or update Kubernetes resources with server-side apply. Each manifest is the complete "
             "desired state: fields this tool set before and the new manifest leaves out are removed. To "
             "change an existing resource, read it with resources_get, edit it and apply it whole." +
             common,
         .inputSchema =
             object({{"resource", str("YAML or JSON of the resource(s): one or more complete manifests "
                                      "(separate YAML documents with ---) including apiVersion, kind, "
                                      "metadata and the full spec")}},
                    {"resource"}),
         .annotations = kDestructiveIdempotent},
        resourcesCreateOrUpdate);

    json delProps =
        gvkProps("Optional namespace of the resource (ignored for cluster-scoped resources; default: "
                 "the context's namespace)");
    delProps["name"] = str("Name of the resource");
    delProps["gracePeriodSeconds"] =
        integer("Optional seconds to wait before the object is deleted (0 deletes at "
                "once); the resource type's default when not given");
    toolset.tool(
        {.name = "resources_delete",
         .title = "Resources: Delete",
         .description = "Delete a Kubernetes resource of any kind in the current cluster by apiVersion, "
                        "kind, name and optionally namespace" +
                        common,
         .inputSchema = object(delProps, {"apiVersion", "kind", "name"}),
         .annotations = kDestructiveIdempotent},
        resourcesDelete);

    json scaleProps{
        {"apiVersion", str("apiVersion of the resource (e.g. apps/v1)")},
        {"kind", str("kind of the resource (e.g. Deployment, StatefulSet)")},
        {"namespace", str("Optional namespace of the resource (default: the context's namespace)")},
        {"name", str("Name of the resource")},
        {"scale", integer("Optional number of replicas to scale to; without it the current scale is "
                          "returned unchanged")}};
    toolset.tool({.name = "resources_scale",
                  .title = "Resources: Scale",
                  .description =
                      "Get or set the scale (replicas) of a Kubernetes resource such as a Deployment or "
                      "StatefulSet; always returns the resulting scale",
                  .inputSchema = object(scaleProps, {"apiVersion", "kind", "name"}),
                  .annotations = kDestructiveIdempotent},
                 resourcesScale);
}

} // namespace kmcp::plugins::core
