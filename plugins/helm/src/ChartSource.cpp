#include "ChartSource.hpp"

#include "ChartLoader.hpp"
#include "Semver.hpp"
#include "YamlJson.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace kmcp::helm {

namespace fs = std::filesystem;

namespace {

bool startsWith(const std::string& s, std::string_view p) {
    return s.rfind(p, 0) == 0;
}

bool isUrl(const std::string& s) {
    return startsWith(s, "http://") || startsWith(s, "https://");
}

// Joins a possibly relative chart URL from index.yaml with the repository URL.
std::string resolveUrl(const std::string& base, const std::string& ref) {
    if (isUrl(ref)) return ref;
    auto b = base;
    if (!ref.empty() && ref[0] == '/') {
        auto scheme = b.find("://");
        auto slash = b.find('/', scheme == std::string::npos ? 0 : scheme + 3);
        return (slash == std::string::npos ? b : b.substr(0, slash)) + ref;
    }
    if (b.empty() || b.back() != '/') b += '/';
    return b + ref;
}

std::string readFile(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw SourceError("cannot read " + p.string());
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Is `p` (canonical) equal to or below `dir` (canonical)?
bool within(const fs::path& p, const fs::path& dir) {
    auto ps = p.string(), ds = dir.string();
    if (ps == ds) return true;
    if (!ds.empty() && ds.back() != '/') ds += '/';
    return startsWith(ps, ds);
}

} // namespace

SourceConfig SourceConfig::fromJson(const json& c) {
    SourceConfig out;
    if (!c.is_object()) return out;
    auto strings = [&](const char* key) {
        std::vector<std::string> v;
        if (c.contains(key) && c[key].is_array())
            for (const auto& e : c[key])
                if (e.is_string()) v.push_back(e.get<std::string>());
        return v;
    };
    out.chartDirs = strings("chart_dirs");
    out.allowedRegistries = strings("allowed_registries");
    if (c.contains("repositories") && c["repositories"].is_array())
        for (const auto& r : c["repositories"])
            if (r.is_object() && r.contains("name") && r.contains("url"))
                out.repositories.push_back({r["name"].get<std::string>(), r["url"].get<std::string>()});
    return out;
}

Fetcher& ChartSource::fetcher() const {
    if (!fetcher_) throw SourceError("remote charts are not available in this build");
    return *fetcher_;
}

void ChartSource::checkRemote(const std::string& url) const {
    if (config_.allowedRegistries.empty()) return;
    for (const auto& prefix : config_.allowedRegistries)
        if (startsWith(url, prefix)) return;
    throw SourceError("chart source " + url + " is not in toolset_configs.helm.allowed_registries");
}

std::string ChartSource::localPath(const std::string& ref) const {
    if (config_.chartDirs.empty())
        throw SourceError(
            "local charts are disabled: " + ref +
            " (list the directories charts may be loaded from in toolset_configs.helm.chart_dirs)");
    std::vector<fs::path> candidates;
    fs::path p(ref);
    if (p.is_absolute())
        candidates.push_back(p);
    else
        for (const auto& d : config_.chartDirs)
            candidates.push_back(fs::path(d) / p);
    for (const auto& cand : candidates) {
        std::error_code ec;
        // canonical() resolves every symlink and '..' so the check sees the real location.
        auto real = fs::canonical(cand, ec);
        if (ec) continue;
        for (const auto& d : config_.chartDirs) {
            auto dir = fs::canonical(d, ec);
            if (!ec && within(real, dir)) return real.string();
        }
        throw SourceError("chart path " + ref + " resolves to " + real.string() +
                          ", outside the allowed chart directories (toolset_configs.helm.chart_dirs)");
    }
    throw SourceError("chart " + ref + " not found in the allowed chart directories");
}

std::string ChartSource::pickFromIndex(const json& index, const std::string& repoUrl,
                                       const std::string& chart, const std::string& constraint) {
    if (!index.is_object() || !index.contains("entries") || !index["entries"].contains(chart))
        throw SourceError("chart \"" + chart + "\" not found in " + repoUrl + " repository");
    std::optional<SemverConstraint> c;
    if (!constraint.empty()) {
        try {
            c = SemverConstraint::parse(constraint);
        } catch (const std::exception& e) {
            throw SourceError("invalid version constraint \"" + constraint + "\": " + e.what());
        }
    }
    const json* best = nullptr;
    std::optional<Semver> bestV;
    for (const auto& e : index["entries"][chart]) {
        auto vs = e.value("version", "");
        auto v = Semver::parse(vs);
        if (!v) continue;
        if (c ? !c->matches(*v) : !v->prerelease.empty()) continue;
        if (!bestV || v->compare(*bestV) > 0) {
            best = &e;
            bestV = v;
        }
    }
    if (!best)
        throw SourceError("chart \"" + chart + "\"" +
                          (constraint.empty() ? "" : " version \"" + constraint + "\"") + " not found in " +
                          repoUrl + " repository");
    if (!best->contains("urls") || !(*best)["urls"].is_array() || (*best)["urls"].empty())
        throw SourceError("chart \"" + chart + "\" has no download URL in " + repoUrl);
    return resolveUrl(repoUrl, (*best)["urls"][0].get<std::string>());
}

std::shared_ptr<Chart> ChartSource::load(const std::string& ref, const std::string& version) const {
    if (ref.empty()) throw SourceError("chart is required");
    if (startsWith(ref, "oci://")) {
        checkRemote(ref);
        return loadOci(ref, version);
    }
    if (isUrl(ref)) {
        checkRemote(ref);
        return loadChartArchive(fetcher().get(ref));
    }
    auto slash = ref.find('/');
    if (slash != std::string::npos && ref[0] != '/' && ref[0] != '.') {
        auto repoName = ref.substr(0, slash);
        for (const auto& repo : config_.repositories) {
            if (repo.name != repoName) continue;
            checkRemote(repo.url);
            auto base = repo.url;
            if (!base.empty() && base.back() == '/') base.pop_back();
            json index;
            try {
                index = yamlToJsonStrings(fetcher().get(base + "/index.yaml"));
            } catch (const SourceError&) {
                throw;
            } catch (const std::exception& e) {
                throw SourceError("repository " + repoName + ": cannot read index.yaml: " + e.what());
            }
            auto url = pickFromIndex(index, base, ref.substr(slash + 1), version);
            checkRemote(url);
            return loadChartArchive(fetcher().get(url));
        }
    }
    auto path = localPath(ref);
    if (fs::is_directory(path)) return loadChartDir(path);
    return loadChartArchive(readFile(path));
}

std::shared_ptr<Chart> ChartSource::loadOci(const std::string& ref, const std::string& version) const {
    // oci://host/path/chart[:tag]
    auto rest = ref.substr(6);
    auto slash = rest.find('/');
    if (slash == std::string::npos) throw SourceError("invalid OCI reference " + ref);
    auto host = rest.substr(0, slash);
    auto repo = rest.substr(slash + 1);
    std::string tag = version;
    auto colon = repo.rfind(':');
    if (colon != std::string::npos) {
        tag = repo.substr(colon + 1);
        repo = repo.substr(0, colon);
    }
    auto base = "https://" + host + "/v2/" + repo;
    auto& f = fetcher();
    if (tag.empty() || !Semver::parse(tag) || tag.find_first_of("^~<>=*xX| ") != std::string::npos) {
        auto tags = json::parse(f.get(base + "/tags/list", "application/json"));
        std::optional<SemverConstraint> c;
        if (!tag.empty()) c = SemverConstraint::parse(tag);
        std::optional<Semver> best;
        std::string bestTag;
        for (const auto& t : tags.value("tags", json::array())) {
            // Helm stores '+' as '_' in OCI tags.
            auto text = t.get<std::string>();
            auto semverText = text;
            for (auto& ch : semverText)
                if (ch == '_') ch = '+';
            auto v = Semver::parse(semverText);
            if (!v || (c ? !c->matches(*v) : !v->prerelease.empty())) continue;
            if (!best || v->compare(*best) > 0) {
                best = v;
                bestTag = text;
            }
        }
        if (!best) throw SourceError("no version of " + ref + " matches \"" + version + "\"");
        tag = bestTag;
    }
    auto manifest =
        json::parse(f.get(base + "/manifests/" + tag, "application/vnd.oci.image.manifest.v1+json"));
    for (const auto& layer : manifest.value("layers", json::array())) {
        if (layer.value("mediaType", "") != "application/vnd.cncf.helm.chart.content.v1.tar+gzip") continue;
        return loadChartArchive(f.get(base + "/blobs/" + layer.value("digest", "")));
    }
    throw SourceError(ref + ":" + tag + " is not a Helm chart (no chart content layer)");
}

} // namespace kmcp::helm
