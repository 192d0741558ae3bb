#pragma once

#include "Value.h"

#include <string>
#include <vector>

namespace kmcp::helm::tmpl {

struct CapabilitiesInfo {
    std::string kubeVersion = "v1.20.0";  // "vMAJOR.MINOR.PATCH[-suffix]"
    std::vector<std::string> apiVersions; // "v1", "apps/v1", "apps/v1/Deployment", ...
    std::string helmVersion = "v3.16.0";
    std::string helmGitCommit;
    std::string helmGitTreeState = "clean";
    std::string goVersion = "go1.22.0";
};

// `.Capabilities` as Helm exposes it: APIVersions (a list with a Has method), KubeVersion
// (Version, Major, Minor, GitVersion; prints as its version) and HelmVersion.
Value makeCapabilities(const CapabilitiesInfo& info);

} // namespace kmcp::helm::tmpl
