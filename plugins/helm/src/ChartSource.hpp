#pragma once

#include "Chart.hpp"

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace kmcp::helm {

struct Repository {
    std::string name;
    std::string url;
};

// toolset_configs.helm as it concerns chart sources.
struct SourceConfig {
    std::vector<std::string> chartDirs;         // local charts may only come from below these
    std::vector<Repository> repositories;       // name → index.yaml base URL
    std::vector<std::string> allowedRegistries; // URL prefixes remote charts must match (empty: any)

    static SourceConfig fromJson(const json& toolsetConfig);
};

// Downloads a URL (http, https). The plugin implements it with Poco; tests serve from memory.
class Fetcher {
public:
    virtual ~Fetcher() = default;
    // Returns the body of a 2xx response; throws std::runtime_error otherwise. Registries' anonymous
    // bearer-token challenges (401 + WWW-Authenticate) are the fetcher's business.
    virtual std::string get(const std::string& url, const std::string& accept = "") = 0;
};

class SourceError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Resolves a chart reference the way `helm install` reads its CHART argument:
//   - a local directory or .tgz (only inside chart_dirs; symlinks and '..' resolved first),
//   - repo/chart through a configured repository's index.yaml (version: a SemVer constraint),
//   - an http(s) URL of a packaged chart,
//   - oci://registry/repo/chart (tag = version, or the highest SemVer tag).
// Remote references must match allowed_registries when that list is set.
class ChartSource {
public:
    ChartSource(SourceConfig config, Fetcher* fetcher) : config_(std::move(config)), fetcher_(fetcher) {}

    std::shared_ptr<Chart> load(const std::string& ref, const std::string& version = "") const;

    // The canonical local path a reference resolves to, or throws SourceError when outside chart_dirs.
    std::string localPath(const std::string& ref) const;
    // Chooses the download URL for chart@constraint from a repository index (throws when none matches).
    static std::string pickFromIndex(const json& index, const std::string& repoUrl, const std::string& chart,
                                     const std::string& constraint);

private:
    void checkRemote(const std::string& url) const;
    std::shared_ptr<Chart> loadOci(const std::string& ref, const std::string& version) const;
    Fetcher& fetcher() const;

    SourceConfig config_;
    Fetcher* fetcher_;
};

} // namespace kmcp::helm
