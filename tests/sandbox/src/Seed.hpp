#pragma once

#include "SandboxContext.hpp"

namespace kmcp::sandbox {

// The built-in users and their bearer tokens (always present).
void seedUsers(Authenticator& authenticator);
// Cluster roles every cluster has (cluster-admin, admin, edit, view, system:discovery,
// system:basic-user and their bindings) and the `default` namespace.
void seedBase(SandboxContext& context);
// The demo cluster: namespaces, nodes, workloads, services, config, secrets, events and the
// alice/bob RBAC described in README.md.
void seedDefault(SandboxContext& context);

} // namespace kmcp::sandbox
