// Loads the built helm.so through its C entry point with a minimal in-memory host, the way the
// server does, and drives tools without a cluster.
#include "kmcp/plugin.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <dlfcn.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using nlohmann::json;

namespace {

struct FakeHost {
    std::string config;
    std::map<std::string, json> tools; // name → {description, schema, annotations}
    std::string text, structured, error;
    std::string lastError;
    std::string infoOut;
};
FakeHost* g = nullptr;

std::string view(kmcp_str s) {
    return s.ptr ? std::string(s.ptr, s.len) : std::string();
}

kmcp_status describe(kmcp_host*, kmcp_str, kmcp_str) {
    return KMCP_STATUS_OK;
}
kmcp_status toolRegister(kmcp_host*, const kmcp_tool_def* t) {
    g->tools[view(t->name)] = {{"schema", json::parse(view(t->input_schema_json))},
                               {"annotations", t->annotations}};
    return KMCP_STATUS_OK;
}
kmcp_status promptRegister(kmcp_host*, const kmcp_prompt_def*) {
    return KMCP_STATUS_OK;
}
kmcp_status configGet(kmcp_host*, kmcp_str* out) {
    *out = {g->config.data(), g->config.size()};
    return KMCP_STATUS_OK;
}
void logWrite(kmcp_host*, kmcp_request*, kmcp_log_level, kmcp_str) {}
kmcp_status kubeRequest(kmcp_request*, const kmcp_kube_request*, kmcp_kube_response**) {
    g->lastError = "no cluster in this test";
    return KMCP_STATUS_UNAVAILABLE;
}
int32_t respStatus(const kmcp_kube_response*) {
    return 0;
}
kmcp_str respBody(const kmcp_kube_response*) {
    return {};
}
kmcp_str respHeader(const kmcp_kube_response*, kmcp_str) {
    return {};
}
void respRelease(kmcp_kube_response*) {}
kmcp_status kubeStream(kmcp_request*, const kmcp_kube_request*, const kmcp_stream_options*,
                       kmcp_on_stream_chunk, void*, int32_t*) {
    return KMCP_STATUS_UNSUPPORTED;
}
kmcp_str requestError(kmcp_request*) {
    return {g->lastError.data(), g->lastError.size()};
}
kmcp_str requestContext(kmcp_request*) {
    return {"test", 4};
}
kmcp_str requestNamespace(kmcp_request*) {
    return {"default", 7};
}
kmcp_status requestCaller(kmcp_request*, kmcp_caller*) {
    return KMCP_STATUS_UNSUPPORTED;
}
bool requestCancelled(kmcp_request*) {
    return false;
}
void requestProgress(kmcp_request*, double, double, kmcp_str) {}
kmcp_status requestInfo(kmcp_request*, kmcp_str key, kmcp_str, kmcp_str* out) {
    if (view(key) == "cluster") {
        g->infoOut = R"({"openshift":false,"version":{"major":"1","minor":"31","gitVersion":"v1.31.0"}})";
        *out = {g->infoOut.data(), g->infoOut.size()};
        return KMCP_STATUS_OK;
    }
    g->lastError = "unsupported";
    return KMCP_STATUS_UNSUPPORTED;
}
kmcp_status resultText(kmcp_request*, kmcp_str t) {
    g->text += view(t);
    return KMCP_STATUS_OK;
}
kmcp_status resultStructured(kmcp_request*, kmcp_str j) {
    g->structured = view(j);
    return KMCP_STATUS_OK;
}
kmcp_status resultError(kmcp_request*, kmcp_str m) {
    g->error += view(m);
    return KMCP_STATUS_OK;
}
void errorSet(kmcp_error*, kmcp_status, kmcp_str m) {
    g->error += view(m);
}

kmcp_host_api hostApi() {
    kmcp_host_api h{};
    h.header = {sizeof(kmcp_host_api), KMCP_ABI_MAJOR, KMCP_ABI_MINOR};
    h.toolset_describe = describe;
    h.tool_register = toolRegister;
    h.prompt_register = promptRegister;
    h.config_get = configGet;
    h.log_write = logWrite;
    h.kube_request = kubeRequest;
    h.kube_response_status = respStatus;
    h.kube_response_body = respBody;
    h.kube_response_header = respHeader;
    h.kube_response_message = respBody;
    h.kube_response_release = respRelease;
    h.kube_stream = kubeStream;
    h.request_error = requestError;
    h.request_context = requestContext;
    h.request_namespace = requestNamespace;
    h.request_caller = requestCaller;
    h.request_cancelled = requestCancelled;
    h.request_progress = requestProgress;
    h.request_info = requestInfo;
    h.result_text = resultText;
    h.result_structured = resultStructured;
    h.result_error = resultError;
    h.error_set = errorSet;
    return h;
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

} // namespace

TEST_CASE("the helm plugin registers its tools and renders a dry run through the C ABI") {
    FakeHost host;
    g = &host;
    host.config = json{{"chart_dirs", {HELM_TEST_CHARTS}}}.dump();
    void* lib = dlopen(HELM_PLUGIN_PATH, RTLD_NOW | RTLD_LOCAL);
    REQUIRE(lib != nullptr);
    auto init = reinterpret_cast<kmcp_plugin_init_fn>(dlsym(lib, KMCP_PLUGIN_INIT_SYMBOL));
    REQUIRE(init != nullptr);
    auto api = hostApi();
    kmcp_plugin_api plugin{};
    plugin.header.struct_size = sizeof plugin;
    REQUIRE(init(&api, &plugin, nullptr) == KMCP_STATUS_OK);

    std::vector<std::string> names;
    for (const auto& [n, t] : host.tools)
        names.push_back(n);
    CHECK(names == std::vector<std::string>{"helm_get_manifest", "helm_get_values", "helm_history",
                                            "helm_install", "helm_list", "helm_rollback", "helm_status",
                                            "helm_uninstall", "helm_upgrade"});
    // The three reference tools keep the reference's hints.
    CHECK(host.tools["helm_install"]["annotations"] == KMCP_TOOL_OPEN_WORLD);
    CHECK(host.tools["helm_list"]["annotations"] == (KMCP_TOOL_READ_ONLY | KMCP_TOOL_OPEN_WORLD));
    CHECK(host.tools["helm_uninstall"]["annotations"] ==
          (KMCP_TOOL_DESTRUCTIVE | KMCP_TOOL_IDEMPOTENT | KMCP_TOOL_OPEN_WORLD));
    CHECK(host.tools["helm_install"]["schema"]["required"] == json{"chart"});

    std::string tool = "helm_install";
    std::string args = R"({"chart":"webapp","name":"demo","dry_run":true})";
    auto st = plugin.on_tool_call(plugin.plugin_ctx, {tool.data(), tool.size()}, {args.data(), args.size()},
                                  nullptr, nullptr);
    CHECK(st == KMCP_STATUS_OK);
    CHECK(host.error.empty());
    CHECK(host.text == readFile(std::string(HELM_TEST_CHARTS) + "/golden/webapp-default.yaml"));
    auto structured = json::parse(host.structured);
    CHECK(structured["notes"] ==
          readFile(std::string(HELM_TEST_CHARTS) + "/golden/webapp-default.NOTES.txt"));
    CHECK(structured["hooks"].size() == 1);

    host.text.clear();
    args = R"({"chart":"/etc","dry_run":true})";
    plugin.on_tool_call(plugin.plugin_ctx, {tool.data(), tool.size()}, {args.data(), args.size()}, nullptr,
                        nullptr);
    CHECK(host.error.find("outside the allowed chart directories") != std::string::npos);

    host.error.clear();
    tool = "helm_list";
    args = "{}";
    plugin.on_tool_call(plugin.plugin_ctx, {tool.data(), tool.size()}, {args.data(), args.size()}, nullptr,
                        nullptr);
    CHECK(host.error.find("no cluster in this test") != std::string::npos);

    plugin.on_unload(plugin.plugin_ctx);
    dlclose(lib);
    g = nullptr;
}
