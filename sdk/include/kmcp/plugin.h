/*
 * kmcp/plugin.h — the contract between kubernetes-mcp-server (the host) and toolset plugins.
 *
 * Pure C (stdint/stddef/stdbool only). This header IS the ABI; the C++ helpers in kmcp/plugin.hpp
 * are a convenience built on top of it and never cross the boundary.
 *
 * Naming: functions the plugin implements are `kmcp_on_<thing>_<event>`; callbacks the host
 * implements are `kmcp_host_<thing>_<action>` (reached through the kmcp_host_api table, so a plugin
 * links no host symbol and is built with -Wl,-z,defs).
 *
 * Compatibility policy (ABI v1):
 *  - Every table starts with kmcp_abi_header {struct_size, abi_major, abi_minor}.
 *  - Fields are only ever appended; a new field bumps KMCP_ABI_MINOR. Removing, reordering or
 *    retyping a field bumps KMCP_ABI_MAJOR.
 *  - The host loads a plugin when plugin.major == host.major and plugin.minor <= host.minor.
 *  - Either side reads an optional (appended) field of the other's table only when
 *    KMCP_HAS_FIELD(table, field) says the table is long enough to hold it.
 *  - Strings cross as kmcp_str {ptr, len}, UTF-8, not NUL-terminated. JSON crosses as text.
 *  - Memory is freed by the side that allocated it. Borrowed pointers are valid only for the
 *    duration of the call that lent them unless an OWNERSHIP line says otherwise.
 *  - No exception and no C++ type crosses this boundary: every entry point on both sides is
 *    noexcept in effect and reports failure as a kmcp_status plus a copied message.
 */
#ifndef KMCP_PLUGIN_H
#define KMCP_PLUGIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define KMCP_ABI_MAJOR 1
#define KMCP_ABI_MINOR 1 /* 1.1: kmcp_plugin_api.on_configure */

/* Name of the one symbol a plugin exports. */
#define KMCP_PLUGIN_INIT_SYMBOL "kmcp_plugin_init"

#if defined(_WIN32)
#define KMCP_EXPORT __declspec(dllexport)
#else
#define KMCP_EXPORT __attribute__((visibility("default")))
#endif

/* True when `table` (a pointer) was built long enough to contain `field`. */
#define KMCP_HAS_FIELD(table, field)                                                                         \
    ((table) != NULL &&                                                                                      \
     (table)->header.struct_size >= offsetof(__typeof__(*(table)), field) + sizeof((table)->field))

/* Leading fields of every versioned table.
 * OWNERSHIP: embedded by value in its table. */
typedef struct kmcp_abi_header {
    uint32_t struct_size; /* sizeof the table as the producer compiled it */
    uint16_t abi_major;
    uint16_t abi_minor;
} kmcp_abi_header;

/* A UTF-8 string slice; ptr may be NULL only when len == 0.
 * OWNERSHIP: borrowed; valid as documented by the function that hands it over. */
typedef struct kmcp_str {
    const char* ptr;
    size_t len;
} kmcp_str;

/* Outcome of any call across the boundary. */
typedef enum kmcp_status {
    KMCP_STATUS_OK = 0,
    KMCP_STATUS_INVALID_ARGUMENT = 1, /* the caller's input is wrong; message says which field */
    KMCP_STATUS_NOT_FOUND = 2,
    KMCP_STATUS_DENIED = 3,      /* host policy (read-only, denied resource) refused the request */
    KMCP_STATUS_UNAVAILABLE = 4, /* the cluster or another dependency cannot be reached */
    KMCP_STATUS_CANCELLED = 5,   /* the MCP client cancelled the call */
    KMCP_STATUS_TIMEOUT = 6,
    KMCP_STATUS_TOO_LARGE = 7, /* a response or output bound was exceeded */
    KMCP_STATUS_UNSUPPORTED = 8,
    KMCP_STATUS_INTERNAL = 9,
    KMCP_STATUS_VERSION_MISMATCH = 10
} kmcp_status;

typedef enum kmcp_log_level {
    KMCP_LOG_DEBUG = 0,
    KMCP_LOG_INFO = 1,
    KMCP_LOG_WARNING = 2,
    KMCP_LOG_ERROR = 3
} kmcp_log_level;

/* Tool annotation bits (MCP ToolAnnotations hints). */
#define KMCP_TOOL_READ_ONLY 0x1u
#define KMCP_TOOL_DESTRUCTIVE 0x2u
#define KMCP_TOOL_IDEMPOTENT 0x4u
#define KMCP_TOOL_OPEN_WORLD 0x8u

/* Opaque handles. All are owned by the host. */
typedef struct kmcp_host kmcp_host;                   /* the host, for init-time calls and logging */
typedef struct kmcp_request kmcp_request;             /* one tool call or prompt get; valid during it */
typedef struct kmcp_error kmcp_error;                 /* an error slot the other side fills */
typedef struct kmcp_kube_response kmcp_kube_response; /* a finished Kubernetes API response */

/* A tool the plugin offers.
 * OWNERSHIP: borrowed by the host during kmcp_host_tool_register, which copies every field. */
typedef struct kmcp_tool_def {
    kmcp_abi_header header;
    kmcp_str name;  /* e.g. "pods_list"; unique across all loaded toolsets */
    kmcp_str title; /* human title; may be empty */
    kmcp_str description;
    kmcp_str input_schema_json;  /* JSON Schema object; the host validates arguments against it */
    kmcp_str output_schema_json; /* optional JSON Schema of structuredContent; empty when none */
    uint32_t annotations;        /* KMCP_TOOL_* bits */
    /* Cluster tools get the optional `context` argument added by the host when several contexts
     * exist, and a user-scoped Kubernetes client; non-cluster tools (false) get neither. */
    bool targets_cluster;
} kmcp_tool_def;

/* One argument of a prompt.
 * OWNERSHIP: borrowed; copied by the host during kmcp_host_prompt_register. */
typedef struct kmcp_prompt_arg {
    kmcp_str name;
    kmcp_str description;
    bool required;
} kmcp_prompt_arg;

/* A prompt the plugin offers; the host calls on_prompt_get to render it.
 * OWNERSHIP: borrowed; copied by the host during kmcp_host_prompt_register. */
typedef struct kmcp_prompt_def {
    kmcp_abi_header header;
    kmcp_str name;
    kmcp_str title;
    kmcp_str description;
    const kmcp_prompt_arg* args;
    size_t arg_count;
} kmcp_prompt_def;

/* A name/value pair (HTTP headers, query parameters).
 * OWNERSHIP: borrowed for the duration of the call that receives it. */
typedef struct kmcp_pair {
    kmcp_str name;
    kmcp_str value;
} kmcp_pair;

/* A request to the Kubernetes API of the call's target cluster, made as the caller.
 * `path` is the API path without query ("/api/v1/namespaces/default/pods"); `query` is the raw,
 * already percent-encoded query string without '?'. The host adds credentials, enforces policy
 * (read-only, denied resources) on every request, and audits it.
 * OWNERSHIP: borrowed by the host for the duration of the call it is passed to. */
typedef struct kmcp_kube_request {
    kmcp_abi_header header;
    kmcp_str method; /* GET, POST, PUT, PATCH, DELETE */
    kmcp_str path;
    kmcp_str query;
    kmcp_str body;
    kmcp_str content_type; /* of body, e.g. application/apply-patch+yaml */
    kmcp_str accept;       /* empty → application/json */
    const kmcp_pair* headers;
    size_t header_count;
    uint32_t timeout_ms; /* 0 → host default */
} kmcp_kube_request;

/* Stream channel numbers delivered to kmcp_on_stream_chunk.
 * Plain HTTP streams (logs) deliver KMCP_CHANNEL_BODY; exec delivers the channel.k8s.io numbers. */
#define KMCP_CHANNEL_BODY 0xFFFFu
#define KMCP_CHANNEL_STDIN 0u
#define KMCP_CHANNEL_STDOUT 1u
#define KMCP_CHANNEL_STDERR 2u
#define KMCP_CHANNEL_ERROR 3u /* exec: the v4/v5 JSON Status describing the exit */

/* Receives one chunk of a streaming response, in order. Return false to stop the stream early
 * (e.g. enough log lines). Called on the plugin's calling thread, never concurrently.
 * OWNERSHIP: `data` is borrowed for the duration of this callback only. */
typedef bool (*kmcp_on_stream_chunk)(void* user, uint32_t channel, kmcp_str data);

/* How a stream is opened. */
typedef enum kmcp_stream_kind {
    KMCP_STREAM_HTTP = 0,     /* chunked HTTP body (pods/log with follow, watches) */
    KMCP_STREAM_WEBSOCKET = 1 /* channel.k8s.io WebSocket (pods/exec, attach) */
} kmcp_stream_kind;

/* Extra input for a stream.
 * OWNERSHIP: borrowed for the duration of kmcp_host_kube_stream. */
typedef struct kmcp_stream_options {
    kmcp_abi_header header;
    kmcp_stream_kind kind;
    kmcp_str stdin_data; /* WebSocket: sent on channel 0 then stdin is closed */
    uint64_t max_bytes;  /* host stops the stream after this many payload bytes (0 → host limit) */
} kmcp_stream_options;

/* The caller as the host authenticated it. For display and decisions that are not security
 * decisions: the cluster's RBAC, reached through kube requests, is the authority.
 * OWNERSHIP: borrowed; valid until the end of the current tool call. */
typedef struct kmcp_caller {
    kmcp_abi_header header;
    kmcp_str subject;  /* stable id (OIDC sub), empty when unauthenticated */
    kmcp_str username; /* display name, e.g. preferred_username */
    const kmcp_str* groups;
    size_t group_count;
} kmcp_caller;

/* Callbacks the host implements. A plugin receives a pointer to this table in kmcp_plugin_init;
 * the table stays valid until the plugin is unloaded.
 * OWNERSHIP: owned by the host; the plugin must not modify it. */
typedef struct kmcp_host_api {
    kmcp_abi_header header;
    kmcp_host* host;

    /* ---- init time only (inside kmcp_plugin_init) ---- */

    /* kmcp_host_toolset_describe: names the toolset this plugin provides ("core", "helm", …).
     * Must be called exactly once before tools are registered. */
    kmcp_status (*toolset_describe)(kmcp_host* host, kmcp_str name, kmcp_str description);
    /* kmcp_host_tool_register: adds a tool; the host copies the definition. */
    kmcp_status (*tool_register)(kmcp_host* host, const kmcp_tool_def* tool);
    /* kmcp_host_prompt_register: adds a prompt; the host copies the definition. */
    kmcp_status (*prompt_register)(kmcp_host* host, const kmcp_prompt_def* prompt);
    /* kmcp_host_config_get: this toolset's configuration (`toolset_configs.<name>` from the TOML
     * file) as a JSON object text, "{}" when absent.
     * OWNERSHIP: *out is valid until kmcp_plugin_init returns; copy what you keep. */
    kmcp_status (*config_get)(kmcp_host* host, kmcp_str* out);

    /* ---- any time ---- */

    /* kmcp_host_log_write: one log line through the host's logger (never stdout). `request` may be
     * NULL; when set the line carries the call's correlation fields. */
    void (*log_write)(kmcp_host* host, kmcp_request* request, kmcp_log_level level, kmcp_str message);

    /* ---- per request (inside on_tool_call / on_prompt_get, on the calling thread) ---- */

    /* kmcp_host_kube_request: performs one Kubernetes API request as the caller and waits for it.
     * On KMCP_STATUS_OK *out holds the response (any HTTP status, including 4xx/5xx: inspect it).
     * A non-OK status means no response exists (policy refusal, unreachable cluster, cancelled);
     * the reason is in kmcp_host_request_error.
     * OWNERSHIP: *out is owned by the host; release it with kube_response_release. Responses not
     * released are freed when the tool call ends. */
    kmcp_status (*kube_request)(kmcp_request* request, const kmcp_kube_request* kube,
                                kmcp_kube_response** out);
    /* kmcp_host_kube_response_status / _body / _header: read a response.
     * OWNERSHIP: returned slices are valid until the response is released. */
    int32_t (*kube_response_status)(const kmcp_kube_response* response);
    kmcp_str (*kube_response_body)(const kmcp_kube_response* response);
    kmcp_str (*kube_response_header)(const kmcp_kube_response* response, kmcp_str name);
    /* kmcp_host_kube_response_message: for a non-2xx response, the Kubernetes Status message (or
     * the body's first line), suitable to show a user verbatim; empty on success. */
    kmcp_str (*kube_response_message)(const kmcp_kube_response* response);
    /* kmcp_host_kube_response_release: frees a response (NULL is accepted). */
    void (*kube_response_release)(kmcp_kube_response* response);

    /* kmcp_host_kube_stream: opens a streaming request as the caller and delivers its payload to
     * `on_chunk` until the server ends it, the callback returns false, the byte bound is hit or
     * the call is cancelled. On OK, *http_status holds the response status (101 for WebSocket).
     * Policy is enforced as for kube_request (exec is a write: `create pods/exec`). */
    kmcp_status (*kube_stream)(kmcp_request* request, const kmcp_kube_request* kube,
                               const kmcp_stream_options* options, kmcp_on_stream_chunk on_chunk, void* user,
                               int32_t* http_status);

    /* kmcp_host_request_error: message of the last failed host call on this request.
     * OWNERSHIP: valid until the next host call on the same request. */
    kmcp_str (*request_error)(kmcp_request* request);
    /* kmcp_host_request_context: the kubeconfig context this call targets (empty without one). */
    kmcp_str (*request_context)(kmcp_request* request);
    /* kmcp_host_request_namespace: the target context's default namespace ("default" if unset). */
    kmcp_str (*request_namespace)(kmcp_request* request);
    /* kmcp_host_request_caller: fills *out with the authenticated caller. */
    kmcp_status (*request_caller)(kmcp_request* request, kmcp_caller* out);
    /* kmcp_host_request_cancelled: true once the MCP client cancelled or the deadline passed. */
    bool (*request_cancelled)(kmcp_request* request);
    /* kmcp_host_request_progress: sends notifications/progress when the client asked for it
     * (no-op otherwise). `total` <= 0 means unknown. */
    void (*request_progress)(kmcp_request* request, double progress, double total, kmcp_str message);
    /* kmcp_host_request_info: read-only host facts as JSON text, by key:
     *   "server"      {"version", "list_output", "read_only", "disable_destructive", ...}
     *   "contexts"    [{"name","cluster","server","namespace","current"}]   (no credentials)
     *   "kubeconfig"  {"minified": bool} in `args_json` → {"yaml": "..."} with credentials redacted
     *   "cluster"     {"openshift": bool, "version": {...}} for the call's target (its /version)
     *   "rest_mapping" {"apiVersion","kind"} in `args_json` (kind may also be a resource name or
     *                 short name) → {"group","version","kind","resource","namespaced","verbs":[…]},
     *                 from the host's shared discovery cache (KMCP_STATUS_NOT_FOUND if unknown)
     *   "api_versions" ["v1","apps/v1",…, "apps/v1/Deployment",…] served by the target cluster
     *   "discovery_invalidate" {} → {} forces a discovery refresh (after applying CRDs)
     * Unknown keys answer KMCP_STATUS_UNSUPPORTED.
     * OWNERSHIP: *out valid until the next host call on the same request. */
    kmcp_status (*request_info)(kmcp_request* request, kmcp_str key, kmcp_str args_json, kmcp_str* out);

    /* kmcp_host_result_text: appends a text content item to the result. The host copies it. */
    kmcp_status (*result_text)(kmcp_request* request, kmcp_str text);
    /* kmcp_host_result_structured: sets structuredContent (a JSON object text). The host copies it. */
    kmcp_status (*result_structured)(kmcp_request* request, kmcp_str json);
    /* kmcp_host_result_error: marks the result isError and appends `message` as text. */
    kmcp_status (*result_error)(kmcp_request* request, kmcp_str message);

    /* kmcp_host_error_set: fills an error slot the host handed in (init and call failures). The host
     * copies the message. */
    void (*error_set)(kmcp_error* error, kmcp_status status, kmcp_str message);
} kmcp_host_api;

/* kmcp_on_tool_call: runs one tool. `args_json` is the validated arguments object (the host has
 * removed `context`). The result is built with the host's result_* callbacks. Returning a non-OK
 * status, with or without error_set, makes the call an isError result; the host never lets a
 * plugin failure end the server. Runs on a host worker thread; several calls may run at once.
 * OWNERSHIP: all arguments are borrowed for the duration of the call. */
typedef kmcp_status (*kmcp_on_tool_call)(void* plugin_ctx, kmcp_str tool, kmcp_str args_json,
                                         kmcp_request* request, kmcp_error* error);

/* kmcp_on_prompt_get: renders a prompt as MCP messages: write a JSON array text of
 * {"role","content":{"type":"text","text"}} objects through result_text (one call).
 * OWNERSHIP: as for kmcp_on_tool_call. */
typedef kmcp_status (*kmcp_on_prompt_get)(void* plugin_ctx, kmcp_str prompt, kmcp_str args_json,
                                          kmcp_request* request, kmcp_error* error);

/* kmcp_on_plugin_unload: last call before the library is closed; frees plugin_ctx. */
typedef void (*kmcp_on_plugin_unload)(void* plugin_ctx);

/* kmcp_on_plugin_configure (ABI 1.1): the toolset's configuration changed (SIGHUP reload); `config_json`
 * is the new `toolset_configs.<name>` object. Runs on the main thread while no call of this plugin
 * is being started; calls already running may still be in flight. Non-OK keeps the old settings.
 * OWNERSHIP: arguments borrowed for the duration of the call. */
typedef kmcp_status (*kmcp_on_plugin_configure)(void* plugin_ctx, kmcp_str config_json, kmcp_error* error);

/* Functions the plugin implements, filled in by kmcp_plugin_init.
 * OWNERSHIP: the host provides the storage (zeroed, header.struct_size set to the host's size);
 * the plugin writes its own header.* then the fields it knows. */
typedef struct kmcp_plugin_api {
    kmcp_abi_header header;
    void* plugin_ctx;
    kmcp_on_tool_call on_tool_call;
    kmcp_on_prompt_get on_prompt_get; /* may be NULL when the plugin registers no prompt */
    kmcp_on_plugin_unload on_unload;  /* may be NULL */
    /* ---- ABI 1.1 ---- */
    kmcp_on_plugin_configure on_configure; /* may be NULL; read only when KMCP_HAS_FIELD says so */
} kmcp_plugin_api;

/* kmcp_plugin_init: the one exported entry point, called once on the host's main thread right
 * after loading. The plugin checks host->header (major must equal its own), sets api->header to
 * the version it was built against, describes its toolset and registers tools and prompts.
 * Returning non-OK (with error_set) makes the host unload the library and log the reason.
 * OWNERSHIP: `host` outlives the plugin; `api` is host storage; `error` valid during the call. */
typedef kmcp_status (*kmcp_plugin_init_fn)(const kmcp_host_api* host, kmcp_plugin_api* api,
                                           kmcp_error* error);

#ifdef __cplusplus
}
#endif

#endif /* KMCP_PLUGIN_H */
