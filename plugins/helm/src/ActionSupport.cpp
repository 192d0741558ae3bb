#include "ActionSupport.hpp"

#include "SchemaValidator.hpp"
#include "Semver.hpp"
#include "Values.hpp"
#include "YamlJson.hpp"

#include <algorithm>

namespace kmcp::helm {

namespace {

bool hasManifestExtension(const std::string& n) {
    for (const char* ext : {".yaml", ".yml", ".json"}) {
        std::string e = ext;
        if (n.size() >= e.size() && n.compare(n.size() - e.size(), e.size(), e) == 0) return true;
    }
    return false;
}

void collectCrds(const Chart& c, const std::string& fullPath, std::vector<ChartFile>& out) {
    for (const auto& f : c.files)
        if (f.name.rfind("crds/", 0) == 0 && hasManifestExtension(f.name))
            out.push_back({fullPath + "/" + f.name, f.data});
    for (const auto& d : c.dependencies)
        collectCrds(*d, fullPath + "/charts/" + d->name(), out);
}

std::string stripV(const std::string& v) {
    return !v.empty() && v[0] == 'v' ? v.substr(1) : v;
}

} // namespace

RenderedRelease renderRelease(ActionEnv& env, std::shared_ptr<Chart> chart, const json& userValues,
                              const std::string& name, const std::string& ns, int revision, bool isUpgrade) {
    if (!chart->metadata.type.empty() && chart->metadata.type != "application")
        throw ActionError(chart->metadata.type + " charts are not installable");
    RenderedRelease out;
    out.chart = chart;
    try {
        processDependencies(*chart, userValues);
        out.values = coalesceValues(*chart, userValues);
    } catch (const std::exception& e) {
        throw ActionError(e.what());
    }
    auto schemaErrors = validateChartValues(*chart, out.values);
    if (!schemaErrors.empty())
        throw ActionError(
            "values don't meet the specifications of the schema(s) in the following chart(s):\n" +
            schemaErrors);
    if (!chart->metadata.kubeVersion.empty()) {
        auto kv = Semver::parse(stripV(env.capabilities.kubeVersion));
        bool ok = false;
        try {
            if (kv) {
                // Helm compares without the pre-release part so "v1.28.3-gke.1" satisfies ">=1.28".
                kv->prerelease.clear();
                ok = SemverConstraint::parse(chart->metadata.kubeVersion).matches(*kv);
            }
        } catch (const std::exception&) {
            ok = false;
        }
        if (!ok)
            throw ActionError("chart requires kubeVersion: " + chart->metadata.kubeVersion +
                              " which is incompatible with Kubernetes " + env.capabilities.kubeVersion);
    }
    RenderOptions opts;
    opts.releaseName = name;
    opts.ns = ns;
    opts.revision = revision;
    opts.isInstall = !isUpgrade;
    opts.isUpgrade = isUpgrade;
    opts.capabilities = env.capabilities;
    if (env.clusterLookups) {
        opts.lookup = [&env, ns](const std::string& apiVersion, const std::string& kind,
                                 const std::string& lns, const std::string& lname) -> json {
            json obj = {{"apiVersion", apiVersion}, {"kind", kind}, {"metadata", {{"name", lname}}}};
            if (!lns.empty()) obj["metadata"]["namespace"] = lns;
            ResourceClient rc(env.kube, lns.empty() ? ns : lns);
            try {
                if (lname.empty()) {
                    auto mapping = env.kube.restMapping(apiVersion, kind);
                    if (!mapping) return json::object();
                    auto g = mapping->value("group", "");
                    std::string base = g.empty() ? "/api/" + mapping->value("version", "")
                                                 : "/apis/" + g + "/" + mapping->value("version", "");
                    auto path =
                        base +
                        (mapping->value("namespaced", true) && !lns.empty() ? "/namespaces/" + lns : "") +
                        "/" + mapping->value("resource", "");
                    auto r = env.kube.request("GET", path);
                    return r.ok() ? json::parse(r.body) : json::object();
                }
                auto got = rc.get(obj);
                return got ? *got : json::object();
            } catch (const KubeError&) {
                return json::object();
            }
        };
    }
    RenderResult rendered;
    try {
        rendered = renderChart(*chart, out.values, opts);
    } catch (const std::exception& e) {
        throw ActionError(e.what());
    }
    try {
        auto sorted = sortManifests(rendered.files, installOrder());
        out.hooks = std::move(sorted.hooks);
        out.manifests = std::move(sorted.manifests);
    } catch (const std::exception& e) {
        throw ActionError(e.what());
    }
    out.manifest = joinManifests(out.manifests);
    out.notes = rendered.notes;
    collectCrds(*chart, chart->name(), out.crds);
    return out;
}

json manifestObject(const std::string& doc, const std::string& releaseName, const std::string& ns) {
    json obj = yamlToJson(doc);
    if (!obj.is_object()) return nullptr;
    auto& meta = obj["metadata"];
    if (!meta.is_object()) meta = json::object();
    meta["labels"]["app.kubernetes.io/managed-by"] = "Helm";
    meta["annotations"]["meta.helm.sh/release-name"] = releaseName;
    meta["annotations"]["meta.helm.sh/release-namespace"] = ns;
    return obj;
}

std::string resourceKey(const json& obj, const std::string& defaultNs) {
    auto apiVersion = obj.value("apiVersion", "");
    auto group = apiVersion.find('/') == std::string::npos ? "" : apiVersion.substr(0, apiVersion.find('/'));
    auto meta = obj.value("metadata", json::object());
    auto ns = meta.value("namespace", "");
    return group + "/" + obj.value("kind", "") + "/" + (ns.empty() ? defaultNs : ns) + "/" +
           meta.value("name", "");
}

bool keepPolicy(const json& obj) {
    auto meta = obj.value("metadata", json::object());
    auto ann = meta.value("annotations", json::object());
    if (!ann.contains("helm.sh/resource-policy") || !ann["helm.sh/resource-policy"].is_string()) return false;
    auto v = ann["helm.sh/resource-policy"].get<std::string>();
    v.erase(0, v.find_first_not_of(" \t"));
    v.erase(v.find_last_not_of(" \t") + 1);
    std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return std::tolower(c); });
    return v == "keep";
}

void checkOwnership(ActionEnv& env, const std::vector<Manifest>& manifests, const std::string& name,
                    const std::string& ns) {
    ResourceClient rc(env.kube, ns);
    for (const auto& m : manifests) {
        auto obj = manifestObject(m.content, name, ns);
        if (obj.is_null()) continue;
        std::optional<json> existing;
        try {
            existing = rc.get(obj);
        } catch (const KubeError& e) {
            throw ActionError(e.what());
        }
        if (!existing) continue;
        auto ann = (*existing)["metadata"].value("annotations", json::object());
        if (ann.value("meta.helm.sh/release-name", "") == name &&
            ann.value("meta.helm.sh/release-namespace", "") == ns)
            continue;
        throw ActionError(
            "rendered manifests contain a resource that already exists. Unable to continue with "
            "install: " +
            obj.value("kind", "") + " \"" + obj["metadata"].value("name", "") + "\" in namespace \"" +
            obj["metadata"].value("namespace", ns) +
            "\" exists and cannot be imported into the current release: invalid ownership metadata; "
            "annotation validation error: key \"meta.helm.sh/release-name\" must equal \"" +
            name + "\": current value is \"" + ann.value("meta.helm.sh/release-name", "") + "\"");
    }
}

void applyManifests(ActionEnv& env, const std::vector<Manifest>& manifests, const std::string& name,
                    const std::string& ns) {
    ResourceClient rc(env.kube, ns);
    size_t done = 0;
    for (const auto& m : manifests) {
        auto obj = manifestObject(m.content, name, ns);
        ++done;
        if (obj.is_null()) continue;
        try {
            rc.apply(obj);
        } catch (const KubeError& e) {
            throw ActionError(e.what());
        }
        env.kube.progress(static_cast<double>(done), static_cast<double>(manifests.size()),
                          "applied " + ResourceClient::describe(obj));
    }
}

void installCrds(ActionEnv& env, const std::vector<ChartFile>& crds) {
    ResourceClient rc(env.kube, "");
    bool created = false;
    for (const auto& f : crds) {
        for (const auto& doc : splitManifests(f.data)) {
            json obj = yamlToJson(doc);
            if (!obj.is_object()) continue;
            try {
                if (rc.get(obj)) continue; // helm never updates existing CRDs
                rc.apply(obj);
                created = true;
            } catch (const KubeError& e) {
                throw ActionError("failed to install CRD " + f.name + ": " + e.what());
            }
        }
    }
    if (created) env.kube.invalidateDiscovery();
}

void deleteStale(ActionEnv& env, const std::string& oldManifest, const std::vector<Manifest>& current,
                 const std::string& ns) {
    std::set<std::string> keep;
    for (const auto& m : current) {
        auto obj = yamlToJson(m.content);
        if (obj.is_object()) keep.insert(resourceKey(obj, ns));
    }
    std::vector<Manifest> old;
    for (const auto& doc : splitManifests(oldManifest)) {
        Manifest m{"", doc, {}};
        try {
            m.head = parseHead(doc, "manifest");
        } catch (const std::exception&) {
            continue;
        }
        old.push_back(m);
    }
    sortByKind(old, uninstallOrder());
    ResourceClient rc(env.kube, ns);
    for (const auto& m : old) {
        auto obj = yamlToJson(m.content);
        if (!obj.is_object() || keep.count(resourceKey(obj, ns)) || keepPolicy(obj)) continue;
        try {
            rc.remove(obj);
        } catch (const KubeError& e) {
            throw ActionError(e.what());
        }
    }
}

void runHooks(ActionEnv& env, std::vector<Hook>& hooks, const std::string& event, const std::string& name,
              const std::string& ns) {
    std::vector<Hook*> selected;
    for (auto& h : hooks)
        if (std::find(h.events.begin(), h.events.end(), event) != h.events.end()) selected.push_back(&h);
    std::stable_sort(selected.begin(), selected.end(), [](const Hook* a, const Hook* b) {
        return a->weight != b->weight ? a->weight < b->weight : a->name < b->name;
    });
    ResourceClient rc(env.kube, ns);
    for (auto* h : selected) {
        if (h->deletePolicies.empty()) h->deletePolicies = {"before-hook-creation"};
        auto has = [&](const char* p) {
            return std::find(h->deletePolicies.begin(), h->deletePolicies.end(), p) !=
                   h->deletePolicies.end();
        };
        auto obj = manifestObject(h->manifest, name, ns);
        if (obj.is_null()) continue;
        try {
            if (has("before-hook-creation")) rc.remove(obj);
            h->lastRun = {nowRfc3339(), "", "Running"};
            rc.apply(obj);
            h->lastRun.completedAt = nowRfc3339();
            h->lastRun.phase = "Succeeded";
            if (has("hook-succeeded")) rc.remove(obj);
        } catch (const KubeError& e) {
            h->lastRun.completedAt = nowRfc3339();
            h->lastRun.phase = "Failed";
            if (has("hook-failed")) {
                try {
                    rc.remove(obj);
                } catch (const KubeError&) {
                    // The hook's own failure is the error worth reporting.
                }
            }
            throw ActionError(event + " hook " + h->path + " failed: " + e.what());
        }
    }
}

} // namespace kmcp::helm
