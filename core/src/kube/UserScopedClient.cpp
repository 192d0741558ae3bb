#include "kube/UserScopedClient.hpp"

#include "kube/ApiPath.hpp"
#include "kube/ClusterConnection.hpp"
#include "obs/Log.hpp"

namespace kmcp::kube {

UserScopedClient::UserScopedClient(std::shared_ptr<Cluster> cluster, Credentials creds, Policy policy,
                                   Observer observer)
    : cluster_(std::move(cluster)), creds_(std::move(creds)), policy_(std::move(policy)),
      observer_(std::move(observer)) {}

Status UserScopedClient::admit(const Request& request, RequestRecord& record) {
    const ApiPath p = parseApiPath(request.path);
    record.context = cluster_->context();
    record.method = request.method;
    record.path = request.path;
    record.group = p.group;
    record.version = p.version;
    record.resource = p.resource;
    record.subresource = p.subresource;
    record.ns = p.ns;
    record.name = p.name;
    record.verb = requestVerb(request.method, p, request.query);
    const Discovery::Fetch fetch = cluster_->discoveryFetch(creds_);
    return policy_.check(
        request.method, request.path, request.query,
        [&](const std::string& g, const std::string& v, const std::string& r) -> std::optional<std::string> {
            auto info = cluster_->discovery().byResource(g, v, r, fetch);
            if (!info) return std::nullopt;
            return info->kind;
        });
}

void UserScopedClient::finish(RequestRecord& record, std::chrono::steady_clock::time_point start, int status,
                              const std::string& error) {
    record.status = status;
    record.error = error;
    record.duration =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    obs::info(6, "{} {} {} → {} {}", record.context, record.method, record.path, status, error);
    if (!observer_) return;
    try {
        observer_(record);
    } catch (const std::exception& e) {
        obs::warn("audit observer failed: {}", e.what());
    }
}

Result<Response> UserScopedClient::request(const Request& request, const std::atomic<bool>* cancel) {
    const auto start = std::chrono::steady_clock::now();
    RequestRecord record;
    if (auto ok = admit(request, record); !ok) {
        finish(record, start, 0, ok.error().message);
        return ok.error();
    }
    auto r = cluster_->send(request, creds_, cancel);
    if (!r) {
        finish(record, start, 0, r.error().message);
        return r.error();
    }
    finish(record, start, r->status, r->ok() ? std::string() : r->message);
    return r;
}

Result<int> UserScopedClient::stream(const Request& request, StreamKind kind, std::string_view stdinData,
                                     uint64_t maxBytes, const ChunkFn& onChunk,
                                     const std::atomic<bool>* cancel) {
    const auto start = std::chrono::steady_clock::now();
    RequestRecord record;
    if (auto ok = admit(request, record); !ok) {
        finish(record, start, 0, ok.error().message);
        return ok.error();
    }
    auto r =
        kind == StreamKind::WebSocket
            ? websocketExec(cluster_->connection(), request, creds_, stdinData, maxBytes, onChunk, cancel)
            : httpStream(cluster_->connection(), request, creds_, maxBytes, onChunk, cancel);
    finish(record, start, r ? (kind == StreamKind::WebSocket ? 101 : 200) : 0,
           r ? std::string() : r.error().message);
    return r;
}

Result<ResourceInfo> UserScopedClient::resourceForKind(const std::string& group, const std::string& version,
                                                       const std::string& kind) {
    return cluster_->discovery().byKind(group, version, kind, cluster_->discoveryFetch(creds_));
}

Result<ResourceInfo> UserScopedClient::resourceFor(const std::string& group, const std::string& version,
                                                   const std::string& resource) {
    return cluster_->discovery().byResource(group, version, resource, cluster_->discoveryFetch(creds_));
}

Result<std::vector<ResourceInfo>> UserScopedClient::preferredResources() {
    return cluster_->discovery().preferredResources(cluster_->discoveryFetch(creds_));
}

Result<ServerVersion> UserScopedClient::serverVersion() {
    return cluster_->version(creds_);
}

Result<bool> UserScopedClient::isOpenShift() {
    return cluster_->isOpenShift(creds_);
}

void UserScopedClient::invalidateDiscovery() {
    cluster_->discovery().invalidate();
}

} // namespace kmcp::kube
