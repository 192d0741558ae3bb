#pragma once

#include "app/KubeBackend.hpp"
#include "config/Config.hpp"

namespace kmcp::app {

// Chooses how callers reach the cluster (ARCHITECTURE.md invariant: the caller's MCP token goes to
// the API server only with explicit passthrough; with token exchange only the exchanged token does):
//  - cluster_auth_mode = "passthrough": the caller's bearer token, as is;
//  - OAuth without exchange and without passthrough: the kubeconfig's identity, announced loudly;
//  - no OAuth: the kubeconfig's identity.
Result<CredentialResolver> makeCredentialResolver(const config::Config& config);

} // namespace kmcp::app
