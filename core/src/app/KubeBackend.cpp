#include "app/KubeBackend.hpp"

#include "obs/Audit.hpp"
#include "obs/Metrics.hpp"

#include <kmcp/plugin.h>

#include <set>

namespace kmcp::app {
namespace {

using nlohmann::json;

kube::Request toRequest(const plugins::KubeCall& c) {
    kube::Request r;
    r.method = c.method;
    r.path = c.path;
    r.query = c.query;
    r.body = c.body;
    r.contentType = c.contentType;
    r.accept = c.accept;
    r.headers = c.headers;
    r.timeout = std::chrono::milliseconds(c.timeoutMs);
    return r;
}

json resourceJson(const kube::ResourceInfo& r) {
    return {{"group", r.group},          {"version", r.version},       {"kind", r.kind},
            {"resource", r.resource},    {"namespaced", r.namespaced}, {"verbs", r.verbs},
            {"shortNames", r.shortNames}};
}

// Splits "apps/v1" → {"apps", "v1"}, "v1" → {"", "v1"}.
std::pair<std::string, std::string> splitApiVersion(const std::string& apiVersion) {
    auto slash = apiVersion.find('/');
    if (slash == std::string::npos) return {"", apiVersion};
    return {apiVersion.substr(0, slash), apiVersion.substr(slash + 1)};
}

class KubeBackend : public plugins::ClusterBackend {
public:
    KubeBackend(kube::UserScopedClient client, std::string ns)
        : client_(std::move(client)), ns_(std::move(ns)) {}

    Result<plugins::KubeResult> request(const plugins::KubeCall& call,
                                        const std::atomic<bool>* cancel) override {
        auto res = client_.request(toRequest(call), cancel);
        if (!res) return res.error();
        plugins::KubeResult out;
        out.status = res->status;
        out.body = std::move(res->body);
        out.headers = std::move(res->headers);
        if (!res->contentType.empty()) out.headers.emplace_back("Content-Type", res->contentType);
        out.message = std::move(res->message);
        return out;
    }

    Result<int> stream(const plugins::KubeCall& call, plugins::StreamKind kind, std::string_view stdinData,
                       uint64_t maxBytes, const plugins::ChunkFn& onChunk,
                       const std::atomic<bool>* cancel) override {
        bool http = kind == plugins::StreamKind::Http;
        // The ABI names a plain HTTP body KMCP_CHANNEL_BODY; the kube client delivers it on channel 1.
        bool stopped = false;
        kube::ChunkFn fn = [&](uint32_t channel, std::string_view data) {
            bool more = onChunk(http ? KMCP_CHANNEL_BODY : channel, data);
            stopped = stopped || !more;
            return more;
        };
        auto res =
            client_.stream(toRequest(call), http ? kube::StreamKind::Http : kube::StreamKind::WebSocket,
                           stdinData, maxBytes, fn, cancel);
        if (!res || http) return http && res ? 200 : res;
        // ABI contract for exec: status 101 and the outcome as a channel.k8s.io v4+ Status on
        // KMCP_CHANNEL_ERROR (the kube client folds that Status into an exit code).
        int exitCode = res.value();
        if (exitCode >= 0 && !stopped) {
            json status =
                exitCode == 0
                    ? json{{"kind", "Status"}, {"apiVersion", "v1"}, {"status", "Success"}}
                    : json{{"kind", "Status"},
                           {"apiVersion", "v1"},
                           {"status", "Failure"},
                           {"message", "command terminated with non-zero exit code: error executing "
                                       "command, exit status " +
                                           std::to_string(exitCode)},
                           {"reason", "NonZeroExitCode"},
                           {"details",
                            {{"causes", json::array({{{"reason", "ExitCode"},
                                                      {"message", std::to_string(exitCode)}}})}}}};
            onChunk(KMCP_CHANNEL_ERROR, status.dump());
        }
        return 101;
    }

    Result<json> info(const std::string& key, const json& args) override {
        if (key == "cluster") {
            auto version = client_.serverVersion();
            if (!version) return version.error();
            auto openshift = client_.isOpenShift();
            if (!openshift) return openshift.error();
            return json{{"openshift", openshift.value()},
                        {"context", client_.cluster().context()},
                        {"version",
                         {{"major", version->major},
                          {"minor", version->minor},
                          {"gitVersion", version->gitVersion},
                          {"platform", version->platform}}}};
        }
        if (key == "rest_mapping") {
            auto [group, version] = splitApiVersion(args.value("apiVersion", ""));
            auto kind = args.value("kind", "");
            if (kind.empty()) return makeError(Error::Code::InvalidArgument, "rest_mapping needs a kind");
            auto byKind = client_.resourceForKind(group, version, kind);
            if (byKind) return resourceJson(byKind.value());
            // Also accept a resource name or short name, as kubectl does.
            auto byResource = client_.resourceFor(group, version, kind);
            if (byResource) return resourceJson(byResource.value());
            return byKind.error();
        }
        if (key == "api_versions") {
            auto resources = client_.preferredResources();
            if (!resources) return resources.error();
            json out = json::array();
            std::set<std::string> seen;
            for (const auto& r : resources.value()) {
                auto gv = r.group.empty() ? r.version : r.group + "/" + r.version;
                if (seen.insert(gv).second) out.push_back(gv);
                out.push_back(gv + "/" + r.kind);
            }
            return out;
        }
        if (key == "discovery_invalidate") {
            client_.invalidateDiscovery();
            return json::object();
        }
        return makeError(Error::Code::NotFound, "unknown cluster info key " + key);
    }

    std::string contextName() const override {
        return const_cast<kube::UserScopedClient&>(client_).cluster().context();
    }
    std::string defaultNamespace() const override { return ns_; }

private:
    kube::UserScopedClient client_;
    std::string ns_;
};

} // namespace

KubeBackendFactory::KubeBackendFactory(std::shared_ptr<kube::ClusterManager> clusters,
                                       CredentialResolver credentials)
    : clusters_(std::move(clusters)), credentials_(std::move(credentials)) {}

std::vector<std::string> KubeBackendFactory::contexts() const {
    std::vector<std::string> names;
    for (const auto& c : clusters_->contexts())
        names.push_back(c.name);
    return names;
}

std::string KubeBackendFactory::defaultContext() const {
    return clusters_->defaultContext();
}

Result<std::unique_ptr<plugins::ClusterBackend>>
KubeBackendFactory::forCall(const std::string& context, const Caller& caller, const std::string& tool) {
    std::string target = context.empty() ? clusters_->defaultContext() : context;
    auto creds = credentials_(target, caller);
    if (!creds) return creds.error();
    auto cluster = clusters_->cluster(target);
    if (!cluster) return cluster.error();
    kube::Observer observer = [subject = caller.subject, username = caller.username,
                               tool](const kube::RequestRecord& r) {
        obs::Metrics::instance().recordKubeRequest(r.verb, r.status, r.duration);
        obs::Audit::instance().kubeRequest({subject, username, tool, r.context, r.verb,
                                            (r.group.empty() ? "" : r.group + "/") + r.version + "/" +
                                                r.resource +
                                                (r.subresource.empty() ? "" : "/" + r.subresource),
                                            r.ns, r.name, r.status, r.duration, r.error});
    };
    auto client = clusters_->client(target, creds.value(), observer);
    if (!client) return client.error();
    return std::unique_ptr<plugins::ClusterBackend>(
        std::make_unique<KubeBackend>(std::move(client.value()), cluster.value()->defaultNamespace()));
}

Result<json> KubeBackendFactory::hostInfo(const std::string& key, const json& args) {
    if (key == "contexts") {
        json out = json::array();
        for (const auto& c : clusters_->contexts())
            out.push_back({{"name", c.name},
                           {"cluster", c.cluster},
                           {"server", c.server},
                           {"namespace", c.ns.empty() ? "default" : c.ns},
                           {"current", c.isDefault}});
        return out;
    }
    if (key == "kubeconfig") return json{{"yaml", clusters_->kubeconfigView(args.value("minified", true))}};
    return makeError(Error::Code::NotFound, "unknown host info key " + key);
}

} // namespace kmcp::app
