#pragma once

#include "common/Result.hpp"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>

#include <chrono>
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
    std::string proxyHost;
    uint16_t proxyPort = 0;
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
// and returned after a complete exchange; at most `maxIdle` are kept, the rest are closed.
class ConnectionPool {
public:
    ConnectionPool(Endpoint endpoint, Poco::Net::Context::Ptr context, size_t maxIdle,
                   std::chrono::milliseconds connectTimeout);

    struct Lease {
        std::unique_ptr<Poco::Net::HTTPClientSession> session;
        bool reused = false;
    };
    // An idle session if any (reused = true), else a new unconnected one.
    Lease acquire();
    // A new session that never goes back to the pool (WebSocket upgrades take the socket over).
    std::unique_ptr<Poco::Net::HTTPClientSession> fresh();
    // Returns a session after a complete response whose body was fully read.
    void release(std::unique_ptr<Poco::Net::HTTPClientSession> session);

    size_t idle() const;
    std::chrono::milliseconds connectTimeout() const { return connectTimeout_; }

private:
    Endpoint endpoint_;
    Poco::Net::Context::Ptr context_;
    size_t maxIdle_;
    std::chrono::milliseconds connectTimeout_;
    mutable std::mutex mu_;
    std::vector<std::unique_ptr<Poco::Net::HTTPClientSession>> idle_;
};

} // namespace kmcp::kube
