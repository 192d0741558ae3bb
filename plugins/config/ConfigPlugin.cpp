// The `config` toolset: read-only views of the kubeconfig the server runs with. Neither tool calls
// the Kubernetes API; the host supplies the (credential-redacted) data.
#include "ContextsFormat.hpp"

#include <kmcp/plugin.hpp>

namespace {

void contextsList(kmcp::sdk::Call& call) {
    auto listing = kmcp::plugins::config::formatContexts(call.info("contexts"));
    call.text(listing.text);
    if (!listing.structured.is_null()) call.structured(listing.structured);
}

void configurationView(kmcp::sdk::Call& call) {
    auto view = call.info("kubeconfig", {{"minified", call.boolean("minified", true)}});
    call.text(view.value("yaml", ""));
}

} // namespace

KMCP_PLUGIN(toolset, config) {
    using kmcp::sdk::json;
    toolset.describe("config", "View the Kubernetes configuration (kubeconfig) the server uses");
    toolset.tool({.name = "configuration_contexts_list",
                  .title = "Configuration: Contexts List",
                  .description = "List the context names of the kubeconfig file with the server URL of each",
                  .inputSchema = json{{"type", "object"}, {"properties", json::object()}},
                  .annotations = KMCP_TOOL_READ_ONLY | KMCP_TOOL_IDEMPOTENT,
                  .targetsCluster = false},
                 contextsList);
    toolset.tool(
        {.name = "configuration_view",
         .title = "Configuration: View",
         .description = "Get the current Kubernetes configuration as kubeconfig YAML (credentials redacted)",
         .inputSchema = json{{"type", "object"},
                             {"properties",
                              {{"minified",
                                {{"type", "boolean"},
                                 {"description",
                                  "true (default): only the current context and the cluster and user "
                                  "it uses; false: every context, cluster and user of the kubeconfig"}}}}}},
         .annotations = KMCP_TOOL_READ_ONLY | KMCP_TOOL_OPEN_WORLD,
         .targetsCluster = false},
        configurationView);
}
