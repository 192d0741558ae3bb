/* Claims ABI major 2: the host must refuse it even though init succeeded. */
#include "fixture_util.h"

static kmcp_status call(void* ctx, kmcp_str tool, kmcp_str args, kmcp_request* r, kmcp_error* e) {
    (void)ctx, (void)tool, (void)args, (void)r, (void)e;
    return KMCP_STATUS_OK;
}

KMCP_EXPORT kmcp_status kmcp_plugin_init(const kmcp_host_api* host, kmcp_plugin_api* api, kmcp_error* error) {
    (void)error;
    host->toolset_describe(host->host, fx_str("wrong_major"), fx_str("fixture"));
    fx_register_tool(host, "wrong_major_tool");
    api->header.abi_major = 2;
    api->header.abi_minor = 0;
    api->on_tool_call = call;
    return KMCP_STATUS_OK;
}
