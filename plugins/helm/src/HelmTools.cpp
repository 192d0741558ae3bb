#include "HelmTools.hpp"

#include "CallKube.hpp"
#include "ChartLoader.hpp"
#include "ManifestSorter.hpp"
#include "ReleaseActions.hpp"
#include "ReleaseFormat.hpp"
#include "Values.hpp"

namespace kmcp::helm {

using kmcp::sdk::Call;
using nlohmann::json;

namespace {

json prop(const char* type, const char* description) {
    return {{"type", type}, {"description", description}};
}

json schema(json properties, std::vector<std::string> required = {}) {
    json s = {{"type", "object"}, {"properties", std::move(properties)}};
    if (!required.empty()) s["required"] = required;
    return s;
}

const char* kNamespace = "Namespace of the release (default: the context's namespace)";

kmcp::sdk::ToolSpec spec(const char* name, const char* title, const char* description, json inputSchema,
                         uint32_t annotations) {
    kmcp::sdk::ToolSpec s;
    s.name = name;
    s.title = title;
    s.description = description;
    s.inputSchema = std::move(inputSchema);
    s.annotations = annotations;
    s.targetsCluster = true;
    return s;
}

// Runs one handler body, turning helm-level failures into an isError result with helm's message.
template <typename Fn> void guarded(Call& call, Fn&& fn) {
    try {
        fn();
    } catch (const ActionError& e) {
        call.error(e.what());
    } catch (const SourceError& e) {
        call.error(e.what());
    } catch (const ChartError& e) {
        call.error(e.what());
    } catch (const StorageError& e) {
        call.error(e.what());
    }
}

json userValues(const Call& call) {
    if (!call.has("values")) return json::object();
    const auto& v = call.args()["values"];
    if (!v.is_object()) throw kmcp::sdk::invalidArgument("values must be an object");
    return v;
}

int revisionArg(const Call& call) {
    auto r = call.integer("revision", 0);
    if (r < 0) throw kmcp::sdk::invalidArgument("revision must not be negative");
    return static_cast<int>(r);
}

} // namespace

HelmTools::HelmTools(const json& config)
    : sources_(SourceConfig::fromJson(config)),
      driver_(ReleaseStorage::parseDriver(config.is_object() ? config.value("storage_driver", "") : "")) {}

void HelmTools::registerTools(kmcp::sdk::Toolset& t) {
    const uint32_t ro = KMCP_TOOL_READ_ONLY | KMCP_TOOL_OPEN_WORLD;
    t.tool(spec("helm_list", "Helm: List Releases",
                "List Helm releases in a namespace, or in all namespaces (like `helm list`)",
                schema({{"all_namespaces", prop("boolean", "List releases in every namespace")},
                        {"namespace", prop("string", kNamespace)},
                        {"status", prop("string", "Status filter: all, or a comma list of deployed, "
                                                  "failed, pending, superseded, uninstalled, "
                                                  "uninstalling (default: deployed,failed)")},
                        {"output",
                         {{"type", "string"},
                          {"enum", {"table", "yaml"}},
                          {"description", "table (default) or yaml"}}}}),
                ro),
           [this](Call& c) { list(c); });
    t.tool(spec("helm_install", "Helm: Install Chart",
                "Install a Helm chart as a new release. chart is a local chart directory or "
                ".tgz under the configured chart_dirs, repo/chart from a configured repository, "
                "a chart URL or oci:// reference. dry_run renders only and prints exactly what "
                "`helm template` would.",
                schema({{"chart", prop("string", "Chart reference")},
                        {"name", prop("string", "Release name (generated when empty)")},
                        {"namespace", prop("string", kNamespace)},
                        {"values", prop("object", "Values overriding the chart's defaults")},
                        {"version", prop("string", "Chart version constraint (repositories, OCI)")},
                        {"dry_run", prop("boolean", "Render without installing")}},
                       {"chart"}),
                KMCP_TOOL_OPEN_WORLD),
           [this](Call& c) { install(c); });
    t.tool(spec("helm_uninstall", "Helm: Uninstall Release",
                "Uninstall a Helm release: its resources are deleted (those annotated "
                "helm.sh/resource-policy: keep are kept) and its history removed unless "
                "keep_history is set",
                schema({{"name", prop("string", "Release name")},
                        {"namespace", prop("string", kNamespace)},
                        {"keep_history", prop("boolean", "Keep the release records (status "
                                                         "uninstalled)")}},
                       {"name"}),
                KMCP_TOOL_DESTRUCTIVE | KMCP_TOOL_IDEMPOTENT | KMCP_TOOL_OPEN_WORLD),
           [this](Call& c) { uninstall(c); });
    t.tool(spec("helm_upgrade", "Helm: Upgrade Release",
                "Upgrade a release to a chart and values, as a new revision (resources the new "
                "revision no longer renders are deleted). Without values the previous "
                "user-supplied values are reused, as helm does.",
                schema({{"name", prop("string", "Release name")},
                        {"chart", prop("string", "Chart reference (as for helm_install)")},
                        {"namespace", prop("string", kNamespace)},
                        {"values", prop("object", "Values overriding the chart's defaults")},
                        {"version", prop("string", "Chart version constraint")},
                        {"reuse_values", prop("boolean", "Merge values over the last release's")},
                        {"reset_values", prop("boolean", "Use only the chart defaults and values")},
                        {"install", prop("boolean", "Install when the release does not exist")},
                        {"dry_run", prop("boolean", "Render without upgrading")}},
                       {"name", "chart"}),
                KMCP_TOOL_DESTRUCTIVE | KMCP_TOOL_OPEN_WORLD),
           [this](Call& c) { upgrade(c); });
    t.tool(spec("helm_rollback", "Helm: Roll Back Release",
                "Roll a release back to an earlier revision (default: the previous one)",
                schema({{"name", prop("string", "Release name")},
                        {"namespace", prop("string", kNamespace)},
                        {"revision", prop("integer", "Revision to restore (0 or absent: previous)")},
                        {"dry_run", prop("boolean", "Show what would be restored")}},
                       {"name"}),
                KMCP_TOOL_DESTRUCTIVE | KMCP_TOOL_OPEN_WORLD),
           [this](Call& c) { rollback(c); });
    t.tool(spec("helm_status", "Helm: Release Status",
                "Show a release's status and notes (like `helm status`)",
                schema({{"name", prop("string", "Release name")},
                        {"namespace", prop("string", kNamespace)},
                        {"revision", prop("integer", "Revision (default: latest)")}},
                       {"name"}),
                ro),
           [this](Call& c) { status(c); });
    t.tool(spec("helm_history", "Helm: Release History", "List a release's revisions (like `helm history`)",
                schema({{"name", prop("string", "Release name")},
                        {"namespace", prop("string", kNamespace)},
                        {"max", prop("integer", "Most recent revisions to show (default 256)")}},
                       {"name"}),
                ro),
           [this](Call& c) { history(c); });
    t.tool(spec("helm_get_values", "Helm: Release Values",
                "Show the values a release was installed with (all: the computed values)",
                schema({{"name", prop("string", "Release name")},
                        {"namespace", prop("string", kNamespace)},
                        {"revision", prop("integer", "Revision (default: latest)")},
                        {"all", prop("boolean", "Include the chart's defaults")}},
                       {"name"}),
                ro),
           [this](Call& c) { getValues(c); });
    t.tool(spec("helm_get_manifest", "Helm: Release Manifest",
                "Show the manifest a release rendered (like `helm get manifest`)",
                schema({{"name", prop("string", "Release name")},
                        {"namespace", prop("string", kNamespace)},
                        {"revision", prop("integer", "Revision (default: latest)")}},
                       {"name"}),
                ro),
           [this](Call& c) { getManifest(c); });
}

Release HelmTools::loadRelease(Call&, ReleaseStorage& storage, const std::string& name, const std::string& ns,
                               int revision) {
    auto rel = revision > 0 ? storage.get(ns, name, revision) : storage.last(ns, name);
    if (!rel) throw kmcp::sdk::Error(KMCP_STATUS_NOT_FOUND, "release: not found");
    return *rel;
}

void HelmTools::dryRunResult(Call& call, const Release& rel) {
    call.text(templateOutput(rel.manifest, rel.hooks));
    json hooks = json::array();
    for (const auto& h : rel.hooks)
        hooks.push_back({{"name", h.name},
                         {"kind", h.kind},
                         {"path", h.path},
                         {"events", h.events},
                         {"weight", h.weight},
                         {"delete_policies", h.deletePolicies},
                         {"manifest", h.manifest}});
    call.structured({{"manifest", rel.manifest}, {"notes", rel.info.notes}, {"hooks", hooks}});
}

void HelmTools::list(Call& call) {
    guarded(call, [&] {
        CallKube kube(call);
        ReleaseStorage storage(kube, driver_);
        auto all = storage.query(call.boolean("all_namespaces", false) ? "" : call.namespaceArg());
        auto releases = filterLatest(all, call.string("status"));
        auto output = call.string("output", "table");
        if (output != "table" && output != "yaml")
            throw kmcp::sdk::invalidArgument("output must be table or yaml");
        call.text(output == "yaml" ? listYaml(releases) : listTable(releases));
        json items = json::array();
        for (const auto& r : releases)
            items.push_back(releaseSummary(r));
        call.structured({{"releases", items}});
    });
}

void HelmTools::install(Call& call) {
    guarded(call, [&] {
        auto chartRef = call.requireString("chart");
        auto ns = call.namespaceArg();
        bool dryRun = call.boolean("dry_run", false);
        CallKube kube(call);
        ReleaseStorage storage(kube, driver_);
        ActionEnv env{kube, storage, kube.capabilities(), !dryRun};
        ChartSource source(sources_, &fetcher_);
        InstallRequest req;
        req.chart = source.load(chartRef, call.string("version"));
        req.name = call.string("name");
        req.generateName = req.name.empty();
        req.ns = ns;
        req.values = userValues(call);
        req.dryRun = dryRun;
        auto res = kmcp::helm::install(env, req);
        if (dryRun) return dryRunResult(call, res.release);
        call.text(statusText(res.release));
        auto summary = releaseSummary(res.release);
        summary["notes"] = res.release.info.notes;
        call.structured(summary);
    });
}

void HelmTools::upgrade(Call& call) {
    guarded(call, [&] {
        auto name = call.requireString("name");
        auto chartRef = call.requireString("chart");
        auto ns = call.namespaceArg();
        bool dryRun = call.boolean("dry_run", false);
        CallKube kube(call);
        ReleaseStorage storage(kube, driver_);
        ActionEnv env{kube, storage, kube.capabilities(), !dryRun};
        ChartSource source(sources_, &fetcher_);
        auto chart = source.load(chartRef, call.string("version"));
        if (call.boolean("install", false) && storage.history(ns, name).empty()) {
            InstallRequest req;
            req.chart = chart;
            req.name = name;
            req.ns = ns;
            req.values = userValues(call);
            req.dryRun = dryRun;
            auto res = kmcp::helm::install(env, req);
            if (dryRun) return dryRunResult(call, res.release);
            call.text("Release \"" + name + "\" does not exist. Installing it now.\n" +
                      statusText(res.release));
            call.structured(releaseSummary(res.release));
            return;
        }
        UpgradeRequest req;
        req.chart = chart;
        req.name = name;
        req.ns = ns;
        req.values = userValues(call);
        req.reuseValues = call.boolean("reuse_values", false);
        req.resetValues = call.boolean("reset_values", false);
        req.dryRun = dryRun;
        auto res = kmcp::helm::upgrade(env, req);
        if (dryRun) return dryRunResult(call, res.release);
        call.text("Release \"" + name + "\" has been upgraded. Happy Helming!\n" + statusText(res.release));
        auto summary = releaseSummary(res.release);
        summary["notes"] = res.release.info.notes;
        call.structured(summary);
    });
}

void HelmTools::uninstall(Call& call) {
    guarded(call, [&] {
        auto name = call.requireString("name");
        CallKube kube(call);
        ReleaseStorage storage(kube, driver_);
        ActionEnv env{kube, storage, {}, false};
        auto res = kmcp::helm::uninstall(env, name, call.namespaceArg(), call.boolean("keep_history", false));
        std::string text;
        if (!res.kept.empty()) {
            text = "These resources were kept due to the resource policy:\n";
            for (const auto& k : res.kept)
                text += k + "\n";
            text += "\n";
        }
        call.text(text + "release \"" + name + "\" uninstalled\n");
        call.structured({{"name", name}, {"namespace", res.release.ns}, {"kept", res.kept}});
    });
}

void HelmTools::rollback(Call& call) {
    guarded(call, [&] {
        auto name = call.requireString("name");
        CallKube kube(call);
        ReleaseStorage storage(kube, driver_);
        ActionEnv env{kube, storage, {}, false};
        bool dryRun = call.boolean("dry_run", false);
        auto res = kmcp::helm::rollback(env, name, call.namespaceArg(), revisionArg(call), dryRun);
        call.text(dryRun ? "Rollback dry run: revision " + std::to_string(res.release.version) +
                               " would restore:\n" + res.release.manifest
                         : std::string("Rollback was a success! Happy Helming!\n"));
        call.structured(releaseSummary(res.release));
    });
}

void HelmTools::status(Call& call) {
    guarded(call, [&] {
        CallKube kube(call);
        ReleaseStorage storage(kube, driver_);
        auto rel =
            loadRelease(call, storage, call.requireString("name"), call.namespaceArg(), revisionArg(call));
        call.text(statusText(rel));
        auto summary = releaseSummary(rel);
        summary["notes"] = rel.info.notes;
        call.structured(summary);
    });
}

void HelmTools::history(Call& call) {
    guarded(call, [&] {
        auto name = call.requireString("name");
        CallKube kube(call);
        ReleaseStorage storage(kube, driver_);
        auto h = storage.history(call.namespaceArg(), name);
        if (h.empty()) throw kmcp::sdk::Error(KMCP_STATUS_NOT_FOUND, "release: not found");
        auto max = call.integer("max", 256);
        if (max > 0 && h.size() > static_cast<size_t>(max)) h.erase(h.begin(), h.end() - max);
        call.text(historyTable(h));
        json items = json::array();
        for (const auto& r : h)
            items.push_back(releaseSummary(r));
        call.structured({{"history", items}});
    });
}

void HelmTools::getValues(Call& call) {
    guarded(call, [&] {
        CallKube kube(call);
        ReleaseStorage storage(kube, driver_);
        auto rel =
            loadRelease(call, storage, call.requireString("name"), call.namespaceArg(), revisionArg(call));
        bool all = call.boolean("all", false);
        auto values = all ? coalesceValues(rel.chart, rel.config) : rel.config;
        call.text(valuesText(values, all));
        call.structured({{"values", values}});
    });
}

void HelmTools::getManifest(Call& call) {
    guarded(call, [&] {
        CallKube kube(call);
        ReleaseStorage storage(kube, driver_);
        auto rel =
            loadRelease(call, storage, call.requireString("name"), call.namespaceArg(), revisionArg(call));
        call.text(rel.manifest + "\n");
        call.structured({{"manifest", rel.manifest}});
    });
}

} // namespace kmcp::helm
