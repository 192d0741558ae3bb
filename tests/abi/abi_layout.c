/* Pins the ABI layout to its version: appending a field without bumping KMCP_ABI_MINOR (or
 * changing a field without bumping the major) breaks this file's build. When you bump the version,
 * add the new version's sizes here. Checked for x86_64/aarch64 LP64. */
#include <kmcp/plugin.h>

#include <assert.h>
#include <stdio.h>

#if KMCP_ABI_MAJOR == 1 && KMCP_ABI_MINOR == 1
_Static_assert(sizeof(kmcp_abi_header) == 8, "kmcp_abi_header changed");
_Static_assert(sizeof(kmcp_str) == 16, "kmcp_str changed");
_Static_assert(sizeof(kmcp_tool_def) == 96, "kmcp_tool_def changed without an ABI version bump");
_Static_assert(sizeof(kmcp_prompt_def) == 72, "kmcp_prompt_def changed without an ABI version bump");
_Static_assert(sizeof(kmcp_kube_request) == 128, "kmcp_kube_request changed without an ABI version bump");
_Static_assert(sizeof(kmcp_stream_options) == 40, "kmcp_stream_options changed without an ABI version bump");
_Static_assert(sizeof(kmcp_caller) == 56, "kmcp_caller changed without an ABI version bump");
_Static_assert(sizeof(kmcp_host_api) == 200, "kmcp_host_api changed without an ABI version bump");
_Static_assert(sizeof(kmcp_plugin_api) == 48, "kmcp_plugin_api changed without an ABI version bump");
_Static_assert(offsetof(kmcp_plugin_api, on_configure) == 40, "kmcp_plugin_api layout changed");
_Static_assert(offsetof(kmcp_host_api, error_set) == 192, "kmcp_host_api layout changed");
#else
#error "ABI version changed: record the new layout in tests/abi/abi_layout.c"
#endif

int main(void) {
    printf("ABI %d.%d layout pinned\n", KMCP_ABI_MAJOR, KMCP_ABI_MINOR);
    return 0;
}
