#pragma once

#include "kube/KubeConfig.hpp"

#include <string>

namespace kmcp::kube {

// The kubeconfig as YAML for configuration_view, with every secret replaced the way
// `kubectl config view` does: *-data fields → "DATA+OMITTED", token and password → "REDACTED";
// additionally exec-plugin env values and secret-looking exec args (--token=…, --password …)
// → "REDACTED". `minified` keeps only the current context, its cluster and user (--minify).
std::string kubeconfigView(const KubeConfig& config, bool minified);

inline constexpr const char* kDataOmitted = "DATA+OMITTED";
inline constexpr const char* kRedacted = "REDACTED";

} // namespace kmcp::kube
