#include "app/Application.hpp"

#include "app/Credentials.hpp"
#include "app/KubeBackend.hpp"
#include "app/OAuthGuard.hpp"
#include "config/ToolFilter.hpp"
#include "http/HttpServer.hpp"
#include "http/McpMessageHandler.hpp"
#include "kube/ClusterManager.hpp"
#include "mcp/StdioTransport.hpp"
#include "obs/Audit.hpp"
#include "obs/Log.hpp"
#include "plugins/Registry.hpp"

#include <fmt/ranges.h>

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <thread>

namespace kmcp::app {
namespace {

const char* listOutputName(config::ListOutput o) {
    return o == config::ListOutput::Yaml ? "yaml" : "table";
}

// Blocks the signals the application handles so that only the signal thread receives them.
sigset_t handledSignals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    return set;
}

} // namespace

Application::Application(config::Loader loader) : loader_(std::move(loader)) {}
Application::~Application() = default;

nlohmann::json Application::facts(const config::Config& c) const {
    return {{"version", KMCP_VERSION}, {"list_output", listOutputName(c.listOutput)},
            {"read_only", c.readOnly}, {"disable_destructive", c.disableDestructive || c.readOnly},
            {"redact_secrets", true},  {"multi_cluster", backends_ && backends_->contexts().size() > 1}};
}

std::shared_ptr<plugins::Registry> Application::buildRegistry(const config::Config& c, Status& status) {
    auto loaded = plugins_->load(c.toolsets, c.toolsetConfigs);
    if (!loaded) {
        status = loaded.error();
        return nullptr;
    }
    plugins::Registry::Options options;
    if (backends_) options.contexts = backends_->contexts();
    options.allow = [c](const plugins::ToolDefinition& d) {
        return config::toolAllowed(c, d.name, d.annotations);
    };
    options.describe = [c](const plugins::ToolDefinition& d) {
        return config::toolDescription(c, d.name, d.description);
    };
    options.userPrompts = c.prompts;
    auto registry = plugins::Registry::build(loaded.value(), options);
    obs::info(1, "toolsets [{}]: {} tools, {} prompts (read_only={}, disable_destructive={})",
              fmt::join(registry->toolsets(), ","), registry->tools().size(), registry->prompts().size(),
              c.readOnly, c.disableDestructive);
    status = okStatus();
    return registry;
}

Status Application::start(const config::Loaded& loaded) {
    config_ = loaded.config;
    obs::setLogLevel(config_.logLevel);
    if (!obs::setLogFile(config_.logFile))
        obs::warn("cannot open log file {}; logging to stderr", config_.logFile);
    for (const auto& w : loaded.warnings)
        obs::warn("{}", w);
    if (!obs::Audit::instance().open(config_.auditLog))
        return makeError(Error::Code::InvalidArgument, "cannot open audit log " + config_.auditLog);

    if (auto files = config::checkReferencedFiles(config_); !files) return files.error();
    if (config_.oauth.requireOAuth) {
        oauth_ = std::make_unique<OAuthGuard>(config_);
        obs::info(0, "OAuth required: bearer tokens from {}", config_.oauth.authorizationUrl);
    }

    if (config_.clusterProvider != config::ClusterProvider::Disabled || !config_.kubeconfig.empty()) {
        auto clusters = kube::ClusterManager::create(config_);
        if (clusters) {
            clusters_ = clusters.value();
        } else if (!config_.kubeconfig.empty()) {
            return clusters.error(); // an explicitly named kubeconfig must work
        } else {
            obs::warn("no Kubernetes cluster configured ({}); cluster tools will report it",
                      clusters.error().message);
        }
    }
    if (clusters_) {
        auto resolver = makeCredentialResolver(config_, oauth_ ? oauth_->provider() : nullptr);
        if (!resolver) return resolver.error();
        backends_ = std::make_shared<KubeBackendFactory>(clusters_, resolver.value());
        obs::info(1, "clusters: {} context(s), default {}", backends_->contexts().size(),
                  backends_->defaultContext());
    }

    plugins_ = std::make_unique<plugins::PluginManager>(config_.pluginDirs);
    Status st = okStatus();
    auto registry = buildRegistry(config_, st);
    if (!st) return st;
    mcp::ServerInfo info;
    info.version = KMCP_VERSION;
    info.instructions = config_.serverInstructions;
    info.facts = facts(config_);
    server_ =
        std::make_shared<mcp::Server>(info, registry, backends_, std::make_shared<mcp::SessionManager>());
    return okStatus();
}

Status Application::reload() {
    auto loaded = loader_.load();
    if (!loaded) return loaded.error();
    const auto& next = loaded->config;
    for (const auto& w : loaded->warnings)
        obs::warn("{}", w);
    obs::setLogLevel(next.logLevel);
    Status st = okStatus();
    auto registry = buildRegistry(next, st);
    if (!st) return st;
    // Transport, cluster and OAuth settings need a restart; say so instead of half-applying them.
    if (next.port != config_.port || next.kubeconfig != config_.kubeconfig ||
        next.oauth.requireOAuth != config_.oauth.requireOAuth)
        obs::warn("reload: port, kubeconfig and OAuth changes take effect after a restart");
    config_.toolsets = next.toolsets;
    config_.enabledTools = next.enabledTools;
    config_.disabledTools = next.disabledTools;
    config_.readOnly = next.readOnly;
    config_.disableDestructive = next.disableDestructive;
    config_.prompts = next.prompts;
    config_.listOutput = next.listOutput;
    config_.toolDescriptionOverrides = next.toolDescriptionOverrides;
    config_.logLevel = next.logLevel;
    server_->replaceRegistry(registry, facts(config_));
    return okStatus();
}

int Application::run() {
    auto signals = handledSignals();
    pthread_sigmask(SIG_BLOCK, &signals, nullptr); // before any thread exists

    auto loaded = loader_.load();
    if (!loaded) {
        obs::error("{}", loaded.error().message);
        return 2;
    }
    if (auto st = start(loaded.value()); !st) {
        obs::error("{}", st.error().message);
        return 1;
    }

    std::thread signalThread([this, signals] {
        while (true) {
            int sig = 0;
            if (sigwait(&signals, &sig) != 0) continue;
            if (sig == SIGHUP) {
                if (stopping_.load()) return;
                obs::info(0, "SIGHUP: reloading configuration");
                if (auto st = reload(); !st)
                    obs::error("reload failed, keeping the running configuration: {}", st.error().message);
                continue;
            }
            bool wasStopping = stopping_.exchange(true);
            // stdio: the main thread sits in a blocking read of stdin that no signal interrupts, so a
            // termination request ends the process here (the stdio client owns no state on our side).
            if (!wasStopping && config_.port.empty()) {
                obs::info(1, "signal {}: exiting", sig);
                std::_Exit(0);
            }
            return;
        }
    });

    int rc = 0;
    if (config_.port.empty()) {
        obs::info(1, "serving MCP over stdio");
        Caller local; // stdio: the local user; the kubeconfig decides the cluster identity
        mcp::StdioTransport stdio(*server_, local);
        rc = stdio.run(std::cin, std::cout);
        stopping_.store(true);
        kill(getpid(), SIGTERM); // wake the signal thread
    } else {
        rc = serveHttp();
    }
    signalThread.join();
    return rc;
}

int Application::serveHttp() {
    auto options = http::HttpServerOptions::fromConfig(config_);
    if (!options) {
        obs::error("{}", options.error().message);
        return 2;
    }
    http_ = std::make_unique<http::HttpServer>(options.value(),
                                               std::make_shared<http::McpMessageHandler>(server_));
    if (oauth_) oauth_->install(*http_);
    if (auto st = http_->start(); !st) {
        obs::error("{}", st.error().message);
        return 1;
    }
    obs::info(0, "listening on {}://{}:{}/mcp", http_->tls() ? "https" : "http",
              config_.bindAddress.empty() ? "0.0.0.0" : config_.bindAddress, http_->port());
    while (!stopping_.load())
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    http_->stop();
    return 0;
}

} // namespace kmcp::app
