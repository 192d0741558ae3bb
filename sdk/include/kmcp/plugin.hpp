// kmcp/plugin.hpp — header-only C++ helpers for writing a toolset plugin against kmcp/plugin.h.
//
// A plugin author writes ordinary C++ (std::string, nlohmann::json, exceptions inside the plugin);
// these helpers turn it into the pure C ABI: only kmcp_* C types cross the boundary, and every
// entry point catches all exceptions and reports them as a status plus message.
//
//   KMCP_PLUGIN(toolset, config) {
//       toolset.describe("hello", "Greetings");
//       toolset.tool({.name = "hello", .description = "Say hello", .inputSchema = ...,
//                     .annotations = KMCP_TOOL_READ_ONLY, .targetsCluster = false},
//                    [](kmcp::sdk::Call& call) { call.text("hello " + call.caller().username); });
//   }
#pragma once

#include "kmcp/plugin.h"

#include <nlohmann/json.hpp>

#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kmcp::sdk {

using json = nlohmann::json;

inline kmcp_str toStr(std::string_view s) {
    return kmcp_str{s.data(), s.size()};
}
inline std::string_view toView(kmcp_str s) {
    return s.ptr ? std::string_view(s.ptr, s.len) : std::string_view();
}

template <typename T> T versioned() {
    T t{};
    t.header.struct_size = sizeof(T);
    t.header.abi_major = KMCP_ABI_MAJOR;
    t.header.abi_minor = KMCP_ABI_MINOR;
    return t;
}

// Thrown inside plugin code; converted to a status and message at the ABI boundary.
class Error : public std::runtime_error {
public:
    Error(kmcp_status status, const std::string& message) : std::runtime_error(message), status_(status) {}
    kmcp_status status() const { return status_; }

private:
    kmcp_status status_;
};

inline Error invalidArgument(const std::string& message) {
    return Error(KMCP_STATUS_INVALID_ARGUMENT, message);
}

struct ToolSpec {
    std::string name{};
    std::string title{};
    std::string description{};
    json inputSchema = json{{"type", "object"}, {"properties", json::object()}};
    json outputSchema{}; // null → none
    uint32_t annotations = 0;
    bool targetsCluster = true;
};

struct PromptArg {
    std::string name{};
    std::string description{};
    bool required = false;
};

struct PromptSpec {
    std::string name{};
    std::string title{};
    std::string description{};
    std::vector<PromptArg> args{};
};

struct Caller {
    std::string subject{};
    std::string username{};
    std::vector<std::string> groups{};
};

// A finished Kubernetes API response, copied out of host memory.
struct KubeResponse {
    int status = 0;
    std::string body{};
    std::string message{}; // the API's own Status message for non-2xx responses
    std::string contentType{};

    bool ok() const { return status >= 200 && status < 300; }
    json parsed() const { return json::parse(body); }
};

struct KubeRequest {
    std::string method = "GET";
    std::string path{};
    std::string query{};
    std::string body{};
    std::string contentType{};
    std::string accept{};
    std::vector<std::pair<std::string, std::string>> headers{};
    uint32_t timeoutMs = 0;
};

// The per-call view of the host: arguments, the user-scoped cluster client, and the result.
class Call {
public:
    Call(const kmcp_host_api* host, kmcp_request* request, json args)
        : host_(host), request_(request), args_(std::move(args)) {}

    const json& args() const { return args_; }

    bool has(const std::string& key) const { return args_.contains(key) && !args_[key].is_null(); }
    std::string string(const std::string& key, const std::string& fallback = "") const {
        return has(key) && args_[key].is_string() ? args_[key].get<std::string>() : fallback;
    }
    std::string requireString(const std::string& key) const {
        if (!has(key) || !args_[key].is_string() || args_[key].get<std::string>().empty())
            throw invalidArgument("missing required argument: " + key);
        return args_[key].get<std::string>();
    }
    int64_t integer(const std::string& key, int64_t fallback) const {
        if (!has(key)) return fallback;
        if (args_[key].is_number()) return args_[key].get<int64_t>();
        throw invalidArgument("argument " + key + " must be an integer");
    }
    bool boolean(const std::string& key, bool fallback) const {
        return has(key) && args_[key].is_boolean() ? args_[key].get<bool>() : fallback;
    }

    // Kubernetes API as the caller. Throws Error when no response exists (policy, unreachable);
    // HTTP errors come back as a response whose `message` is the API's own words.
    KubeResponse kube(const KubeRequest& r) {
        std::vector<kmcp_pair> hdrs;
        for (const auto& [k, v] : r.headers)
            hdrs.push_back({toStr(k), toStr(v)});
        auto req = toAbi(r, hdrs);
        kmcp_kube_response* raw = nullptr;
        kmcp_status st = host_->kube_request(request_, &req, &raw);
        if (st != KMCP_STATUS_OK) throw Error(st, lastError());
        KubeResponse out;
        out.status = host_->kube_response_status(raw);
        out.body = std::string(toView(host_->kube_response_body(raw)));
        out.message = std::string(toView(host_->kube_response_message(raw)));
        out.contentType = std::string(toView(host_->kube_response_header(raw, toStr("Content-Type"))));
        host_->kube_response_release(raw);
        return out;
    }
    KubeResponse get(const std::string& path, const std::string& query = "", const std::string& accept = "") {
        KubeRequest r;
        r.path = path;
        r.query = query;
        r.accept = accept;
        return kube(r);
    }
    // Like kube() but turns non-2xx into an Error carrying the API's message.
    KubeResponse kubeOk(const KubeRequest& r) {
        auto resp = kube(r);
        if (!resp.ok())
            throw Error(resp.status == 404   ? KMCP_STATUS_NOT_FOUND
                        : resp.status == 403 ? KMCP_STATUS_DENIED
                                             : KMCP_STATUS_INVALID_ARGUMENT,
                        resp.message.empty() ? "HTTP " + std::to_string(resp.status) : resp.message);
        return resp;
    }

    using ChunkFn = std::function<bool(uint32_t channel, std::string_view data)>;
    // Streams a response (logs: HTTP; exec: WebSocket). Returns the HTTP status.
    int stream(const KubeRequest& r, kmcp_stream_kind kind, const ChunkFn& onChunk,
               std::string_view stdinData = {}, uint64_t maxBytes = 0) {
        std::vector<kmcp_pair> hdrs;
        for (const auto& [k, v] : r.headers)
            hdrs.push_back({toStr(k), toStr(v)});
        auto req = toAbi(r, hdrs);
        auto opts = versioned<kmcp_stream_options>();
        opts.kind = kind;
        opts.stdin_data = toStr(stdinData);
        opts.max_bytes = maxBytes;
        struct Ctx {
            const ChunkFn* fn;
            std::exception_ptr error;
        } ctx{&onChunk, nullptr};
        auto trampoline = [](void* user, uint32_t channel, kmcp_str data) -> bool {
            auto* c = static_cast<Ctx*>(user);
            try {
                return (*c->fn)(channel, toView(data));
            } catch (...) {
                c->error = std::current_exception();
                return false;
            }
        };
        int32_t httpStatus = 0;
        kmcp_status st = host_->kube_stream(request_, &req, &opts, trampoline, &ctx, &httpStatus);
        if (ctx.error) std::rethrow_exception(ctx.error);
        if (st != KMCP_STATUS_OK) throw Error(st, lastError());
        return httpStatus;
    }

    std::string context() const { return std::string(toView(host_->request_context(request_))); }
    std::string defaultNamespace() const { return std::string(toView(host_->request_namespace(request_))); }
    // The namespace argument when given, else the context's default namespace.
    std::string namespaceArg(const std::string& key = "namespace") const {
        auto ns = string(key);
        return ns.empty() ? defaultNamespace() : ns;
    }
    Caller caller() const {
        auto c = versioned<kmcp_caller>();
        Caller out;
        if (host_->request_caller(request_, &c) != KMCP_STATUS_OK) return out;
        out.subject = std::string(toView(c.subject));
        out.username = std::string(toView(c.username));
        for (size_t i = 0; i < c.group_count; ++i)
            out.groups.emplace_back(toView(c.groups[i]));
        return out;
    }
    bool cancelled() const { return host_->request_cancelled(request_); }
    void progress(double done, double total, std::string_view message = {}) {
        host_->request_progress(request_, done, total, toStr(message));
    }
    json info(std::string_view key, const json& args = json::object()) {
        auto a = args.dump();
        kmcp_str out{};
        kmcp_status st = host_->request_info(request_, toStr(key), toStr(a), &out);
        if (st != KMCP_STATUS_OK) throw Error(st, lastError());
        return json::parse(toView(out));
    }
    void log(kmcp_log_level level, std::string_view message) {
        host_->log_write(host_->host, request_, level, toStr(message));
    }

    void text(std::string_view t) { host_->result_text(request_, toStr(t)); }
    void structured(const json& j) {
        auto s = j.dump();
        host_->result_structured(request_, toStr(s));
    }
    void error(std::string_view message) { host_->result_error(request_, toStr(message)); }

private:
    static kmcp_kube_request toAbi(const KubeRequest& r, const std::vector<kmcp_pair>& hdrs) {
        auto req = versioned<kmcp_kube_request>();
        req.method = toStr(r.method);
        req.path = toStr(r.path);
        req.query = toStr(r.query);
        req.body = toStr(r.body);
        req.content_type = toStr(r.contentType);
        req.accept = toStr(r.accept);
        req.headers = hdrs.data();
        req.header_count = hdrs.size();
        req.timeout_ms = r.timeoutMs;
        return req;
    }
    std::string lastError() const { return std::string(toView(host_->request_error(request_))); }

    const kmcp_host_api* host_;
    kmcp_request* request_;
    json args_;
};

using ToolHandler = std::function<void(Call&)>;
// Returns the prompt's messages: [{"role": "user", "content": {"type": "text", "text": "..."}}].
using PromptHandler = std::function<json(Call&)>;

// What a plugin's setup function fills in; owns the handlers for the plugin's lifetime.
class Toolset {
public:
    explicit Toolset(const kmcp_host_api* host) : host_(host) {}

    void describe(const std::string& name, const std::string& description) {
        check(host_->toolset_describe(host_->host, toStr(name), toStr(description)), "toolset " + name);
    }
    void tool(const ToolSpec& spec, ToolHandler handler) {
        auto schema = spec.inputSchema.dump();
        auto output = spec.outputSchema.is_null() ? std::string() : spec.outputSchema.dump();
        auto def = versioned<kmcp_tool_def>();
        def.name = toStr(spec.name);
        def.title = toStr(spec.title);
        def.description = toStr(spec.description);
        def.input_schema_json = toStr(schema);
        def.output_schema_json = toStr(output);
        def.annotations = spec.annotations;
        def.targets_cluster = spec.targetsCluster;
        check(host_->tool_register(host_->host, &def), "tool " + spec.name);
        tools_[spec.name] = std::move(handler);
    }
    void prompt(const PromptSpec& spec, PromptHandler handler) {
        std::vector<kmcp_prompt_arg> args;
        for (const auto& a : spec.args)
            args.push_back({toStr(a.name), toStr(a.description), a.required});
        auto def = versioned<kmcp_prompt_def>();
        def.name = toStr(spec.name);
        def.title = toStr(spec.title);
        def.description = toStr(spec.description);
        def.args = args.data();
        def.arg_count = args.size();
        check(host_->prompt_register(host_->host, &def), "prompt " + spec.name);
        prompts_[spec.name] = std::move(handler);
    }
    const kmcp_host_api* host() const { return host_; }
    // Called with the new `toolset_configs.<name>` object when the server reloads its configuration.
    void onConfigure(std::function<void(const json&)> fn) { configure_ = std::move(fn); }

    // ABI trampolines: the only code paths through which the host enters C++ plugin code.
    static kmcp_status onToolCall(void* ctx, kmcp_str tool, kmcp_str args, kmcp_request* request,
                                  kmcp_error* error) noexcept {
        auto* self = static_cast<Toolset*>(ctx);
        return guard(self->host_, error, [&] {
            auto it = self->tools_.find(std::string(toView(tool)));
            if (it == self->tools_.end()) throw Error(KMCP_STATUS_NOT_FOUND, "unknown tool");
            Call call(self->host_, request, args.len ? json::parse(toView(args)) : json::object());
            it->second(call);
        });
    }
    static kmcp_status onPromptGet(void* ctx, kmcp_str prompt, kmcp_str args, kmcp_request* request,
                                   kmcp_error* error) noexcept {
        auto* self = static_cast<Toolset*>(ctx);
        return guard(self->host_, error, [&] {
            auto it = self->prompts_.find(std::string(toView(prompt)));
            if (it == self->prompts_.end()) throw Error(KMCP_STATUS_NOT_FOUND, "unknown prompt");
            Call call(self->host_, request, args.len ? json::parse(toView(args)) : json::object());
            auto messages = it->second(call).dump();
            self->host_->result_text(request, toStr(messages));
        });
    }
    static void onUnload(void* ctx) noexcept { delete static_cast<Toolset*>(ctx); }
    static kmcp_status onConfigureHook(void* ctx, kmcp_str config, kmcp_error* error) noexcept {
        auto* self = static_cast<Toolset*>(ctx);
        return guard(self->host_, error, [&] {
            if (self->configure_) self->configure_(config.len ? json::parse(toView(config)) : json::object());
        });
    }

    template <typename Fn>
    static kmcp_status guard(const kmcp_host_api* host, kmcp_error* error, Fn&& fn) noexcept {
        try {
            fn();
            return KMCP_STATUS_OK;
        } catch (const Error& e) {
            host->error_set(error, e.status(), toStr(e.what()));
            return e.status();
        } catch (const json::exception& e) {
            host->error_set(error, KMCP_STATUS_INVALID_ARGUMENT, toStr(e.what()));
            return KMCP_STATUS_INVALID_ARGUMENT;
        } catch (const std::exception& e) {
            host->error_set(error, KMCP_STATUS_INTERNAL, toStr(e.what()));
            return KMCP_STATUS_INTERNAL;
        } catch (...) {
            host->error_set(error, KMCP_STATUS_INTERNAL, toStr("unknown exception in plugin"));
            return KMCP_STATUS_INTERNAL;
        }
    }

private:
    static void check(kmcp_status st, const std::string& what) {
        if (st != KMCP_STATUS_OK) throw Error(st, "host refused " + what);
    }

    const kmcp_host_api* host_;
    std::map<std::string, ToolHandler> tools_;
    std::map<std::string, PromptHandler> prompts_;
    std::function<void(const json&)> configure_;
};

using SetupFn = void (*)(Toolset&, const json& config);

// Version handshake, setup and table filling for KMCP_PLUGIN.
inline kmcp_status initPlugin(const kmcp_host_api* host, kmcp_plugin_api* api, kmcp_error* error,
                              SetupFn setup) noexcept {
    if (host == nullptr || api == nullptr) return KMCP_STATUS_INVALID_ARGUMENT;
    if (host->header.abi_major != KMCP_ABI_MAJOR) {
        const char* msg = "plugin built for a different ABI major version";
        host->error_set(error, KMCP_STATUS_VERSION_MISMATCH, kmcp_str{msg, std::strlen(msg)});
        return KMCP_STATUS_VERSION_MISMATCH;
    }
    auto toolset = std::make_unique<Toolset>(host);
    kmcp_status st = Toolset::guard(host, error, [&] {
        kmcp_str cfg{};
        json config = json::object();
        if (host->config_get(host->host, &cfg) == KMCP_STATUS_OK && cfg.len)
            config = json::parse(toView(cfg));
        setup(*toolset, config);
    });
    if (st != KMCP_STATUS_OK) return st;
    // The host's storage may be older (shorter) than this plugin's table: write only what fits.
    const bool hostHasConfigure = KMCP_HAS_FIELD(api, on_configure);
    api->plugin_ctx = toolset.release();
    api->on_tool_call = &Toolset::onToolCall;
    api->on_prompt_get = &Toolset::onPromptGet;
    api->on_unload = &Toolset::onUnload;
    if (hostHasConfigure) api->on_configure = &Toolset::onConfigureHook;
    api->header.struct_size =
        hostHasConfigure ? sizeof(kmcp_plugin_api) : offsetof(kmcp_plugin_api, on_configure);
    api->header.abi_major = KMCP_ABI_MAJOR;
    api->header.abi_minor = KMCP_ABI_MINOR;
    return KMCP_STATUS_OK;
}

} // namespace kmcp::sdk

// Defines the plugin's entry point; the body that follows is the setup function.
#define KMCP_PLUGIN(toolset, config)                                                                         \
    static void kmcpPluginSetup(kmcp::sdk::Toolset& toolset, const nlohmann::json& config);                  \
    extern "C" KMCP_EXPORT kmcp_status kmcp_plugin_init(const kmcp_host_api* host, kmcp_plugin_api* api,     \
                                                        kmcp_error* error) {                                 \
        return kmcp::sdk::initPlugin(host, api, error, &kmcpPluginSetup);                                    \
    }                                                                                                        \
    static void kmcpPluginSetup(kmcp::sdk::Toolset& toolset, [[maybe_unused]] const nlohmann::json& config)
