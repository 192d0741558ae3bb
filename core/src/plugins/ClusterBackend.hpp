#pragma once

#include "common/Caller.hpp"
#include "common/Result.hpp"

#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kmcp::plugins {

struct KubeCall {
    std::string method = "GET";
    std::string path;
    std::string query;
    std::string body;
    std::string contentType;
    std::string accept;
    std::vector<std::pair<std::string, std::string>> headers;
    uint32_t timeoutMs = 0;
};

struct KubeResult {
    int status = 0;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string message; // Kubernetes Status message of a non-2xx response
};

enum class StreamKind { Http, WebSocket };
using ChunkFn = std::function<bool(uint32_t channel, std::string_view data)>;

// Cluster access for one tool call, acting as the caller. The host implements it over the
// user-scoped Kubernetes client (policy, credentials and audit live behind it); tests use doubles.
class ClusterBackend {
public:
    virtual ~ClusterBackend() = default;
    virtual Result<KubeResult> request(const KubeCall& call, const std::atomic<bool>* cancel) = 0;
    // Returns the HTTP status once the stream ended.
    virtual Result<int> stream(const KubeCall& call, StreamKind kind, std::string_view stdinData,
                               uint64_t maxBytes, const ChunkFn& onChunk,
                               const std::atomic<bool>* cancel) = 0;
    // Cluster facts by key: "cluster", "rest_mapping", "api_versions", "discovery_invalidate".
    virtual Result<nlohmann::json> info(const std::string& key, const nlohmann::json& args) = 0;
    virtual std::string contextName() const = 0;
    virtual std::string defaultNamespace() const = 0;
};

// Builds per-call cluster access. One per server; thread-safe.
class ClusterBackendFactory {
public:
    virtual ~ClusterBackendFactory() = default;
    // Context names offered through the `context` tool argument (empty or one → no argument).
    virtual std::vector<std::string> contexts() const = 0;
    virtual std::string defaultContext() const = 0;
    // The client for `context` ("" → default) acting as `caller` (token exchange happens here) for
    // tool `tool` (named in the audit records of its requests).
    virtual Result<std::unique_ptr<ClusterBackend>> forCall(const std::string& context, const Caller& caller,
                                                            const std::string& tool) = 0;
    // Host facts that need no cluster: "contexts", "kubeconfig" ({"minified"} → {"yaml"}).
    virtual Result<nlohmann::json> hostInfo(const std::string& key, const nlohmann::json& args) = 0;
};

} // namespace kmcp::plugins
