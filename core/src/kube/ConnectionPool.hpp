#pragma once

#include "common/Result.hpp"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace kmcp::kube {

// Where a cluster's API server is: parsed from the kubeconfig `server` URL (which may carry a
// path prefix, e.g. behind Rancher) plus tls-server-name and proxy-url.
struct Endpoint {
    std::string url; // as written in the kubeconfig, for messages
    bool https = true;
    std::string host;
    uint16_t port = 443;
    std::string basePath; // "" or "/prefix" without trailing slash
    std::string tlsServerName;
    // proxy-url: http:// (CONNECT for https servers) or socks5:// (the proxy resolves the API
    // server's name, as client-go's SOCKS5 dialer has it); user:password from the URL.
    enum class Proxy { None, Http, Socks5 };
    Proxy proxy = Proxy::None;
    std::string proxyHost;
    uint16_t proxyPort = 0;
    std::string proxyUser;
    std::string proxyPassword;
};

Result<Endpoint> parseEndpoint(const std::string& server, const std::string& tlsServerName,
                               const std::string& proxyUrl);

// What a TLS client context trusts and presents. PEM text, not paths.
struct TlsMaterial {
    std::string caPem; // "" → the system trust store
    bool insecure = false;
    std::string certPem;
    std::string keyPem;
};

Result<Poco::Net::Context::Ptr> makeClientContext(const TlsMaterial& tls);

// Keep-alive sessions to one endpoint with one TLS identity. Sessions are handed out exclusively
// (at most `maxActive` at a time; further callers wait) and returned after a complete exchange;
// at most `maxIdle` idle ones are kept, the rest are closed. Streams (logs, exec) use fresh()
// connections outside these limits because they live long.
class ConnectionPool {
public:
    ConnectionPool(Endpoint endpoint, Poco::Net::Context::Ptr context, size_t maxIdle, size_t maxActive,
                   std::chrono::milliseconds connectTimeout);

    // Exclusive use of one session; gives its slot back when destroyed (the session is closed
    // unless it went back to the pool with release()).
    class Lease {
    public:
        Lease() = default;
        Lease(Lease&& other) noexcept;
        Lease& operator=(Lease&& other) noexcept;
        ~Lease();
        std::unique_ptr<Poco::Net::HTTPClientSession> session;
        bool reused = false;

    private:
        friend class ConnectionPool;
        ConnectionPool* pool_ = nullptr;
    };
    // An idle session if any (reused = true) unless `fresh`, else a new unconnected one. Waits up
    // to `wait` for a free slot; Error{Unavailable} when none frees up.
    Result<Lease> acquire(bool fresh, std::chrono::milliseconds wait);
    // A new session outside the pool's limits that never goes back (streams, WebSocket upgrades).
    std::unique_ptr<Poco::Net::HTTPClientSession> fresh();
    // Returns the session after a complete response whose body was fully read.
    void release(Lease& lease);

    size_t idle() const;
    std::chrono::milliseconds connectTimeout() const { return connectTimeout_; }

private:
    void freeSlot();

    Endpoint endpoint_;
    Poco::Net::Context::Ptr context_;
    size_t maxIdle_;
    size_t maxActive_;
    std::chrono::milliseconds connectTimeout_;
    mutable std::mutex mu_;
    std::condition_variable slotFreed_;
    size_t active_ = 0;
    std::vector<std::unique_ptr<Poco::Net::HTTPClientSession>> idle_;
};

} // namespace kmcp::kube
