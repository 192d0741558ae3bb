/* Reports a kmcp_plugin_api shorter than any ABI version's: the host must refuse it. */
#include "fixture_util.h"

static kmcp_status call(void* ctx, kmcp_str tool, kmcp_str args, kmcp_request* r, kmcp_error* e) {
    (void)ctx, (void)tool, (void)args, (void)r, (void)e;
    return KMCP_STATUS_OK;
}

KMCP_EXPORT kmcp_status kmcp_plugin_init(const kmcp_host_api* host, kmcp_plugin_api* api, kmcp_error* error) {
    (void)error;
    host->toolset_describe(host->host, fx_str("short_struct"), fx_str("fixture"));
    api->header.struct_size = sizeof(kmcp_abi_header);
    api->header.abi_major = KMCP_ABI_MAJOR;
    api->header.abi_minor = KMCP_ABI_MINOR;
    api->on_tool_call = call;
    return KMCP_STATUS_OK;
}
