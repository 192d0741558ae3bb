#include "http/HttpServer.hpp"

#include "http/ConnectionServer.hpp"
#include "http/OriginPolicy.hpp"
#include "http/Router.hpp"
#include "obs/Log.hpp"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/NetSSL.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>

#include <charconv>
#include <csignal>
#include <mutex>

namespace kmcp::http {
namespace {

Result<uint16_t> parsePort(const std::string& text, const char* what) {
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || value > 65535)
        return makeError(Error::Code::InvalidArgument, std::string("invalid ") + what + ": '" + text + "'");
    return static_cast<uint16_t>(value);
}

std::string socketHost(const std::string& bindAddress) {
    if (bindAddress.empty()) return "0.0.0.0";
    if (bindAddress.front() == '[' && bindAddress.back() == ']')
        return bindAddress.substr(1, bindAddress.size() - 2);
    return bindAddress;
}

Poco::Net::HTTPServerParams::Ptr makeParams(const HttpServerOptions& o) {
    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    // Socket send/receive timeout: a client trickling (or stalling) its header is cut off after
    // one silent interval; it also bounds body reads and writes to a stuck SSE peer.
    params->setTimeout(Poco::Timespan(
        std::chrono::duration_cast<std::chrono::microseconds>(o.limits.readHeaderTimeout).count()));
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(Poco::Timespan(o.keepAliveTimeout.count(), 0));
    params->setMaxKeepAliveRequests(0); // unlimited
    params->setServerName("kubernetes-mcp-server");
    params->setSoftwareVersion(std::string("kubernetes-mcp-server/") + KMCP_VERSION);
    return params;
}

Result<Poco::Net::ServerSocket> openSocket(const HttpServerOptions& o, uint16_t port, bool tls) {
    try {
        const Poco::Net::SocketAddress address(socketHost(o.bindAddress), port);
        if (tls) {
            static std::once_flag sslInit;
            std::call_once(sslInit, [] { Poco::Net::initializeSSL(); });
            Poco::Net::Context::Ptr context = new Poco::Net::Context(
                Poco::Net::Context::TLS_SERVER_USE, o.tlsKey, o.tlsCert, "", Poco::Net::Context::VERIFY_NONE,
                9, false, "ALL:!ADH:!LOW:!EXP:!MD5:!aNULL:!eNULL:@STRENGTH");
            context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
            return Poco::Net::ServerSocket(Poco::Net::SecureServerSocket(address, 128, context));
        }
        Poco::Net::ServerSocket socket;
        socket.bind(address, true);
        socket.listen(128);
        return socket;
    } catch (const Poco::Exception& e) {
        return makeError(Error::Code::Unavailable, "cannot listen on " + socketHost(o.bindAddress) + ":" +
                                                       std::to_string(port) + ": " + e.displayText());
    }
}

} // namespace

Result<HttpServerOptions> HttpServerOptions::fromConfig(const config::Config& config) {
    HttpServerOptions o;
    o.bindAddress = config.bindAddress;
    auto port = parsePort(config.port, "port");
    if (!port) return port.error();
    o.port = port.value();
    if (!config.metricsPort.empty()) {
        auto metrics = parsePort(config.metricsPort, "metrics_port");
        if (!metrics) return metrics.error();
        o.metricsPort = metrics.value();
    }
    o.tlsCert = config.tlsCert;
    o.tlsKey = config.tlsKey;
    o.requireTls = config.requireTls;
    o.stateless = config.stateless;
    o.limits = config.http;
    o.workers = config.http.maxWorkers;
    o.maxStreams = config.http.maxStreams;
    o.serverUrl = config.oauth.serverUrl;
    o.trustProxyHeaders = config.oauth.trustProxyHeaders;
    return o;
}

HttpServer::HttpServer(HttpServerOptions options, std::shared_ptr<MessageHandler> handler,
                       obs::Metrics& metrics)
    : options_(std::move(options)) {
    RouterOptions ro;
    ro.bindAddress = options_.bindAddress;
    ro.serverUrl = options_.serverUrl;
    ro.stateless = options_.stateless;
    ro.maxBodyBytes = options_.limits.maxBodyBytes;
    ro.rateLimitRps = options_.limits.rateLimitRps;
    ro.rateLimitBurst = options_.limits.rateLimitBurst;
    ro.trustProxyHeaders = options_.trustProxyHeaders;
    ro.pingInterval = options_.pingInterval;
    router_ = std::make_shared<Router>(ro, std::move(handler), metrics);
}

HttpServer::~HttpServer() {
    stop();
}

void HttpServer::setAuthenticator(Authenticator authenticator) {
    router_->setAuthenticator(std::move(authenticator));
}

void HttpServer::addRoute(const std::string& path, RouteHandler handler) {
    router_->addRoute(path, std::move(handler));
}

void HttpServer::addPrefixRoute(const std::string& prefix, RouteHandler handler) {
    router_->addPrefixRoute(prefix, std::move(handler));
}

Status HttpServer::start() {
    if (running_) return makeError(Error::Code::Conflict, "HTTP server already running");
    const bool tls = !options_.tlsCert.empty() || !options_.tlsKey.empty();
    if (tls && (options_.tlsCert.empty() || options_.tlsKey.empty()))
        return makeError(Error::Code::InvalidArgument, "tls_cert and tls_key must be set together");
    // Plain HTTP on loopback stays allowed under require_tls: that is the TLS-terminating
    // sidecar/ingress setup, and no network peer can reach the socket.
    const bool loopback =
        !options_.bindAddress.empty() && isLoopbackHost(hostOfAuthority(options_.bindAddress));
    if (options_.requireTls && !tls && !loopback)
        return makeError(Error::Code::InvalidArgument,
                         "require_tls is set: configure tls_cert and tls_key, or bind to a loopback address");

    // A peer that disconnects mid-write must not kill the process.
    std::signal(SIGPIPE, SIG_IGN);

    auto socket = openSocket(options_, options_.port, tls);
    if (!socket) return socket.error();
    std::optional<Poco::Net::ServerSocket> metricsSocket;
    if (options_.metricsPort) {
        // Plain HTTP: scrapers and probes rarely speak TLS to a pod port.
        auto ms = openSocket(options_, *options_.metricsPort, false);
        if (!ms) return ms.error();
        metricsSocket = ms.value();
    }

    auto serve = [this](Listener which) {
        return [router = router_, which](Poco::Net::HTTPServerRequest& request,
                                         Poco::Net::HTTPServerResponse& response) {
            router->dispatch(request, response, which);
        };
    };
    ConnectionServer::Options main;
    main.workers = options_.workers;
    main.maxQueued = options_.maxQueued;
    main.maxStreams = options_.maxStreams;
    main.keepAliveTimeout = options_.keepAliveTimeout;
    main.firstRequestTimeout = options_.limits.readHeaderTimeout;
    main.tls = tls;
    try {
        port_ = socket.value().address().port();
        main_ = std::make_unique<ConnectionServer>(
            socket.value(), makeParams(options_), main, serve(Listener::Main),
            [router = router_](const Poco::Net::HTTPServerRequest& request) {
                return router->opensStream(request);
            });
        main_->start();
        if (metricsSocket) {
            // Scrapes and probes only: two workers, and nothing there streams.
            ConnectionServer::Options metrics = main;
            metrics.workers = 2;
            metrics.maxQueued = 64;
            metrics.tls = false;
            metricsPort_ = metricsSocket->address().port();
            metrics_ = std::make_unique<ConnectionServer>(*metricsSocket, makeParams(options_), metrics,
                                                          serve(Listener::Metrics), nullptr);
            metrics_->start();
        }
    } catch (const std::exception& e) {
        running_ = true;
        stop();
        return makeError(Error::Code::Unavailable,
                         std::string("starting the HTTP server failed: ") + e.what());
    }
    running_ = true;
    obs::info(1, "http: listening on {}:{}{}{}", socketHost(options_.bindAddress), port_, tls ? " (TLS)" : "",
              metricsPort_ ? ", metrics on port " + std::to_string(*metricsPort_) : std::string());
    return okStatus();
}

void HttpServer::stop() {
    if (!running_) return;
    running_ = false;
    // Open SSE streams end only when the router closes them; their threads are waited for after.
    auto closeStreams = [router = router_] { router->closeStreams(); };
    if (main_) main_->stop(closeStreams);
    if (metrics_) metrics_->stop();
    metrics_.reset();
    main_.reset();
    metricsPort_.reset();
}

size_t HttpServer::idleConnections() const {
    return main_ ? main_->parkedConnections() : 0;
}

size_t HttpServer::closingConnections() const {
    return main_ ? main_->closingConnections() : 0;
}

int HttpServer::openStreams() const {
    return main_ ? main_->openStreams() : 0;
}

} // namespace kmcp::http
