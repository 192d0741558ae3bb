/* Built against a newer minor than the host knows: the host must refuse it. */
#include "fixture_util.h"

static kmcp_status call(void* ctx, kmcp_str tool, kmcp_str args, kmcp_request* r, kmcp_error* e) {
    (void)ctx, (void)tool, (void)args, (void)r, (void)e;
    return KMCP_STATUS_OK;
}

KMCP_EXPORT kmcp_status kmcp_plugin_init(const kmcp_host_api* host, kmcp_plugin_api* api, kmcp_error* error) {
    (void)error;
    host->toolset_describe(host->host, fx_str("newer_minor"), fx_str("fixture"));
    api->header.abi_major = KMCP_ABI_MAJOR;
    api->header.abi_minor = KMCP_ABI_MINOR + 1;
    api->on_tool_call = call;
    return KMCP_STATUS_OK;
}
