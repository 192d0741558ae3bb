#pragma once

#include "common/Result.hpp"
#include "kube/Discovery.hpp"
#include "kube/KubeConfig.hpp"
#include "kube/Types.hpp"

#include <atomic>
#include <memory>
#include <string>

namespace kmcp::kube {

class ClusterConnection;

// One kubeconfig context: its API server connection (TLS settings, pooled sessions, the
// kubeconfig user's credentials) and its discovery cache, shared by every caller. Requests sent
// here are NOT policy-checked; callers go through UserScopedClient.
class Cluster {
public:
    static Result<std::shared_ptr<Cluster>> create(const std::string& context, const KubeConfig& config,
                                                   const ClusterOptions& options = {});
    ~Cluster();

    const std::string& context() const { return context_; }
    const std::string& server() const { return server_; }
    const std::string& defaultNamespace() const { return namespace_; }

    Result<Response> send(const Request& request, const Credentials& creds,
                          const std::atomic<bool>* cancel = nullptr);

    Discovery& discovery() { return discovery_; }
    // How discovery documents are fetched on behalf of `caller`: with the caller's credentials when
    // ClusterOptions::discoveryWithCallerCredentials is set, else with the kubeconfig's user.
    Discovery::Fetch discoveryFetch(const Credentials& caller);
    Result<ServerVersion> version(const Credentials& caller);
    Result<bool> isOpenShift(const Credentials& caller);

    ClusterConnection& connection() { return *connection_; }
    const ClusterOptions& options() const { return options_; }

private:
    Cluster() = default;

    std::string context_;
    std::string server_;
    std::string namespace_;
    ClusterOptions options_;
    std::unique_ptr<ClusterConnection> connection_;
    Discovery discovery_;
};

} // namespace kmcp::kube
