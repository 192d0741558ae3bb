#include "app/Credentials.hpp"

#include "obs/Log.hpp"

namespace kmcp::app {

Result<CredentialResolver> makeCredentialResolver(const config::Config& config) {
    if (config.clusterAuthMode == config::ClusterAuthMode::Passthrough) {
        obs::warn("cluster_auth_mode=passthrough: each caller's own bearer token is sent to the Kubernetes API");
        return CredentialResolver([](const std::string&, const Caller& caller) -> Result<kube::Credentials> {
            if (caller.token.empty())
                return makeError(Error::Code::Unauthenticated,
                                 "cluster_auth_mode is passthrough but the request carried no bearer token");
            return kube::Credentials::bearer(caller.token);
        });
    }
    if (config.oauth.requireOAuth)
        obs::warn("require_oauth without token exchange or cluster_auth_mode=passthrough: every caller acts on the "
                  "cluster AS THE KUBECONFIG'S USER, not as themselves");
    return CredentialResolver(
        [](const std::string&, const Caller&) -> Result<kube::Credentials> { return kube::Credentials::kubeconfig(); });
}

} // namespace kmcp::app
