#pragma once

#include "kube/ClusterManager.hpp"
#include "plugins/ClusterBackend.hpp"

#include <functional>
#include <memory>

namespace kmcp::app {

// Decides which credentials a caller's requests carry on `context`: the kubeconfig's user, the
// caller's own token (passthrough) or an exchanged token. Never falls back to another kind.
using CredentialResolver =
    std::function<Result<kube::Credentials>(const std::string& context, const Caller& caller)>;

// The ClusterBackendFactory the server uses: one kube::UserScopedClient per tool call, acting as
// the caller, with policy, audit and metrics on every request.
class KubeBackendFactory : public plugins::ClusterBackendFactory {
public:
    KubeBackendFactory(std::shared_ptr<kube::ClusterManager> clusters, CredentialResolver credentials);

    std::vector<std::string> contexts() const override;
    std::string defaultContext() const override;
    Result<std::unique_ptr<plugins::ClusterBackend>> forCall(const std::string& context, const Caller& caller,
                                                             const std::string& tool) override;
    Result<nlohmann::json> hostInfo(const std::string& key, const nlohmann::json& args) override;

private:
    std::shared_ptr<kube::ClusterManager> clusters_;
    CredentialResolver credentials_;
};

} // namespace kmcp::app
