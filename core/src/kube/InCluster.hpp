#pragma once

#include "common/Result.hpp"
#include "kube/KubeConfig.hpp"

#include <string>

namespace kmcp::kube {

// The service-account mount inside a pod; tests point it elsewhere.
inline constexpr const char* kServiceAccountDir = "/var/run/secrets/kubernetes.io/serviceaccount";
inline constexpr const char* kInClusterContext = "in-cluster";

// True when this process looks like it runs in a pod: KUBERNETES_SERVICE_HOST/PORT are set and
// the service-account token exists under `root`.
bool inClusterAvailable(const std::string& root = kServiceAccountDir);

// A one-context kubeconfig for the in-cluster service account: server from
// KUBERNETES_SERVICE_HOST/PORT, CA from root/ca.crt, token via tokenFile root/token (so a rotated
// token is picked up), namespace from root/namespace (default "default").
Result<KubeConfig> inClusterConfig(const std::string& root = kServiceAccountDir);

} // namespace kmcp::kube
