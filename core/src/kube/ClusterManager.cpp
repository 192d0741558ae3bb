#include "kube/ClusterManager.hpp"

#include "kube/KubeconfigView.hpp"
#include "obs/Log.hpp"

#include <cstdlib>

namespace kmcp::kube {
namespace {

std::string envOr(const std::optional<std::string>& given, const char* name) {
    if (given) return *given;
    const char* v = std::getenv(name);
    return v ? v : "";
}

} // namespace

Result<std::shared_ptr<ClusterManager>> ClusterManager::create(const config::Config& config,
                                                               ManagerOptions options) {
    using config::ClusterProvider;
    std::shared_ptr<ClusterManager> m(new ClusterManager());
    m->provider_ = config.clusterProvider;
    if (m->provider_ == ClusterProvider::Auto)
        m->provider_ = config.kubeconfig.empty() && inClusterAvailable(options.inClusterRoot)
                           ? ClusterProvider::InCluster
                           : ClusterProvider::Kubeconfig;
    if (m->provider_ == ClusterProvider::InCluster) {
        auto cfg = inClusterConfig(options.inClusterRoot);
        if (!cfg) return cfg.error();
        m->kubeconfig_ = std::move(cfg.value());
    } else {
        auto cfg = KubeConfig::load(config.kubeconfig, envOr(options.kubeconfigEnv, "KUBECONFIG"),
                                    envOr(options.home, "HOME"));
        if (!cfg) return cfg.error();
        m->kubeconfig_ = std::move(cfg.value());
    }
    if (m->kubeconfig_.contexts.empty())
        return makeError(Error::Code::InvalidArgument, "no Kubernetes context configured: the kubeconfig has "
                                                       "no contexts (use --kubeconfig or $KUBECONFIG)");
    m->defaultContext_ = m->kubeconfig_.currentContext;
    if (m->defaultContext_.empty()) {
        m->defaultContext_ = m->kubeconfig_.contexts.front().name;
        obs::warn("kubeconfig has no current-context; using the first context \"{}\"", m->defaultContext_);
    } else if (!m->kubeconfig_.context(m->defaultContext_)) {
        return makeError(Error::Code::InvalidArgument,
                         "the kubeconfig's current-context \"" + m->defaultContext_ + "\" does not exist");
    }
    m->kubeconfig_.currentContext = m->defaultContext_;
    m->multiCluster_ = m->provider_ == ClusterProvider::Kubeconfig && !config.disableMultiCluster;
    m->clusterOptions_ = options.cluster;
    m->clusterOptions_.discoveryWithCallerCredentials =
        options.cluster.discoveryWithCallerCredentials ||
        config.clusterAuthMode == config::ClusterAuthMode::Passthrough || config.tokenExchange.enabled();
    m->policy_.readOnly = config.readOnly;
    m->policy_.deniedResources = config.deniedResources;
    // Build the default cluster now so a broken kubeconfig fails at startup, not on the first call.
    auto first = m->cluster("");
    if (!first) return first.error();
    return m;
}

std::vector<ContextInfo> ClusterManager::contexts() const {
    std::vector<ContextInfo> out;
    for (const auto& c : kubeconfig_.contexts) {
        if (!multiCluster_ && c.name != defaultContext_) continue;
        ContextInfo info{c.name, c.cluster, "", c.user, c.ns, c.name == defaultContext_};
        if (const ClusterEntry* cl = kubeconfig_.cluster(c.cluster)) info.server = cl->server;
        out.push_back(std::move(info));
    }
    return out;
}

std::string ClusterManager::defaultContext() const {
    return defaultContext_;
}

Result<std::shared_ptr<Cluster>> ClusterManager::cluster(const std::string& context) {
    const std::string name = context.empty() ? defaultContext_ : context;
    if (!multiCluster_ && name != defaultContext_)
        return makeError(Error::Code::InvalidArgument,
                         "context \"" + name +
                             "\" is not available: multi-cluster access is disabled, only \"" +
                             defaultContext_ + "\" can be used");
    if (!kubeconfig_.context(name))
        return makeError(Error::Code::InvalidArgument,
                         "context \"" + name + "\" not found in the kubeconfig");
    std::lock_guard lock(mu_);
    if (auto it = clusters_.find(name); it != clusters_.end()) return it->second;
    auto made = Cluster::create(name, kubeconfig_, clusterOptions_);
    if (!made) return made.error();
    clusters_[name] = made.value();
    return made;
}

Result<UserScopedClient> ClusterManager::client(const std::string& context, Credentials creds,
                                                Observer observer) {
    auto c = cluster(context);
    if (!c) return c.error();
    return UserScopedClient(c.value(), std::move(creds), policy_, std::move(observer));
}

std::string ClusterManager::kubeconfigView(bool minified) const {
    if (minified || multiCluster_) return kmcp::kube::kubeconfigView(kubeconfig_, minified);
    // In single-cluster mode only the usable context is shown.
    return kmcp::kube::kubeconfigView(kubeconfig_, true);
}

} // namespace kmcp::kube
