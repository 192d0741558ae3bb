#pragma once

#include "http/Authenticator.hpp"
#include "http/Exchange.hpp"
#include "http/LegacySse.hpp"
#include "http/OriginPolicy.hpp"
#include "http/RateLimiter.hpp"
#include "http/StreamableHttp.hpp"
#include "http/TransportState.hpp"

#include <map>
#include <string>

namespace Poco::Net {
class HTTPServerRequest;
class HTTPServerResponse;
} // namespace Poco::Net

namespace kmcp::http {

enum class Listener { Main, Metrics };

struct RouterOptions {
    std::string bindAddress;
    std::string serverUrl;
    bool stateless = false;
    size_t maxBodyBytes = 16 * 1024 * 1024;
    double rateLimitRps = 0;
    int rateLimitBurst = 0;
    bool trustProxyHeaders = false;
    std::chrono::milliseconds pingInterval{15000};
};

// Everything a request meets between Poco and the transports, in order: Host/Origin policy,
// CORS, route match, preflight, rate limit, authentication, then the route itself; every request
// is counted in the metrics by method, route and status.
class Router {
public:
    Router(const RouterOptions& options, std::shared_ptr<MessageHandler> handler, obs::Metrics& metrics);

    // Configuration; call before the server starts.
    void setAuthenticator(Authenticator authenticator) { authenticator_ = std::move(authenticator); }
    void addRoute(const std::string& path, RouteHandler handler) { exactRoutes_[path] = std::move(handler); }
    void addPrefixRoute(const std::string& prefix, RouteHandler handler) {
        prefixRoutes_[prefix] = std::move(handler);
    }

    // GET /mcp and GET /sse answer with an event stream that stays open as long as the client
    // keeps it, so the server gives them a thread of their own rather than a pooled worker.
    bool opensStream(const Poco::Net::HTTPServerRequest& request) const;
    void dispatch(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
                  Listener which);
    // Ends every open stream so request threads return (shutdown).
    void closeStreams() { state_.streams.closeAll(); }
    TransportState& state() { return state_; }

private:
    void serve(Exchange& ex, const std::string& path, Listener which);
    bool serveObservability(Exchange& ex, const std::string& path);
    void serveMcp(Exchange& ex, const std::string& path);
    const RouteHandler* findExtraRoute(const std::string& path, std::string* label) const;
    std::string routeLabel(const std::string& path, Listener which) const;
    std::string clientKey(const Poco::Net::HTTPServerRequest& request) const;
    void applyCors(Exchange& ex, const std::string& origin) const;

    TransportState state_;
    StreamableHttp streamable_;
    LegacySse legacy_;
    OriginPolicy origins_;
    RateLimiter limiter_;
    bool trustProxyHeaders_;
    Authenticator authenticator_;
    std::map<std::string, RouteHandler> exactRoutes_;
    std::map<std::string, RouteHandler> prefixRoutes_;
};

} // namespace kmcp::http
