#pragma once

#include "app/KubeBackend.hpp"
#include "auth/OidcProvider.hpp"
#include "config/Config.hpp"

#include <functional>
#include <memory>

namespace kmcp::app {

// Exchanges the caller's token for a token the cluster behind `context` accepts (token
// exchange, RFC 8693 and dialects). Errors keep the exchanger's codes and messages.
using ClusterTokenSource =
    std::function<Result<std::string>(const std::string& context, const Caller& caller)>;

// Chooses how callers reach the cluster (ARCHITECTURE.md invariant: the caller's MCP token goes to
// the API server only with explicit passthrough; with token exchange only the exchanged token does):
//  - cluster_auth_mode = "passthrough": the caller's bearer token, as is;
//  - token exchange configured (and not passthrough): the exchanged token, from `exchange`; an
//    exchange failure is the call's error — nothing falls back to the kubeconfig's identity;
//  - OAuth without exchange and without passthrough: the kubeconfig's identity, announced loudly;
//  - no OAuth: the kubeconfig's identity.
// Logs one line saying which identity mode is active.
Result<CredentialResolver> makeCredentialResolver(const config::Config& config, ClusterTokenSource exchange);

// The same, with an sts::TokenExchanger built from the configuration when token exchange is on.
// `provider` supplies the IdP's token endpoint (null → one built from authorization_url when
// needed). Every context is exchanged for the one configured audience (sts_audience /
// token_exchange.audience): the clusters of a multi-cluster kubeconfig must all accept it.
Result<CredentialResolver> makeCredentialResolver(const config::Config& config,
                                                  std::shared_ptr<auth::OidcProvider> provider = nullptr);

} // namespace kmcp::app
