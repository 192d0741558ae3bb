#pragma once

#include "common/Result.hpp"
#include "config/Config.hpp"
#include "kube/Cluster.hpp"
#include "kube/InCluster.hpp"
#include "kube/KubeConfig.hpp"
#include "kube/Policy.hpp"
#include "kube/UserScopedClient.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace kmcp::kube {

struct ContextInfo {
    std::string name;
    std::string cluster;
    std::string server;
    std::string user;
    std::string ns;
    bool isDefault = false;
};

// Where the environment-dependent inputs come from; tests replace them.
struct ManagerOptions {
    std::string inClusterRoot = kServiceAccountDir;
    std::optional<std::string> kubeconfigEnv; // nullopt → $KUBECONFIG
    std::optional<std::string> home;          // nullopt → $HOME
    ClusterOptions cluster;
};

// The host's one entry point to Kubernetes: resolves cluster_provider_strategy (auto → in-cluster
// when running in a pod and no --kubeconfig was given, else kubeconfig; disabled → only the
// current context), lists contexts and hands out Cluster objects (created on first use, then
// shared). Thread-safe.
class ClusterManager {
public:
    static Result<std::shared_ptr<ClusterManager>> create(const config::Config& config,
                                                          ManagerOptions options = {});

    // The contexts callers may target: all of them in multi-cluster mode, else only the default.
    std::vector<ContextInfo> contexts() const;
    std::string defaultContext() const;
    // "" → the default context. Unknown contexts, or another context in single-cluster mode, are
    // an Error{InvalidArgument}.
    Result<std::shared_ptr<Cluster>> cluster(const std::string& context);
    // A policy-enforcing client for one caller (policy from read_only and denied_resources).
    Result<UserScopedClient> client(const std::string& context, Credentials creds, Observer observer = {});
    // configuration_view: redacted YAML; `minified` → only the default context.
    std::string kubeconfigView(bool minified) const;
    bool multiCluster() const { return multiCluster_; }
    // The strategy actually used (never Auto).
    config::ClusterProvider provider() const { return provider_; }
    const Policy& policy() const { return policy_; }

private:
    ClusterManager() = default;

    KubeConfig kubeconfig_;
    config::ClusterProvider provider_ = config::ClusterProvider::Kubeconfig;
    bool multiCluster_ = false;
    std::string defaultContext_;
    ClusterOptions clusterOptions_;
    Policy policy_;
    mutable std::mutex mu_;
    std::map<std::string, std::shared_ptr<Cluster>> clusters_;
};

} // namespace kmcp::kube
