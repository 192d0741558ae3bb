#pragma once

#include "common/Result.hpp"
#include "kube/ConnectionPool.hpp"
#include "kube/ExecCredential.hpp"
#include "kube/KubeConfig.hpp"
#include "kube/Types.hpp"

#include <Poco/Net/HTTPRequest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

namespace kmcp::kube {

// The one HTTP(S) client path to one cluster's API server: TLS settings from the kubeconfig,
// pooled keep-alive sessions per TLS identity, credentials applied per request, a single
// transparent retry of idempotent requests on a stale pooled connection. No policy here.
class ClusterConnection {
public:
    static Result<std::unique_ptr<ClusterConnection>>
    create(const ClusterEntry& cluster, const UserEntry* user, const ClusterOptions& options);

    Result<Response> send(const Request& request, const Credentials& creds, const std::atomic<bool>* cancel);

    // What a stream needs to open its own connection with the same TLS settings and credentials.
    struct Prepared {
        std::shared_ptr<ConnectionPool> pool;
        std::string authorization; // "" → none
        bool usedExec = false;
    };
    Result<Prepared> prepare(const Credentials& creds);
    void applyHeaders(Poco::Net::HTTPRequest& http, const Request& request,
                      const std::string& authorization) const;
    std::string target(const std::string& path, const std::string& query) const;
    std::chrono::milliseconds timeoutFor(const Request& request) const;
    Error unreachable(const std::string& reason) const;
    // The API server rejected the credentials: a cached exec-plugin credential is dropped.
    void unauthorized(const Prepared& prepared);

    const Endpoint& endpoint() const { return endpoint_; }
    const ClusterOptions& options() const { return options_; }
    // Number of TCP/TLS connections opened so far (for tests and metrics).
    int connectionsOpened() const { return opened_.load(); }
    void countOpened() { ++opened_; }

private:
    ClusterConnection(Endpoint endpoint, ClusterOptions options, TlsMaterial serverTls, UserEntry user);
    Result<std::shared_ptr<ConnectionPool>> pool(const std::string& key, const std::string& certPem,
                                                 const std::string& keyPem);
    Result<std::string> tokenFromFile();
    struct Identity {
        std::string certPem;
        std::string keyPem;
    };
    // The kubeconfig user's client certificate and key: inline data, or the files as they are now.
    Result<Identity> kubeconfigIdentity();

    Endpoint endpoint_;
    ClusterOptions options_;
    TlsMaterial serverTls_; // CA + insecure, never a client identity
    UserEntry user_;
    std::string userCertPem_; // client-certificate-data, or empty
    std::string userKeyPem_;  // client-key-data, or empty
    std::unique_ptr<ExecCredentialProvider> exec_;
    std::atomic<int> opened_{0};

    std::mutex mu_;
    std::map<std::string, std::shared_ptr<ConnectionPool>> pools_;
    std::map<std::string, std::string> poolCert_; // key → client cert PEM the pool was built with
    std::map<std::string, std::string> rejected_; // key → cert + key PEM that did not make a context
    // Re-read when they change (rotation); guarded by mu_.
    std::optional<WatchedFile> tokenFile_;
    std::optional<WatchedFile> certFile_;
    std::optional<WatchedFile> keyFile_;
};

} // namespace kmcp::kube
