#include "http/Router.hpp"

#include "obs/Log.hpp"

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <chrono>

namespace kmcp::http {
namespace {

constexpr const char* kAllowHeaders = "Content-Type, Authorization, Mcp-Session-Id, MCP-Protocol-Version, "
                                      "Last-Event-ID, Accept";
constexpr const char* kExposeHeaders = "Mcp-Session-Id, WWW-Authenticate";

bool isObservabilityPath(const std::string& path) {
    return path == "/healthz" || path == "/metrics" || path == "/stats";
}

bool isMcpPath(const std::string& path) {
    return path == "/mcp" || path == "/sse" || path == "/message";
}

std::string pathOf(const std::string& uri) {
    return uri.substr(0, uri.find_first_of("?#"));
}

Reply methodNotAllowed(const std::string& allow) {
    Reply r = Reply::json(405, {{"error", "method not allowed"}});
    r.headers.emplace_back("Allow", allow);
    return r;
}

} // namespace

Router::Router(const RouterOptions& options, std::shared_ptr<MessageHandler> handler, obs::Metrics& metrics)
    : state_{std::move(handler), metrics, options.stateless, options.maxBodyBytes, options.pingInterval, {}},
      streamable_(state_), legacy_(state_), origins_(options.bindAddress, options.serverUrl),
      limiter_(options.rateLimitRps, options.rateLimitBurst), trustProxyHeaders_(options.trustProxyHeaders) {}

const RouteHandler* Router::findExtraRoute(const std::string& path, std::string* label) const {
    if (auto it = exactRoutes_.find(path); it != exactRoutes_.end()) {
        if (label) *label = it->first;
        return &it->second;
    }
    // Longest registered prefix wins ("/.well-known/x" and "/.well-known/x/…").
    const RouteHandler* best = nullptr;
    size_t bestLen = 0;
    for (const auto& [prefix, handler] : prefixRoutes_) {
        if (path.rfind(prefix, 0) == 0 && prefix.size() >= bestLen) {
            best = &handler;
            bestLen = prefix.size();
            if (label) *label = prefix;
        }
    }
    return best;
}

std::string Router::routeLabel(const std::string& path, Listener which) const {
    if (isObservabilityPath(path)) return path;
    if (which == Listener::Main) {
        if (isMcpPath(path)) return path;
        std::string label;
        if (findExtraRoute(path, &label)) return label;
    }
    // One label for every unknown path keeps the metric's cardinality bounded.
    return "unmatched";
}

std::string Router::clientKey(const Poco::Net::HTTPServerRequest& request) const {
    if (trustProxyHeaders_) {
        const std::string forwarded = request.get("X-Forwarded-For", "");
        if (!forwarded.empty()) {
            std::string first = forwarded.substr(0, forwarded.find(','));
            const auto b = first.find_first_not_of(' ');
            const auto e = first.find_last_not_of(' ');
            if (b != std::string::npos) return first.substr(b, e - b + 1);
        }
    }
    return request.clientAddress().host().toString();
}

void Router::applyCors(Exchange& ex, const std::string& origin) const {
    if (origin.empty()) return;
    auto& response = ex.response();
    response.set("Access-Control-Allow-Origin", origin);
    response.set("Vary", "Origin");
    response.set("Access-Control-Expose-Headers", kExposeHeaders);
}

bool Router::opensStream(const Poco::Net::HTTPServerRequest& request) const {
    if (request.getMethod() != "GET") return false;
    const std::string path = pathOf(request.getURI());
    return path == "/mcp" || path == "/sse";
}

void Router::dispatch(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
                      Listener which) {
    const auto started = std::chrono::steady_clock::now();
    Exchange ex(request, response);
    const std::string path = pathOf(request.getURI());
    bool recorded = false;
    auto record = [&](int status) {
        recorded = true;
        const auto elapsed =
            std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
        state_.metrics.recordHttpRequest(request.getMethod(), routeLabel(path, which), status, elapsed);
        obs::info(4, "http: {} {} → {} ({} µs)", request.getMethod(), path, status, elapsed.count());
    };
    ex.onSend(record);
    try {
        serve(ex, path, which);
    } catch (const std::exception& e) {
        obs::error("http: {} {} failed: {}", request.getMethod(), path, e.what());
        if (!ex.sent()) {
            try {
                ex.send(Reply::rpcError(500, mcp::rpc::InternalError, "Internal error"));
            } catch (const std::exception&) {
            }
        }
    }
    if (!recorded) record(static_cast<int>(response.getStatus()));
}

bool Router::serveObservability(Exchange& ex, const std::string& path) {
    if (!isObservabilityPath(path)) return false;
    const std::string& method = ex.request().getMethod();
    if (method != "GET" && method != "HEAD") {
        ex.send(methodNotAllowed("GET, HEAD"));
        return true;
    }
    if (path == "/healthz") {
        ex.send(Reply::json(200, {{"status", "ok"}}));
        return true;
    }
    // Idle expiry happens inside the session table, so read the live count at scrape time.
    state_.refreshSessionGauge();
    if (path == "/metrics")
        ex.send(Reply::text(200, state_.metrics.prometheusText(), obs::Metrics::kPrometheusContentType));
    else
        ex.send(Reply::json(200, state_.metrics.stats()));
    return true;
}

void Router::serve(Exchange& ex, const std::string& path, Listener which) {
    auto& request = ex.request();
    if (which == Listener::Metrics) {
        if (!serveObservability(ex, path)) ex.send(Reply::json(404, {{"error", "not found"}}));
        return;
    }

    const std::string origin = request.get("Origin", "");
    if (auto why = origins_.check(origin, request.get("Host", ""))) {
        obs::warn("http: refused {} {} from {}: {}", request.getMethod(), path,
                  request.clientAddress().toString(), *why);
        ex.send(Reply::json(403, {{"error", "forbidden"}, {"reason", *why}}));
        return;
    }
    applyCors(ex, origin);

    const bool known = isObservabilityPath(path) || isMcpPath(path) || findExtraRoute(path, nullptr);
    if (!known) {
        ex.send(Reply::json(404, {{"error", "not found"}}));
        return;
    }
    if (request.getMethod() == "OPTIONS") {
        Reply preflight = Reply::empty(204);
        preflight.headers = {{"Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS"},
                             {"Access-Control-Allow-Headers", kAllowHeaders},
                             {"Access-Control-Max-Age", "86400"}};
        ex.send(preflight);
        return;
    }
    if (limiter_.enabled() && path != "/healthz") {
        if (const int retryAfter = limiter_.acquire(clientKey(request)); retryAfter > 0) {
            Reply r = Reply::json(429, {{"error", "rate limit exceeded"}});
            r.headers.emplace_back("Retry-After", std::to_string(retryAfter));
            ex.send(r);
            return;
        }
    }
    if (serveObservability(ex, path)) return;
    if (isMcpPath(path)) return serveMcp(ex, path);

    const std::string& method = request.getMethod();
    if (method != "GET" && method != "HEAD") return ex.send(methodNotAllowed("GET, HEAD, OPTIONS"));
    ex.send((*findExtraRoute(path, nullptr))(request));
}

void Router::serveMcp(Exchange& ex, const std::string& path) {
    mcp::Caller caller;
    if (authenticator_) {
        AuthOutcome outcome = authenticator_(ex.request());
        if (!outcome.allowed) return ex.send(outcome.rejection);
        caller = std::move(outcome.caller);
    }
    const std::string& method = ex.request().getMethod();
    if (path == "/mcp") return streamable_.handle(ex, caller);
    if (path == "/sse") {
        if (method != "GET") return ex.send(methodNotAllowed("GET, OPTIONS"));
        return legacy_.openStream(ex, caller);
    }
    if (method != "POST") return ex.send(methodNotAllowed("POST, OPTIONS"));
    legacy_.postMessage(ex, caller);
}

} // namespace kmcp::http
