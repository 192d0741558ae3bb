/* Fails in init with a message: the host must unload it and report the message. */
#include "fixture_util.h"

KMCP_EXPORT kmcp_status kmcp_plugin_init(const kmcp_host_api* host, kmcp_plugin_api* api, kmcp_error* error) {
    (void)api;
    host->error_set(error, KMCP_STATUS_UNAVAILABLE,
                    fx_str("fixture cannot start: license server unreachable"));
    return KMCP_STATUS_UNAVAILABLE;
}
