#pragma once

#include "common/Result.hpp"
#include "config/Config.hpp"
#include "http/Authenticator.hpp"
#include "http/MessageHandler.hpp"
#include "obs/Metrics.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace kmcp::http {

class ConnectionServer;
class Router;

struct HttpServerOptions {
    std::string bindAddress; // "" → all IPv4 interfaces
    uint16_t port = 0;       // 0 → an ephemeral port (see HttpServer::port())
    std::string tlsCert;     // PEM; TLS when both cert and key are set
    std::string tlsKey;
    bool requireTls = false;             // refuse plain HTTP unless bound to loopback
    std::optional<uint16_t> metricsPort; // second listener: /metrics, /stats, /healthz only
    bool stateless = false;
    config::HttpLimits limits;
    std::string serverUrl;                         // public URL; its host passes the Origin/Host checks
    bool trustProxyHeaders = false;                // rate-limit by X-Forwarded-For's first hop
    std::chrono::milliseconds pingInterval{15000}; // SSE keep-alive comments
    std::chrono::seconds keepAliveTimeout{30};     // idle keep-alive connections close after this
    // Requests served at once (tool calls mostly wait on the API server, so a few per core);
    // readable connections beyond that wait in a queue of maxQueued. Idle keep-alive connections
    // hold no worker. Each open SSE stream (GET /mcp, /sse) has a thread of its own, up to
    // maxStreams; more get 503.
    int workers = 16;
    int maxQueued = 1024;
    int maxStreams = 256;

    // From the merged configuration: port/bind_address/tls_*/require_tls/metrics_port/stateless/
    // http.*/server_url/trust_proxy_headers. Fails on an unparsable port.
    static Result<HttpServerOptions> fromConfig(const config::Config& config);
};

// The HTTP side of the host: Streamable HTTP (/mcp), legacy HTTP+SSE (/sse, /message),
// /healthz, /metrics, /stats, extra GET routes, on a ConnectionServer (Poco's HTTP machinery with a
// bounded worker pool).
//
//   HttpServer server(options, std::make_shared<McpMessageHandler>(mcpServer));
//   server.setAuthenticator(...);          // optional, before start()
//   server.addRoute("/.well-known/…", h);  // optional, before start()
//   if (auto st = server.start(); !st) …   // binds; server.port() is the actual port
//   …
//   server.stop();                          // also done by the destructor
class HttpServer {
public:
    HttpServer(HttpServerOptions options, std::shared_ptr<MessageHandler> handler,
               obs::Metrics& metrics = obs::Metrics::instance());
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Runs first on /mcp, /sse and /message; a rejection is sent verbatim.
    void setAuthenticator(Authenticator authenticator);
    // An extra GET/HEAD route on the main listener matched exactly (OPTIONS preflight included).
    void addRoute(const std::string& path, RouteHandler handler);
    // Same, for every path starting with `prefix` (the longest registered prefix wins).
    void addPrefixRoute(const std::string& prefix, RouteHandler handler);

    Status start();
    // Closes open streams, stops accepting, aborts idle connections and waits for workers.
    void stop();

    bool running() const { return running_; }
    uint16_t port() const { return port_; }
    std::optional<uint16_t> metricsPort() const { return metricsPort_; }
    bool tls() const { return !options_.tlsCert.empty(); }
    // Keep-alive connections waiting for their next request (they hold no worker thread).
    size_t idleConnections() const;
    // Connections that were answered and are being drained before they close (lingering close).
    size_t closingConnections() const;
    // Threads serving SSE streams right now.
    int openStreams() const;

private:
    HttpServerOptions options_;
    std::shared_ptr<Router> router_;
    std::unique_ptr<ConnectionServer> main_;
    std::unique_ptr<ConnectionServer> metrics_;
    bool running_ = false;
    uint16_t port_ = 0;
    std::optional<uint16_t> metricsPort_;
};

} // namespace kmcp::http
