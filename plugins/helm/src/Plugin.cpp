// The helm toolset: Helm 3 implemented natively on the caller-scoped client the host provides, so
// no helm binary and no credential ever reach this plugin.
#include "HelmTools.hpp"

#include "kmcp/plugin.hpp"

#include <memory>

KMCP_PLUGIN(toolset, config) {
    toolset.describe("helm", "Helm 3 releases: list, install, upgrade, rollback, uninstall, status, history");
    // Owned for the plugin's lifetime: the handlers registered below capture it.
    static std::unique_ptr<kmcp::helm::HelmTools> tools;
    tools = std::make_unique<kmcp::helm::HelmTools>(config);
    tools->registerTools(toolset);
}
