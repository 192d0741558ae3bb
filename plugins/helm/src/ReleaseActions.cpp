#include "ReleaseActions.hpp"

#include "ActionSupport.hpp"
#include "Values.hpp"

#include <chrono>
#include <regex>

namespace kmcp::helm {

namespace {

bool pending(const std::string& status) {
    return status.rfind("pending-", 0) == 0;
}

void record(ActionEnv& env, const Release& r, bool create) {
    try {
        if (create)
            env.storage.create(r);
        else
            env.storage.update(r);
    } catch (const StorageError& e) {
        throw ActionError(e.what());
    }
}

Release newRelease(const RenderedRelease& rr, const std::string& name, const std::string& ns, int version,
                   const json& config, const std::string& status, const std::string& description) {
    Release r;
    r.name = name;
    r.ns = ns;
    r.version = version;
    r.chart = *rr.chart;
    r.config = config.is_object() ? config : json::object();
    r.manifest = rr.manifest;
    r.hooks = rr.hooks;
    r.info.firstDeployed = r.info.lastDeployed = nowRfc3339();
    r.info.status = status;
    r.info.description = description;
    r.info.notes = rr.notes;
    return r;
}

// Marks `r` failed with helm's description and stores it; returns the error to throw.
ActionError fail(ActionEnv& env, Release& r, const std::string& prefix, const std::string& why) {
    r.info.status = "failed";
    r.info.description = prefix + why;
    r.info.lastDeployed = nowRfc3339();
    try {
        env.storage.update(r);
    } catch (const StorageError&) {
        // The original failure is what the caller needs to see.
    }
    return ActionError(prefix + why);
}

std::vector<Manifest> manifestsOf(const std::string& text) {
    std::vector<Manifest> out;
    for (const auto& doc : splitManifests(text)) {
        Manifest m{"", doc, {}};
        try {
            m.head = parseHead(doc, "manifest");
        } catch (const std::exception&) {
            continue;
        }
        out.push_back(m);
    }
    return out;
}

void supersedeDeployed(ActionEnv& env, const std::string& ns, const std::string& name, int except) {
    for (auto& r : env.storage.history(ns, name)) {
        if (r.version == except || r.info.status != "deployed") continue;
        r.info.status = "superseded";
        record(env, r, false);
    }
}

} // namespace

void validateReleaseName(const std::string& name) {
    static const std::regex re("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
    if (name.empty() || name.size() > 53 || !std::regex_match(name, re))
        throw ActionError(
            "release name \"" + name +
            "\": invalid release name, must match regex "
            "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$ and the length must not "
            "be longer than 53");
}

ActionResult install(ActionEnv& env, const InstallRequest& req) {
    if (!req.chart) throw ActionError("chart is required");
    auto name = req.name;
    if (name.empty() && req.generateName) {
        auto secs = std::chrono::duration_cast<std::chrono::seconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
        name = req.chart->name().substr(0, 40) + "-" + std::to_string(secs);
    }
    if (name.empty()) throw ActionError("must either provide a name or specify --generate-name");
    validateReleaseName(name);

    int revision = 1;
    if (!req.dryRun) {
        std::vector<Release> history;
        try {
            history = env.storage.history(req.ns, name);
        } catch (const StorageError& e) {
            throw ActionError(e.what());
        }
        if (!history.empty()) {
            const auto& last = history.back();
            if (last.info.status != "uninstalled" && last.info.status != "failed")
                throw ActionError("cannot re-use a name that is still in use");
            revision = last.version + 1; // a kept history continues rather than colliding
        }
    }
    auto rr = renderRelease(env, req.chart, req.values, name, req.ns, revision, false);
    auto rel = newRelease(rr, name, req.ns, revision, req.values, "pending-install",
                          req.dryRun ? "Dry run complete" : "Initial install underway");
    ActionResult result;
    if (req.dryRun) {
        result.release = rel;
        return result;
    }
    checkOwnership(env, rr.manifests, name, req.ns);
    record(env, rel, true);
    try {
        installCrds(env, rr.crds);
        runHooks(env, rel.hooks, "pre-install", name, req.ns);
        applyManifests(env, rr.manifests, name, req.ns);
        runHooks(env, rel.hooks, "post-install", name, req.ns);
    } catch (const std::exception& e) {
        throw fail(env, rel, "Release \"" + name + "\" failed: ", e.what());
    }
    rel.info.status = "deployed";
    rel.info.description = req.description.empty() ? "Install complete" : req.description;
    record(env, rel, false);
    result.release = rel;
    return result;
}

ActionResult upgrade(ActionEnv& env, const UpgradeRequest& req) {
    if (!req.chart) throw ActionError("chart is required");
    validateReleaseName(req.name);
    std::vector<Release> history;
    try {
        history = env.storage.history(req.ns, req.name);
    } catch (const StorageError& e) {
        throw ActionError(e.what());
    }
    if (history.empty()) throw ActionError("\"" + req.name + "\" has no deployed releases");
    const auto last = history.back();
    if (pending(last.info.status))
        throw ActionError("another operation (install/upgrade/rollback) is in progress");
    std::optional<Release> current;
    for (auto it = history.rbegin(); it != history.rend(); ++it)
        if (it->info.status == "deployed") {
            current = *it;
            break;
        }
    const Release& base = current ? *current : last;
    if (!current && last.info.status == "uninstalled")
        throw ActionError("\"" + req.name + "\" has no deployed releases");

    json values = req.values.is_object() ? req.values : json::object();
    auto chart = req.chart;
    if (req.resetValues) {
        // the new chart's defaults plus only the values given now
    } else if (req.reuseValues) {
        // helm: the previous release's computed values become the chart defaults.
        chart->values = coalesceValues(base.chart, base.config);
        values = coalesceTables(values, base.config);
    } else if (values.empty() && base.config.is_object() && !base.config.empty()) {
        values = base.config;
    }
    int revision = last.version + 1;
    auto rr = renderRelease(env, chart, values, req.name, req.ns, revision, true);
    auto rel = newRelease(rr, req.name, req.ns, revision, values, "pending-upgrade",
                          req.dryRun ? "Dry run complete" : "Preparing upgrade");
    rel.info.firstDeployed = base.info.firstDeployed;
    ActionResult result;
    if (req.dryRun) {
        result.release = rel;
        return result;
    }
    record(env, rel, true);
    try {
        runHooks(env, rel.hooks, "pre-upgrade", req.name, req.ns);
        applyManifests(env, rr.manifests, req.name, req.ns);
        deleteStale(env, base.manifest, rr.manifests, req.ns);
        runHooks(env, rel.hooks, "post-upgrade", req.name, req.ns);
    } catch (const std::exception& e) {
        throw fail(env, rel, "Upgrade \"" + req.name + "\" failed: ", e.what());
    }
    supersedeDeployed(env, req.ns, req.name, revision);
    rel.info.status = "deployed";
    rel.info.description = req.description.empty() ? "Upgrade complete" : req.description;
    record(env, rel, false);
    result.release = rel;
    return result;
}

ActionResult rollback(ActionEnv& env, const std::string& name, const std::string& ns, int revision,
                      bool dryRun) {
    validateReleaseName(name);
    std::vector<Release> history;
    try {
        history = env.storage.history(ns, name);
    } catch (const StorageError& e) {
        throw ActionError(e.what());
    }
    if (history.empty()) throw ActionError("release: not found");
    const auto current = history.back();
    if (pending(current.info.status))
        throw ActionError("another operation (install/upgrade/rollback) is in progress");
    int target = revision > 0 ? revision : current.version - 1;
    if (target < 1) throw ActionError("release has no previous revision to roll back to");
    const Release* previous = nullptr;
    for (const auto& r : history)
        if (r.version == target) previous = &r;
    if (!previous) throw ActionError("release: not found (revision " + std::to_string(target) + ")");

    Release rel = *previous;
    rel.version = current.version + 1;
    rel.info.firstDeployed = current.info.firstDeployed;
    rel.info.lastDeployed = nowRfc3339();
    rel.info.deleted.clear();
    rel.info.status = "pending-rollback";
    rel.info.description = "Rollback to " + std::to_string(target);
    ActionResult result;
    if (dryRun) {
        result.release = rel;
        return result;
    }
    record(env, rel, true);
    auto target_manifests = manifestsOf(previous->manifest);
    try {
        runHooks(env, rel.hooks, "pre-rollback", name, ns);
        applyManifests(env, target_manifests, name, ns);
        deleteStale(env, current.manifest, target_manifests, ns);
        runHooks(env, rel.hooks, "post-rollback", name, ns);
    } catch (const std::exception& e) {
        throw fail(env, rel, "Rollback \"" + name + "\" failed: ", e.what());
    }
    supersedeDeployed(env, ns, name, rel.version);
    rel.info.status = "deployed";
    record(env, rel, false);
    result.release = rel;
    return result;
}

UninstallResult uninstall(ActionEnv& env, const std::string& name, const std::string& ns, bool keepHistory) {
    validateReleaseName(name);
    std::vector<Release> history;
    try {
        history = env.storage.history(ns, name);
    } catch (const StorageError& e) {
        throw ActionError(e.what());
    }
    if (history.empty()) throw ActionError("uninstall: Release not loaded: " + name + ": release: not found");
    UninstallResult out;
    Release rel = history.back();
    if (rel.info.status == "uninstalled") {
        if (keepHistory) throw ActionError("release \"" + name + "\" is already uninstalled");
        for (const auto& r : history)
            env.storage.remove(ns, name, r.version);
        out.release = rel;
        return out;
    }
    rel.info.status = "uninstalling";
    rel.info.deleted = nowRfc3339();
    record(env, rel, false);
    try {
        runHooks(env, rel.hooks, "pre-delete", name, ns);
        auto manifests = manifestsOf(rel.manifest);
        sortByKind(manifests, uninstallOrder());
        ResourceClient rc(env.kube, ns);
        size_t done = 0;
        for (const auto& m : manifests) {
            ++done;
            auto obj = manifestObject(m.content, name, ns);
            if (obj.is_null()) continue;
            if (keepPolicy(obj)) {
                out.kept.push_back("[" + obj.value("kind", "") + "] " + obj["metadata"].value("name", ""));
                continue;
            }
            rc.remove(obj);
            env.kube.progress(static_cast<double>(done), static_cast<double>(manifests.size()),
                              "deleted " + ResourceClient::describe(obj));
        }
        runHooks(env, rel.hooks, "post-delete", name, ns);
    } catch (const std::exception& e) {
        rel.info.description = std::string("uninstallation completed with 1 error(s): ") + e.what();
        record(env, rel, false);
        throw ActionError(rel.info.description);
    }
    rel.info.status = "uninstalled";
    rel.info.description = "Uninstallation complete";
    if (keepHistory) {
        record(env, rel, false);
    } else {
        for (const auto& r : history)
            env.storage.remove(ns, name, r.version);
    }
    out.release = rel;
    return out;
}

} // namespace kmcp::helm
