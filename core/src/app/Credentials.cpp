#include "app/Credentials.hpp"

#include "obs/Log.hpp"
#include "sts/TokenExchanger.hpp"

namespace kmcp::app {
namespace {

CredentialResolver passthrough() {
    return [](const std::string&, const Caller& caller) -> Result<kube::Credentials> {
        if (caller.token.empty())
            return makeError(Error::Code::Unauthenticated,
                             "cluster_auth_mode is passthrough but the request carried no bearer token");
        return kube::Credentials::bearer(caller.token);
    };
}

CredentialResolver exchanged(ClusterTokenSource exchange) {
    return [exchange = std::move(exchange)](const std::string& context,
                                            const Caller& caller) -> Result<kube::Credentials> {
        if (caller.token.empty())
            return makeError(
                Error::Code::Unauthenticated,
                "token exchange is configured but the request carried no bearer token to exchange "
                "(enable require_oauth)");
        auto token = exchange(context, caller);
        if (!token) {
            const Error& e = token.error();
            obs::info(1, "token exchange for {} on context {} failed: {}", caller.username, context,
                      e.message);
            return makeError(e.code,
                             "cannot act on the cluster as " +
                                 (caller.username.empty() ? std::string("the caller") : caller.username) +
                                 ": " + e.message);
        }
        return kube::Credentials::bearer(std::move(token.value()));
    };
}

} // namespace

Result<CredentialResolver> makeCredentialResolver(const config::Config& config, ClusterTokenSource exchange) {
    if (config.clusterAuthMode == config::ClusterAuthMode::Passthrough) {
        obs::warn(
            "identity mode: passthrough (cluster_auth_mode=passthrough) - each caller's own bearer token is "
            "sent to the Kubernetes API");
        return passthrough();
    }
    if (config.tokenExchange.enabled() && config.clusterAuthMode != config::ClusterAuthMode::Kubeconfig) {
        if (!exchange)
            return makeError(Error::Code::InvalidArgument, "token exchange is configured without a client");
        obs::info(
            0,
            "identity mode: token exchange ({}, audience {}) - callers act on the cluster as themselves; "
            "their own tokens never reach the API server",
            config.tokenExchange.strategy,
            config.tokenExchange.audience.empty() ? "<none>" : config.tokenExchange.audience);
        if (!config.oauth.requireOAuth)
            obs::warn("token exchange without require_oauth: requests carry no verified token, so every "
                      "cluster call "
                      "will fail");
        return exchanged(std::move(exchange));
    }
    if (config.tokenExchange.enabled())
        obs::warn("token exchange is configured but cluster_auth_mode=kubeconfig: it is NOT used");
    if (config.oauth.requireOAuth)
        obs::warn("identity mode: kubeconfig - require_oauth without token exchange or "
                  "cluster_auth_mode=passthrough: "
                  "every caller acts on the cluster AS THE KUBECONFIG'S USER, not as themselves");
    else
        obs::info(1, "identity mode: kubeconfig");
    return CredentialResolver([](const std::string&, const Caller&) -> Result<kube::Credentials> {
        return kube::Credentials::kubeconfig();
    });
}

Result<CredentialResolver> makeCredentialResolver(const config::Config& config,
                                                  std::shared_ptr<auth::OidcProvider> provider) {
    ClusterTokenSource source;
    if (config.tokenExchange.enabled() && config.clusterAuthMode == config::ClusterAuthMode::Auto) {
        if (!provider && !config.oauth.authorizationUrl.empty())
            provider =
                std::make_shared<auth::OidcProvider>(auth::OidcProviderOptions::fromConfig(config.oauth));
        if (!provider && config.tokenExchange.tokenEndpoint.empty())
            return makeError(Error::Code::InvalidArgument,
                             "token exchange needs authorization_url (for the IdP's token endpoint) or "
                             "token_exchange.token_endpoint");
        auto exchanger = std::make_shared<sts::TokenExchanger>(config.tokenExchange, std::move(provider),
                                                               config.oauth.certificateAuthority);
        source = [exchanger](const std::string&, const Caller& caller) -> Result<std::string> {
            auth::Identity identity;
            identity.subject = caller.subject;
            identity.username = caller.username;
            identity.token = caller.token;
            identity.expiry = caller.expiry;
            auto token = exchanger->exchange(identity);
            if (!token) return token.error();
            return std::move(token.value().accessToken);
        };
    }
    return makeCredentialResolver(config, std::move(source));
}

} // namespace kmcp::app
