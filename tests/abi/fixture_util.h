/* Helpers shared by the C fixture plugins: each fixture breaks (or keeps) exactly one ABI rule. */
#ifndef KMCP_FIXTURE_UTIL_H
#define KMCP_FIXTURE_UTIL_H

#include <kmcp/plugin.h>
#include <string.h>

static inline kmcp_str fx_str(const char* s) {
    kmcp_str r;
    r.ptr = s;
    r.len = strlen(s);
    return r;
}

/* Registers one trivial non-cluster tool named `name`. */
static inline kmcp_status fx_register_tool(const kmcp_host_api* host, const char* name) {
    kmcp_tool_def def;
    memset(&def, 0, sizeof def);
    def.header.struct_size = sizeof def;
    def.header.abi_major = KMCP_ABI_MAJOR;
    def.header.abi_minor = KMCP_ABI_MINOR;
    def.name = fx_str(name);
    def.description = fx_str("fixture tool");
    def.input_schema_json = fx_str("{\"type\":\"object\",\"properties\":{}}");
    def.annotations = KMCP_TOOL_READ_ONLY;
    def.targets_cluster = false;
    return host->tool_register(host->host, &def);
}

#endif
