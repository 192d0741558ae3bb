#include "plugins/HostApi.hpp"

#include "obs/Log.hpp"
#include "plugins/CallContext.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <string_view>

namespace kmcp::plugins {
namespace {

using nlohmann::json;

std::string_view view(kmcp_str s) {
    return s.ptr ? std::string_view(s.ptr, s.len) : std::string_view();
}
kmcp_str slice(const std::string& s) {
    return kmcp_str{s.data(), s.size()};
}

kmcp_status statusOf(Error::Code code) {
    switch (code) {
    case Error::Code::InvalidArgument:
        return KMCP_STATUS_INVALID_ARGUMENT;
    case Error::Code::NotFound:
        return KMCP_STATUS_NOT_FOUND;
    case Error::Code::Denied:
    case Error::Code::Unauthenticated:
        return KMCP_STATUS_DENIED;
    case Error::Code::Unavailable:
        return KMCP_STATUS_UNAVAILABLE;
    case Error::Code::Timeout:
        return KMCP_STATUS_TIMEOUT;
    case Error::Code::TooLarge:
        return KMCP_STATUS_TOO_LARGE;
    case Error::Code::Cancelled:
        return KMCP_STATUS_CANCELLED;
    default:
        return KMCP_STATUS_INTERNAL;
    }
}

// Every entry point: no exception may leave the host through the C boundary.
template <typename Fn> kmcp_status barrier(kmcp_request* r, Fn&& fn) noexcept {
    try {
        return fn();
    } catch (const std::exception& e) {
        if (r) r->lastError = e.what();
        return KMCP_STATUS_INTERNAL;
    } catch (...) {
        if (r) r->lastError = "unknown host error";
        return KMCP_STATUS_INTERNAL;
    }
}

kmcp_status fail(kmcp_request* r, kmcp_status st, std::string message) {
    r->lastError = std::move(message);
    return st;
}

bool versionOk(const kmcp_abi_header& h) {
    return h.abi_major == KMCP_ABI_MAJOR;
}

// Reads an ABI table defensively: fields past the producer's struct_size stay zero.
template <typename T> T readTable(const T* in) {
    T out{};
    size_t n = std::min<size_t>(in->header.struct_size, sizeof(T));
    std::memcpy(&out, in, n);
    return out;
}

KubeCall toCall(const kmcp_kube_request* k) {
    auto in = readTable(k);
    KubeCall c;
    c.method = std::string(view(in.method));
    c.path = std::string(view(in.path));
    c.query = std::string(view(in.query));
    c.body = std::string(view(in.body));
    c.contentType = std::string(view(in.content_type));
    c.accept = std::string(view(in.accept));
    for (size_t i = 0; i < in.header_count && in.headers; ++i)
        c.headers.emplace_back(std::string(view(in.headers[i].name)), std::string(view(in.headers[i].value)));
    c.timeoutMs = in.timeout_ms;
    return c;
}

kmcp_status hostToolsetDescribe(kmcp_host* h, kmcp_str name, kmcp_str description) noexcept {
    if (!h || !h->initialising) return KMCP_STATUS_UNSUPPORTED;
    if (!h->toolsetName.empty()) return KMCP_STATUS_INVALID_ARGUMENT;
    if (name.len == 0) return KMCP_STATUS_INVALID_ARGUMENT;
    try {
        h->toolsetName = std::string(view(name));
        h->toolsetDescription = std::string(view(description));
        return KMCP_STATUS_OK;
    } catch (...) {
        return KMCP_STATUS_INTERNAL;
    }
}

bool validName(std::string_view n) {
    if (n.empty() || n.size() > 128) return false;
    return std::all_of(n.begin(), n.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
    });
}

kmcp_status hostToolRegister(kmcp_host* h, const kmcp_tool_def* def) noexcept {
    if (!h || !h->initialising || !def) return KMCP_STATUS_UNSUPPORTED;
    try {
        auto fail = [&](const std::string& why) {
            if (h->registrationError.empty()) h->registrationError = why;
            return KMCP_STATUS_INVALID_ARGUMENT;
        };
        if (h->toolsetName.empty()) return fail("tool registered before toolset_describe");
        if (!versionOk(def->header) || def->header.struct_size < offsetof(kmcp_tool_def, annotations))
            return fail("kmcp_tool_def has an incompatible version or size");
        auto in = readTable(def);
        ToolDefinition t;
        t.name = std::string(view(in.name));
        if (!validName(t.name)) return fail("invalid tool name '" + t.name + "'");
        t.title = std::string(view(in.title));
        t.description = std::string(view(in.description));
        t.inputSchema = in.input_schema_json.len ? json::parse(view(in.input_schema_json)) : json::object();
        if (!t.inputSchema.is_object()) return fail("input schema of '" + t.name + "' is not a JSON object");
        if (!t.inputSchema.contains("type")) t.inputSchema["type"] = "object";
        if (in.output_schema_json.len) t.outputSchema = json::parse(view(in.output_schema_json));
        t.annotations = in.annotations;
        t.targetsCluster = KMCP_HAS_FIELD(def, targets_cluster) ? in.targets_cluster : true;
        for (const auto& existing : h->tools)
            if (existing.name == t.name) return fail("tool '" + t.name + "' registered twice");
        h->tools.push_back(std::move(t));
        return KMCP_STATUS_OK;
    } catch (const std::exception& e) {
        if (h->registrationError.empty())
            h->registrationError = std::string("bad tool definition: ") + e.what();
        return KMCP_STATUS_INVALID_ARGUMENT;
    } catch (...) {
        return KMCP_STATUS_INTERNAL;
    }
}

kmcp_status hostPromptRegister(kmcp_host* h, const kmcp_prompt_def* def) noexcept {
    if (!h || !h->initialising || !def) return KMCP_STATUS_UNSUPPORTED;
    try {
        if (!versionOk(def->header)) return KMCP_STATUS_VERSION_MISMATCH;
        auto in = readTable(def);
        PromptDefinition p;
        p.name = std::string(view(in.name));
        if (!validName(p.name)) return KMCP_STATUS_INVALID_ARGUMENT;
        p.title = std::string(view(in.title));
        p.description = std::string(view(in.description));
        for (size_t i = 0; i < in.arg_count && in.args; ++i)
            p.arguments.push_back({std::string(view(in.args[i].name)),
                                   std::string(view(in.args[i].description)), in.args[i].required});
        h->prompts.push_back(std::move(p));
        return KMCP_STATUS_OK;
    } catch (...) {
        return KMCP_STATUS_INTERNAL;
    }
}

kmcp_status hostConfigGet(kmcp_host* h, kmcp_str* out) noexcept {
    if (!h || !out || !h->initialising) return KMCP_STATUS_UNSUPPORTED;
    *out = slice(h->configJson);
    return KMCP_STATUS_OK;
}

void hostLogWrite(kmcp_host* h, kmcp_request* r, kmcp_log_level level, kmcp_str message) noexcept {
    try {
        std::string origin = h && !h->toolsetName.empty() ? h->toolsetName : "plugin";
        std::string who = r ? " user=" + r->caller.username + " context=" + r->contextName : "";
        std::string line = "[" + origin + "]" + who + " " + std::string(view(message));
        switch (level) {
        case KMCP_LOG_ERROR:
            obs::error("{}", line);
            break;
        case KMCP_LOG_WARNING:
            obs::warn("{}", line);
            break;
        case KMCP_LOG_INFO:
            obs::info(2, "{}", line);
            break;
        default:
            obs::info(5, "{}", line);
            break;
        }
    } catch (...) {
        // Logging must never fail a plugin.
    }
}

kmcp_status hostKubeRequest(kmcp_request* r, const kmcp_kube_request* k, kmcp_kube_response** out) noexcept {
    if (!r || !k || !out) return KMCP_STATUS_INVALID_ARGUMENT;
    return barrier(r, [&] {
        *out = nullptr;
        if (!r->cluster)
            return fail(r, KMCP_STATUS_UNSUPPORTED, "this tool was not registered as a cluster tool");
        if (!versionOk(k->header)) return fail(r, KMCP_STATUS_VERSION_MISMATCH, "kmcp_kube_request version");
        if (r->cancelled && r->cancelled->load()) return fail(r, KMCP_STATUS_CANCELLED, "request cancelled");
        auto res = r->cluster->request(toCall(k), r->cancelled);
        if (!res) return fail(r, statusOf(res.error().code), res.error().message);
        auto resp = std::make_unique<kmcp_kube_response>();
        resp->result = std::move(res.value());
        resp->owner = r;
        *out = resp.get();
        r->responses.emplace(resp.get(), std::move(resp));
        return KMCP_STATUS_OK;
    });
}

int32_t hostKubeResponseStatus(const kmcp_kube_response* resp) noexcept {
    return resp ? resp->result.status : 0;
}
kmcp_str hostKubeResponseBody(const kmcp_kube_response* resp) noexcept {
    return resp ? slice(resp->result.body) : kmcp_str{};
}
kmcp_str hostKubeResponseMessage(const kmcp_kube_response* resp) noexcept {
    return resp ? slice(resp->result.message) : kmcp_str{};
}
kmcp_str hostKubeResponseHeader(const kmcp_kube_response* resp, kmcp_str name) noexcept {
    if (!resp) return {};
    auto want = view(name);
    for (const auto& [k, v] : resp->result.headers) {
        if (k.size() == want.size() && std::equal(k.begin(), k.end(), want.begin(), [](char a, char b) {
                return std::tolower(a) == std::tolower(b);
            }))
            return slice(v);
    }
    return {};
}

void hostKubeResponseRelease(kmcp_kube_response* resp) noexcept {
    if (!resp || !resp->owner) return;
    resp->owner->responses.erase(resp); // destroys it
}

kmcp_status hostKubeStream(kmcp_request* r, const kmcp_kube_request* k, const kmcp_stream_options* opts,
                           kmcp_on_stream_chunk onChunk, void* user, int32_t* httpStatus) noexcept {
    if (!r || !k || !onChunk) return KMCP_STATUS_INVALID_ARGUMENT;
    return barrier(r, [&] {
        if (!r->cluster)
            return fail(r, KMCP_STATUS_UNSUPPORTED, "this tool was not registered as a cluster tool");
        if (!versionOk(k->header)) return fail(r, KMCP_STATUS_VERSION_MISMATCH, "kmcp_kube_request version");
        kmcp_stream_options o{};
        if (opts) o = readTable(opts);
        auto kind = o.kind == KMCP_STREAM_WEBSOCKET ? StreamKind::WebSocket : StreamKind::Http;
        ChunkFn fn = [&](uint32_t channel, std::string_view data) {
            return onChunk(user, channel, kmcp_str{data.data(), data.size()});
        };
        auto res = r->cluster->stream(toCall(k), kind, view(o.stdin_data), o.max_bytes, fn, r->cancelled);
        if (!res) return fail(r, statusOf(res.error().code), res.error().message);
        if (httpStatus) *httpStatus = res.value();
        return KMCP_STATUS_OK;
    });
}

kmcp_str hostRequestError(kmcp_request* r) noexcept {
    return r ? slice(r->lastError) : kmcp_str{};
}
kmcp_str hostRequestContext(kmcp_request* r) noexcept {
    return r ? slice(r->contextName) : kmcp_str{};
}
kmcp_str hostRequestNamespace(kmcp_request* r) noexcept {
    return r ? slice(r->defaultNamespace) : kmcp_str{};
}

kmcp_status hostRequestCaller(kmcp_request* r, kmcp_caller* out) noexcept {
    if (!r || !out || !versionOk(out->header)) return KMCP_STATUS_INVALID_ARGUMENT;
    // Only the fields of the plugin's version are written.
    kmcp_caller c{};
    c.header = out->header;
    c.subject = slice(r->caller.subject);
    c.username = slice(r->caller.username);
    c.groups = r->groupViews.data();
    c.group_count = r->groupViews.size();
    std::memcpy(out, &c, std::min<size_t>(out->header.struct_size, sizeof(c)));
    return KMCP_STATUS_OK;
}

bool hostRequestCancelled(kmcp_request* r) noexcept {
    return r && r->cancelled && r->cancelled->load();
}

void hostRequestProgress(kmcp_request* r, double progress, double total, kmcp_str message) noexcept {
    if (!r || !r->progress) return;
    try {
        r->progress(progress, total, std::string(view(message)));
    } catch (...) {
        // A client that went away must not fail the tool.
    }
}

kmcp_status hostRequestInfo(kmcp_request* r, kmcp_str key, kmcp_str args, kmcp_str* out) noexcept {
    if (!r || !out) return KMCP_STATUS_INVALID_ARGUMENT;
    return barrier(r, [&] {
        std::string k(view(key));
        json a = args.len ? json::parse(view(args)) : json::object();
        Result<json> res = makeError(Error::Code::NotFound, "");
        if (k == "server") {
            res = r->serverInfo;
        } else if (k == "contexts" || k == "kubeconfig") {
            if (!r->hostInfo) return fail(r, KMCP_STATUS_UNAVAILABLE, "no cluster configuration");
            res = r->hostInfo(k, a);
        } else if (k == "cluster" || k == "rest_mapping" || k == "api_versions" ||
                   k == "discovery_invalidate") {
            if (!r->cluster)
                return fail(r, KMCP_STATUS_UNSUPPORTED, "this tool was not registered as a cluster tool");
            res = r->cluster->info(k, a);
        } else {
            return fail(r, KMCP_STATUS_UNSUPPORTED, "unknown host info key '" + k + "'");
        }
        if (!res) return fail(r, statusOf(res.error().code), res.error().message);
        r->infoBuffer = res.value().dump();
        *out = slice(r->infoBuffer);
        return KMCP_STATUS_OK;
    });
}

kmcp_status hostResultText(kmcp_request* r, kmcp_str text) noexcept {
    if (!r) return KMCP_STATUS_INVALID_ARGUMENT;
    return barrier(r, [&] {
        r->result.content.push_back({{"type", "text"}, {"text", std::string(view(text))}});
        return KMCP_STATUS_OK;
    });
}

kmcp_status hostResultStructured(kmcp_request* r, kmcp_str text) noexcept {
    if (!r) return KMCP_STATUS_INVALID_ARGUMENT;
    return barrier(r, [&] {
        auto j = json::parse(view(text), nullptr, false);
        if (j.is_discarded() || !j.is_object())
            return fail(r, KMCP_STATUS_INVALID_ARGUMENT, "structured content must be a JSON object");
        r->result.structured = std::move(j);
        return KMCP_STATUS_OK;
    });
}

kmcp_status hostResultError(kmcp_request* r, kmcp_str message) noexcept {
    if (!r) return KMCP_STATUS_INVALID_ARGUMENT;
    return barrier(r, [&] {
        r->result.isError = true;
        r->result.content.push_back({{"type", "text"}, {"text", std::string(view(message))}});
        return KMCP_STATUS_OK;
    });
}

void hostErrorSet(kmcp_error* e, kmcp_status status, kmcp_str message) noexcept {
    if (!e) return;
    try {
        e->status = status;
        e->message = std::string(view(message));
    } catch (...) {
        e->status = status;
    }
}

} // namespace

kmcp_host_api makeHostApi(kmcp_host* host) {
    kmcp_host_api api{};
    api.header = {sizeof(kmcp_host_api), KMCP_ABI_MAJOR, KMCP_ABI_MINOR};
    api.host = host;
    api.toolset_describe = hostToolsetDescribe;
    api.tool_register = hostToolRegister;
    api.prompt_register = hostPromptRegister;
    api.config_get = hostConfigGet;
    api.log_write = hostLogWrite;
    api.kube_request = hostKubeRequest;
    api.kube_response_status = hostKubeResponseStatus;
    api.kube_response_body = hostKubeResponseBody;
    api.kube_response_header = hostKubeResponseHeader;
    api.kube_response_message = hostKubeResponseMessage;
    api.kube_response_release = hostKubeResponseRelease;
    api.kube_stream = hostKubeStream;
    api.request_error = hostRequestError;
    api.request_context = hostRequestContext;
    api.request_namespace = hostRequestNamespace;
    api.request_caller = hostRequestCaller;
    api.request_cancelled = hostRequestCancelled;
    api.request_progress = hostRequestProgress;
    api.request_info = hostRequestInfo;
    api.result_text = hostResultText;
    api.result_structured = hostResultStructured;
    api.result_error = hostResultError;
    api.error_set = hostErrorSet;
    return api;
}

} // namespace kmcp::plugins
