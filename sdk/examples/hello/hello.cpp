// A third-party toolset built out of tree against the installed SDK:
//   g++ -std=c++20 -shared -fPIC -fvisibility=hidden -Wl,-z,defs $(pkg-config --cflags kmcp-plugin)
//       hello.cpp -o hello.so
// then: kubernetes-mcp-server --plugin-dir . --toolsets core,hello
#include <kmcp/plugin.hpp>

using kmcp::sdk::Call;
using kmcp::sdk::json;

KMCP_PLUGIN(toolset, config) {
    const std::string greeting = config.value("greeting", "Hello");
    toolset.describe("hello", "Example third-party toolset");

    toolset.tool(
        {.name = "hello_greet",
         .title = "Greet",
         .description = "Greets someone, or the signed-in caller when no name is given",
         .inputSchema = {{"type", "object"},
                         {"properties", {{"name", {{"type", "string"}, {"description", "Who to greet"}}}}}},
         .annotations = KMCP_TOOL_READ_ONLY | KMCP_TOOL_IDEMPOTENT,
         .targetsCluster = false},
        [greeting](Call& call) {
            auto who = call.string("name");
            if (who.empty()) who = call.caller().username;
            if (who.empty()) who = "anonymous";
            call.text(greeting + ", " + who + "!");
            call.structured({{"greeting", greeting}, {"name", who}});
        });

    // A cluster tool: the request goes out as the caller, so the answer is the cluster's view of them.
    toolset.tool({.name = "hello_whoami",
                  .title = "Who am I",
                  .description = "Asks the cluster who the caller is (SelfSubjectReview)",
                  .annotations = KMCP_TOOL_READ_ONLY | KMCP_TOOL_OPEN_WORLD},
                 [](Call& call) {
                     auto review = call.kubeOk({.method = "POST",
                                                .path = "/apis/authentication.k8s.io/v1/selfsubjectreviews",
                                                .body = R"({"apiVersion":"authentication.k8s.io/v1",)"
                                                        R"("kind":"SelfSubjectReview"})",
                                                .contentType = "application/json"});
                     auto info = review.parsed()["status"]["userInfo"];
                     call.text("context " + call.context() + ": " + info.value("username", "?"));
                     call.structured({{"context", call.context()}, {"userInfo", info}});
                 });
}
