#pragma once

#include <string>
#include <vector>

namespace kmcp::sandbox {

struct KubeconfigContext {
    std::string name; // context and user entry name, e.g. "sandbox-alice"
    std::string token;
    std::string ns; // default namespace of the context
};

// Renders a kubeconfig with one cluster named "sandbox" and one context per entry; the first
// entry is the current context. `caPem` (may be empty) is embedded as certificate-authority-data.
std::string renderKubeconfig(const std::string& serverUrl, const std::string& caPem,
                             const std::vector<KubeconfigContext>& contexts);
void writeKubeconfig(const std::string& path, const std::string& content);

} // namespace kmcp::sandbox
