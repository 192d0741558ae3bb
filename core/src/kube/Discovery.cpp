#include "kube/Discovery.hpp"

#include "kube/ApiPath.hpp"
#include "kube/ApiStatus.hpp"

#include <Poco/String.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace kmcp::kube {
namespace {

std::vector<std::string> strings(const nlohmann::json& obj, const char* key) {
    std::vector<std::string> out;
    if (auto it = obj.find(key); it != obj.end() && it->is_array())
        for (const auto& v : *it)
            if (v.is_string()) out.push_back(v.get<std::string>());
    return out;
}

bool iequals(const std::string& a, const std::string& b) {
    return Poco::icompare(a, b) == 0;
}

Result<nlohmann::json> parseJson(const Response& r, const std::string& path) {
    nlohmann::json doc = nlohmann::json::parse(r.body, nullptr, false);
    if (doc.is_discarded() || !doc.is_object())
        return makeError(Error::Code::Unavailable, "discovery document " + path + " is not a JSON object");
    return doc;
}

std::string gvKey(const std::string& group, const std::string& version) {
    return groupVersion(group, version);
}

} // namespace

bool ResourceInfo::hasVerb(const std::string& verb) const {
    return std::find(verbs.begin(), verbs.end(), verb) != verbs.end();
}

Discovery::Discovery(std::chrono::milliseconds minRefresh) : minRefresh_(minRefresh) {}

bool Discovery::mayRefresh(Clock::time_point fetched) const {
    return Clock::now() - fetched >= minRefresh_;
}

Result<Response> Discovery::get(const Fetch& fetch, const std::string& path) {
    ++fetches_;
    auto r = fetch(path);
    if (!r) return r.error();
    return r;
}

Result<std::vector<GroupInfo>> Discovery::groupsLocked(const Fetch& fetch, bool refresh) {
    if (groups_ && !(refresh && mayRefresh(groupsFetched_))) return *groups_;
    std::vector<GroupInfo> out;
    auto core = get(fetch, "/api");
    if (!core) return core.error();
    if (!core->ok()) return errorFromResponse(core.value());
    auto coreDoc = parseJson(core.value(), "/api");
    if (!coreDoc) return coreDoc.error();
    GroupInfo coreGroup;
    coreGroup.versions = strings(coreDoc.value(), "versions");
    if (!coreGroup.versions.empty()) coreGroup.preferredVersion = coreGroup.versions.front();
    out.push_back(coreGroup);

    auto apis = get(fetch, "/apis");
    if (!apis) return apis.error();
    if (!apis->ok()) return errorFromResponse(apis.value());
    auto apisDoc = parseJson(apis.value(), "/apis");
    if (!apisDoc) return apisDoc.error();
    if (auto it = apisDoc->find("groups"); it != apisDoc->end() && it->is_array()) {
        for (const auto& g : *it) {
            GroupInfo info;
            info.name = g.value("name", "");
            if (auto vs = g.find("versions"); vs != g.end() && vs->is_array())
                for (const auto& v : *vs)
                    info.versions.push_back(v.value("version", ""));
            if (auto pv = g.find("preferredVersion"); pv != g.end() && pv->is_object())
                info.preferredVersion = pv->value("version", "");
            if (info.preferredVersion.empty() && !info.versions.empty())
                info.preferredVersion = info.versions.front();
            if (!info.name.empty()) out.push_back(std::move(info));
        }
    }
    groups_ = out;
    groupsFetched_ = Clock::now();
    return out;
}

Result<const Discovery::GvEntry*> Discovery::gvLocked(const std::string& group, const std::string& version,
                                                      const Fetch& fetch, bool refresh) {
    const std::string key = gvKey(group, version);
    if (auto it = gvs_.find(key); it != gvs_.end() && !(refresh && mayRefresh(it->second.fetched)))
        return &it->second;
    const std::string path = group.empty() ? "/api/" + version : "/apis/" + group + "/" + version;
    auto r = get(fetch, path);
    if (!r) return r.error();
    GvEntry entry;
    entry.fetched = Clock::now();
    if (r->status == 404) {
        // Remember the miss too, so a typo does not refetch on every call.
        gvs_[key] = entry;
        return &gvs_[key];
    }
    if (!r->ok()) return errorFromResponse(r.value());
    auto doc = parseJson(r.value(), path);
    if (!doc) return doc.error();
    std::map<std::string, std::vector<std::string>> subresources;
    if (auto it = doc->find("resources"); it != doc->end() && it->is_array()) {
        for (const auto& res : *it) {
            const std::string name = res.value("name", "");
            if (const auto slash = name.find('/'); slash != std::string::npos) {
                subresources[name.substr(0, slash)].push_back(name.substr(slash + 1));
                continue;
            }
            ResourceInfo info;
            info.group = group;
            info.version = version;
            info.resource = name;
            info.singular = res.value("singularName", "");
            info.kind = res.value("kind", "");
            info.namespaced = res.value("namespaced", false);
            info.verbs = strings(res, "verbs");
            info.shortNames = strings(res, "shortNames");
            info.categories = strings(res, "categories");
            if (info.singular.empty()) info.singular = Poco::toLower(info.kind);
            entry.resources.push_back(std::move(info));
        }
    }
    for (auto& info : entry.resources)
        info.subresources = subresources[info.resource];
    gvs_[key] = std::move(entry);
    return &gvs_[key];
}

Result<std::string> Discovery::resolveVersionLocked(const std::string& group, const std::string& version,
                                                    const Fetch& fetch) {
    if (!version.empty()) return version;
    for (int pass = 0; pass < 2; ++pass) {
        auto gs = groupsLocked(fetch, pass == 1);
        if (!gs) return gs.error();
        for (const auto& g : gs.value())
            if (g.name == group) return g.preferredVersion;
        if (!mayRefresh(groupsFetched_)) break;
    }
    return makeError(Error::Code::NotFound, "the server does not serve the API group \"" + group + "\"");
}

Result<ResourceInfo> Discovery::byKind(const std::string& group, const std::string& version,
                                       const std::string& kind, const Fetch& fetch) {
    std::lock_guard lock(mu_);
    auto v = resolveVersionLocked(group, version, fetch);
    if (!v) return v.error();
    for (int pass = 0; pass < 2; ++pass) {
        auto entry = gvLocked(group, v.value(), fetch, pass == 1);
        if (!entry) return entry.error();
        for (const auto& r : entry.value()->resources)
            if (r.kind == kind) return r;
        if (!mayRefresh(entry.value()->fetched)) break;
    }
    return makeError(Error::Code::NotFound, "the server doesn't have a resource of kind \"" + kind +
                                                "\" in " + groupVersion(group, v.value()));
}

Result<ResourceInfo> Discovery::byResource(const std::string& group, const std::string& version,
                                           const std::string& resource, const Fetch& fetch) {
    std::lock_guard lock(mu_);
    auto v = resolveVersionLocked(group, version, fetch);
    if (!v) return v.error();
    for (int pass = 0; pass < 2; ++pass) {
        auto entry = gvLocked(group, v.value(), fetch, pass == 1);
        if (!entry) return entry.error();
        for (const auto& r : entry.value()->resources) {
            if (iequals(r.resource, resource) || iequals(r.singular, resource)) return r;
            for (const auto& s : r.shortNames)
                if (iequals(s, resource)) return r;
        }
        if (!mayRefresh(entry.value()->fetched)) break;
    }
    return makeError(Error::Code::NotFound, "the server doesn't have a resource type \"" + resource +
                                                "\" in " + groupVersion(group, v.value()));
}

Result<std::vector<ResourceInfo>> Discovery::resources(const std::string& group, const std::string& version,
                                                       const Fetch& fetch) {
    std::lock_guard lock(mu_);
    auto v = resolveVersionLocked(group, version, fetch);
    if (!v) return v.error();
    auto entry = gvLocked(group, v.value(), fetch, false);
    if (!entry) return entry.error();
    return entry.value()->resources;
}

Result<std::vector<GroupInfo>> Discovery::groups(const Fetch& fetch) {
    std::lock_guard lock(mu_);
    return groupsLocked(fetch, false);
}

Result<std::vector<ResourceInfo>> Discovery::preferredResources(const Fetch& fetch) {
    std::lock_guard lock(mu_);
    auto gs = groupsLocked(fetch, false);
    if (!gs) return gs.error();
    std::vector<ResourceInfo> out;
    for (const auto& g : gs.value()) {
        auto entry = gvLocked(g.name, g.preferredVersion, fetch, false);
        if (!entry) continue; // an unavailable aggregated API must not hide the rest
        out.insert(out.end(), entry.value()->resources.begin(), entry.value()->resources.end());
    }
    return out;
}

Result<ServerVersion> Discovery::version(const Fetch& fetch) {
    std::lock_guard lock(mu_);
    if (version_) return *version_;
    auto r = get(fetch, "/version");
    if (!r) return r.error();
    if (!r->ok()) return errorFromResponse(r.value());
    auto doc = parseJson(r.value(), "/version");
    if (!doc) return doc.error();
    ServerVersion v{doc->value("major", ""), doc->value("minor", ""), doc->value("gitVersion", ""),
                    doc->value("platform", "")};
    version_ = v;
    return v;
}

Result<bool> Discovery::isOpenShift(const Fetch& fetch) {
    std::lock_guard lock(mu_);
    auto gs = groupsLocked(fetch, false);
    if (!gs) return gs.error();
    return std::any_of(gs->begin(), gs->end(),
                       [](const GroupInfo& g) { return g.name == "project.openshift.io"; });
}

void Discovery::invalidate() {
    std::lock_guard lock(mu_);
    groups_.reset();
    gvs_.clear();
    version_.reset();
}

int Discovery::fetchCount() const {
    std::lock_guard lock(mu_);
    return fetches_;
}

} // namespace kmcp::kube
