// A C++ plugin that lets an exception escape its tool (no SDK guard): the host must turn it into an
// isError result and keep serving.
#include <kmcp/plugin.h>

#include <cstring>
#include <stdexcept>

namespace {

kmcp_str str(const char* s) {
    return kmcp_str{s, std::strlen(s)};
}

kmcp_status call(void*, kmcp_str tool, kmcp_str, kmcp_request*, kmcp_error*) {
    if (tool.len == 10 && std::memcmp(tool.ptr, "throw_tool", 10) == 0) throw std::runtime_error("boom");
    return KMCP_STATUS_OK;
}

} // namespace

extern "C" KMCP_EXPORT kmcp_status kmcp_plugin_init(const kmcp_host_api* host, kmcp_plugin_api* api,
                                                    kmcp_error*) {
    host->toolset_describe(host->host, str("throwing"), str("fixture"));
    kmcp_tool_def def{};
    def.header = {sizeof def, KMCP_ABI_MAJOR, KMCP_ABI_MINOR};
    def.name = str("throw_tool");
    def.description = str("throws");
    def.input_schema_json = str("{\"type\":\"object\"}");
    def.targets_cluster = false;
    host->tool_register(host->host, &def);
    def.name = str("fine_tool");
    host->tool_register(host->host, &def);
    api->header = {sizeof *api, KMCP_ABI_MAJOR, KMCP_ABI_MINOR};
    api->on_tool_call = call;
    return KMCP_STATUS_OK;
}
