#pragma once

#include "OidcVerifier.hpp"
#include "SandboxContext.hpp"

#include <memory>
#include <string>

namespace Poco {
class ThreadPool;
namespace Net {
class HTTPServer;
}
} // namespace Poco

namespace kmcp::sandbox {

struct SandboxOptions {
    std::string bind = "127.0.0.1";
    int port = 0;
    std::string tlsCert;
    std::string tlsKey;
    // Generate an ephemeral certificate (kubectl sends bearer tokens only over TLS).
    bool tlsSelfSigned = false;
    std::string seed = "default"; // "default" or "none"
    std::string tokensFile;
    bool oidcEnabled = false;
    OidcConfig oidc;
    std::string kubeconfigPath;
    std::string readyFile;
    int latencyMs = 0;
    bool openshift = false;
    int maxThreads = 128;
};

// Owns the HTTP(S) listener and the sandbox state; start() seeds, binds and serves.
class SandboxServer {
public:
    explicit SandboxServer(SandboxOptions options);
    ~SandboxServer();

    void start();
    void stop();
    int port() const { return port_; }
    std::string url() const;
    SandboxContext& context() { return *context_; }

private:
    SandboxOptions options_;
    std::unique_ptr<SandboxContext> context_;
    std::unique_ptr<Poco::ThreadPool> pool_;
    std::unique_ptr<Poco::Net::HTTPServer> server_;
    int port_ = 0;
    std::string generatedTlsDir_;
};

} // namespace kmcp::sandbox
