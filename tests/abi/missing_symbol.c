/* Exports no kmcp_plugin_init: the host must refuse it by name. */
#include <kmcp/plugin.h>

KMCP_EXPORT int kmcp_plugin_init_typo(void) {
    return 0;
}
