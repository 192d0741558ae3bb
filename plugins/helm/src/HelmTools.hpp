#pragma once

#include "ChartSource.hpp"
#include "HttpFetcher.hpp"
#include "ReleaseStorage.hpp"

#include "kmcp/plugin.hpp"

namespace kmcp::helm {

// The helm_* tool handlers. One instance per loaded plugin; handlers keep no per-call state, so
// concurrent calls are safe.
class HelmTools {
public:
    // toolset_configs.helm: storage_driver, chart_dirs, repositories, allowed_registries.
    explicit HelmTools(const nlohmann::json& config);

    void registerTools(kmcp::sdk::Toolset& toolset);

    void list(kmcp::sdk::Call& call);
    void install(kmcp::sdk::Call& call);
    void upgrade(kmcp::sdk::Call& call);
    void uninstall(kmcp::sdk::Call& call);
    void rollback(kmcp::sdk::Call& call);
    void status(kmcp::sdk::Call& call);
    void history(kmcp::sdk::Call& call);
    void getValues(kmcp::sdk::Call& call);
    void getManifest(kmcp::sdk::Call& call);

private:
    // Reads one revision (0 → latest) or throws NOT_FOUND like helm's "release: not found".
    Release loadRelease(kmcp::sdk::Call& call, ReleaseStorage& storage, const std::string& name,
                        const std::string& ns, int revision);
    void dryRunResult(kmcp::sdk::Call& call, const Release& rel);

    SourceConfig sources_;
    ReleaseStorage::Driver driver_;
    mutable HttpFetcher fetcher_;
};

} // namespace kmcp::helm
