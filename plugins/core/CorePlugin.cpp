// The `core` toolset: pods, generic resources, events, namespaces, nodes and the cluster health
// check prompt, as a plugin built only against the SDK.
#include "Tools.hpp"

#include <kmcp/plugin.hpp>

KMCP_PLUGIN(toolset, config) {
    using namespace kmcp::plugins::core;
    toolset.describe("core",
                     "Everyday Kubernetes tools: pods, generic resources, events, namespaces and nodes");
    registerClusterTools(toolset);
    registerNodeTools(toolset);
    registerPodTools(toolset);
    registerPodIoTools(toolset);
    registerResourceTools(toolset);
    registerHealthCheckPrompt(toolset);
}
