#pragma once

#include "common/Result.hpp"
#include "kube/Cluster.hpp"
#include "kube/Discovery.hpp"
#include "kube/Policy.hpp"
#include "kube/Streams.hpp"
#include "kube/Types.hpp"

#include <atomic>
#include <functional>
#include <memory>
#include <string_view>

namespace kmcp::kube {

// Receives one record per API request (also refused ones) for the audit log.
using Observer = std::function<void(const RequestRecord&)>;

// The client one tool call uses: a cluster, the caller's credentials, the policy and the audit
// observer. Every request is policy-checked before anything is sent. Cheap to construct; share the
// Cluster, not this object.
class UserScopedClient {
public:
    UserScopedClient(std::shared_ptr<Cluster> cluster, Credentials creds, Policy policy,
                     Observer observer = {});

    // A non-2xx answer is a Response (status + Status message), not an Error; refusals by policy,
    // unreachable servers, timeouts and cancellation are Errors.
    Result<Response> request(const Request& request, const std::atomic<bool>* cancel = nullptr);

    // StreamKind::Http: chunked body (logs); StreamKind::WebSocket: exec/attach. See Streams.hpp for
    // the result value. Policy applies as for request() (exec/attach are writes).
    Result<int> stream(const Request& request, StreamKind kind, std::string_view stdinData, uint64_t maxBytes,
                       const ChunkFn& onChunk, const std::atomic<bool>* cancel = nullptr);

    // REST mapping through the cluster's shared discovery cache.
    Result<ResourceInfo> resourceForKind(const std::string& group, const std::string& version,
                                         const std::string& kind);
    Result<ResourceInfo> resourceFor(const std::string& group, const std::string& version,
                                     const std::string& resource);
    Result<std::vector<ResourceInfo>> preferredResources();
    Result<ServerVersion> serverVersion();
    Result<bool> isOpenShift();
    // Drop the cluster's discovery cache (after CRDs were created or deleted).
    void invalidateDiscovery();

    Cluster& cluster() { return *cluster_; }
    const Policy& policy() const { return policy_; }

private:
    Status admit(const Request& request, RequestRecord& record);
    void finish(RequestRecord& record, std::chrono::steady_clock::time_point start, int status,
                const std::string& error);

    std::shared_ptr<Cluster> cluster_;
    Credentials creds_;
    Policy policy_;
    Observer observer_;
};

} // namespace kmcp::kube
