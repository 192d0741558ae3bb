#include "kube/Cluster.hpp"

#include "kube/ClusterConnection.hpp"

namespace kmcp::kube {

Cluster::~Cluster() = default;

Result<std::shared_ptr<Cluster>> Cluster::create(const std::string& context, const KubeConfig& config,
                                                 const ClusterOptions& options) {
    const ContextEntry* ctx = config.context(context);
    if (!ctx)
        return makeError(Error::Code::NotFound, "context \"" + context + "\" not found in the kubeconfig");
    const ClusterEntry* cluster = config.cluster(ctx->cluster);
    if (!cluster)
        return makeError(Error::Code::InvalidArgument, "context \"" + context + "\" refers to cluster \"" +
                                                           ctx->cluster + "\", which is not defined");
    if (cluster->server.empty())
        return makeError(Error::Code::InvalidArgument, "cluster \"" + cluster->name + "\" has no server URL");
    const UserEntry* user = ctx->user.empty() ? nullptr : config.user(ctx->user);
    auto conn = ClusterConnection::create(*cluster, user, options);
    if (!conn) return makeError(conn.error().code, "context \"" + context + "\": " + conn.error().message);
    std::shared_ptr<Cluster> out(new Cluster());
    out->context_ = context;
    out->server_ = cluster->server;
    out->namespace_ = ctx->ns.empty() ? std::string("default") : ctx->ns;
    out->options_ = options;
    out->connection_ = std::move(conn.value());
    return out;
}

Result<Response> Cluster::send(const Request& request, const Credentials& creds,
                               const std::atomic<bool>* cancel) {
    return connection_->send(request, creds, cancel);
}

Discovery::Fetch Cluster::discoveryFetch(const Credentials& caller) {
    const Credentials creds = options_.discoveryWithCallerCredentials ? caller : Credentials::kubeconfig();
    return [this, creds](const std::string& path) {
        Request r;
        r.path = path;
        return connection_->send(r, creds, nullptr);
    };
}

Result<ServerVersion> Cluster::version(const Credentials& caller) {
    return discovery_.version(discoveryFetch(caller));
}

Result<bool> Cluster::isOpenShift(const Credentials& caller) {
    return discovery_.isOpenShift(discoveryFetch(caller));
}

} // namespace kmcp::kube
