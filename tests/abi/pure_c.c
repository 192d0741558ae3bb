/* A complete plugin in plain C: a text tool, a cluster tool that makes a Kubernetes request through
 * the host, argument echo, caller and context access, and error reporting. */
#include "fixture_util.h"

#include <stdio.h>

static kmcp_status call(void* ctx, kmcp_str tool, kmcp_str args, kmcp_request* r, kmcp_error* e) {
    const kmcp_host_api* host = (const kmcp_host_api*)ctx;
    if (tool.len == 6 && memcmp(tool.ptr, "c_echo", 6) == 0) {
        kmcp_caller caller;
        char line[512];
        memset(&caller, 0, sizeof caller);
        caller.header.struct_size = sizeof caller;
        caller.header.abi_major = KMCP_ABI_MAJOR;
        caller.header.abi_minor = KMCP_ABI_MINOR;
        host->request_caller(r, &caller);
        snprintf(line, sizeof line, "args=%.*s user=%.*s groups=%zu", (int)args.len, args.ptr,
                 (int)caller.username.len, caller.username.ptr, caller.group_count);
        host->result_text(r, fx_str(line));
        host->result_structured(r, fx_str("{\"language\":\"C\"}"));
        return KMCP_STATUS_OK;
    }
    if (tool.len == 6 && memcmp(tool.ptr, "c_kube", 6) == 0) {
        kmcp_kube_request req;
        kmcp_kube_response* resp = NULL;
        char line[256];
        kmcp_str ctxname;
        memset(&req, 0, sizeof req);
        req.header.struct_size = sizeof req;
        req.header.abi_major = KMCP_ABI_MAJOR;
        req.header.abi_minor = KMCP_ABI_MINOR;
        req.method = fx_str("GET");
        req.path = fx_str("/api/v1/namespaces");
        if (host->kube_request(r, &req, &resp) != KMCP_STATUS_OK) {
            kmcp_str why = host->request_error(r);
            host->error_set(e, KMCP_STATUS_UNAVAILABLE, why);
            return KMCP_STATUS_UNAVAILABLE;
        }
        ctxname = host->request_context(r);
        snprintf(line, sizeof line, "status=%d context=%.*s bytes=%zu", host->kube_response_status(resp),
                 (int)ctxname.len, ctxname.ptr, host->kube_response_body(resp).len);
        host->kube_response_release(resp);
        host->result_text(r, fx_str(line));
        return KMCP_STATUS_OK;
    }
    host->error_set(e, KMCP_STATUS_NOT_FOUND, fx_str("no such tool in pure_c"));
    return KMCP_STATUS_NOT_FOUND;
}

KMCP_EXPORT kmcp_status kmcp_plugin_init(const kmcp_host_api* host, kmcp_plugin_api* api, kmcp_error* error) {
    kmcp_tool_def def;
    (void)error;
    if (host->header.abi_major != KMCP_ABI_MAJOR) return KMCP_STATUS_VERSION_MISMATCH;
    host->toolset_describe(host->host, fx_str("pure_c"), fx_str("a plugin written in C"));
    fx_register_tool(host, "c_echo");
    memset(&def, 0, sizeof def);
    def.header.struct_size = sizeof def;
    def.header.abi_major = KMCP_ABI_MAJOR;
    def.header.abi_minor = KMCP_ABI_MINOR;
    def.name = fx_str("c_kube");
    def.description = fx_str("lists namespaces through the host");
    def.input_schema_json = fx_str("{\"type\":\"object\"}");
    def.annotations = KMCP_TOOL_READ_ONLY | KMCP_TOOL_OPEN_WORLD;
    def.targets_cluster = true;
    host->tool_register(host->host, &def);
    api->header.struct_size = sizeof *api;
    api->header.abi_major = KMCP_ABI_MAJOR;
    api->header.abi_minor = KMCP_ABI_MINOR;
    api->plugin_ctx = (void*)host;
    api->on_tool_call = call;
    return KMCP_STATUS_OK;
}
