#pragma once

#include "common/Result.hpp"
#include "kube/KubeConfig.hpp"

#include <chrono>
#include <mutex>
#include <optional>
#include <string>

namespace kmcp::kube {

// ExecCredential.status returned by a credential plugin.
struct ExecCredentialStatus {
    std::string token;
    std::string clientCertificateData; // PEM
    std::string clientKeyData;         // PEM
    std::optional<std::chrono::system_clock::time_point> expiry;
};

// Parses a plugin's stdout; `apiVersion` must match what the kubeconfig asked for.
Result<ExecCredentialStatus> parseExecCredential(const std::string& json, const std::string& apiVersion);

// Runs a kubeconfig exec plugin (client.authentication.k8s.io/v1 or v1beta1) and caches its
// credential until expirationTimestamp (forever when the plugin gives none, until invalidate()).
// Thread-safe; at most one plugin process runs at a time per provider.
class ExecCredentialProvider {
public:
    ExecCredentialProvider(ExecConfig exec, std::string server, std::string caPem, bool insecure);

    Result<ExecCredentialStatus> get();
    // Forget the cached credential (the API server answered 401 with it).
    void invalidate();
    // How many times the plugin ran (for tests and metrics).
    int runs() const;

private:
    Result<ExecCredentialStatus> run();

    ExecConfig exec_;
    std::string server_;
    std::string caPem_;
    bool insecure_;
    mutable std::mutex mu_;
    std::optional<ExecCredentialStatus> cached_;
    int runs_ = 0;
};

} // namespace kmcp::kube
