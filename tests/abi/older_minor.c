/* Built against ABI 1.0, whose kmcp_plugin_api ended at on_unload (no on_configure). The host must
 * accept it, call its tools, and never read the missing field. */
#include "fixture_util.h"

#include <stdlib.h>

typedef struct v10_plugin_api {
    kmcp_abi_header header;
    void* plugin_ctx;
    kmcp_on_tool_call on_tool_call;
    kmcp_on_prompt_get on_prompt_get;
    kmcp_on_plugin_unload on_unload;
} v10_plugin_api;

static int unloads;

static kmcp_status call(void* ctx, kmcp_str tool, kmcp_str args, kmcp_request* r, kmcp_error* e) {
    const kmcp_host_api* host = (const kmcp_host_api*)ctx;
    (void)tool, (void)args, (void)e;
    host->result_text(r, fx_str("older minor says hi"));
    return KMCP_STATUS_OK;
}

static void unload(void* ctx) {
    (void)ctx;
    unloads++;
}

KMCP_EXPORT kmcp_status kmcp_plugin_init(const kmcp_host_api* host, kmcp_plugin_api* api_storage,
                                         kmcp_error* error) {
    v10_plugin_api* api = (v10_plugin_api*)api_storage;
    (void)error;
    host->toolset_describe(host->host, fx_str("older_minor"), fx_str("fixture built against ABI 1.0"));
    fx_register_tool(host, "older_minor_tool");
    api->header.struct_size = sizeof(v10_plugin_api);
    api->header.abi_major = 1;
    api->header.abi_minor = 0;
    api->plugin_ctx = (void*)host;
    api->on_tool_call = call;
    api->on_unload = unload;
    /* Garbage where 1.1's on_configure would be: the host must not trust it. */
    memset((char*)api_storage + sizeof(v10_plugin_api), 0xAB, sizeof(void*));
    return KMCP_STATUS_OK;
}
