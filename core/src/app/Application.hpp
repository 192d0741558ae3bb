#pragma once

#include "config/Loader.hpp"
#include "mcp/Server.hpp"
#include "plugins/PluginManager.hpp"

#include <atomic>
#include <memory>

namespace kmcp::kube {
class ClusterManager;
}
namespace kmcp::http {
class HttpServer;
}

namespace kmcp::app {

class KubeBackendFactory;
class OAuthGuard;

// The server process: configuration → plugins → clusters → MCP engine → transport, and SIGHUP
// reloads of the configuration (toolsets, profiles, prompts; list_changed goes to clients).
class Application {
public:
    explicit Application(config::Loader loader);
    ~Application();

    // Runs until stdin closes (stdio) or SIGINT/SIGTERM (HTTP). Returns the exit code.
    int run();

private:
    Status start(const config::Loaded& loaded);
    Status reload();
    std::shared_ptr<plugins::Registry> buildRegistry(const config::Config& config, Status& status);
    nlohmann::json facts(const config::Config& config) const;
    int serveHttp();

    std::atomic<bool> stopping_{false};
    config::Loader loader_;
    config::Config config_;
    std::unique_ptr<plugins::PluginManager> plugins_;
    std::shared_ptr<kube::ClusterManager> clusters_;
    std::shared_ptr<KubeBackendFactory> backends_;
    std::shared_ptr<mcp::Server> server_;
    std::unique_ptr<OAuthGuard> oauth_; // require_oauth; outlives http_, whose hooks point into it
    std::unique_ptr<http::HttpServer> http_;
};

} // namespace kmcp::app
