#include "kube/InCluster.hpp"

#include <cstdlib>
#include <filesystem>

namespace kmcp::kube {
namespace {

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

std::string trim(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' '))
        s.pop_back();
    return s;
}

} // namespace

bool inClusterAvailable(const std::string& root) {
    return !env("KUBERNETES_SERVICE_HOST").empty() && !env("KUBERNETES_SERVICE_PORT").empty() &&
           std::filesystem::exists(std::filesystem::path(root) / "token");
}

Result<KubeConfig> inClusterConfig(const std::string& root) {
    const std::string host = env("KUBERNETES_SERVICE_HOST");
    const std::string port = env("KUBERNETES_SERVICE_PORT");
    if (host.empty() || port.empty())
        return makeError(
            Error::Code::Unavailable,
            "not running in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set");
    const std::filesystem::path dir(root);
    if (!std::filesystem::exists(dir / "token"))
        return makeError(Error::Code::Unavailable,
                         "not running in a cluster: no service-account token at " + (dir / "token").string());
    ClusterEntry cluster;
    cluster.name = kInClusterContext;
    // An IPv6 service host needs brackets in a URL.
    const bool v6 = host.find(':') != std::string::npos;
    cluster.server = "https://" + (v6 ? "[" + host + "]" : host) + ":" + port;
    if (std::filesystem::exists(dir / "ca.crt")) cluster.certificateAuthority = (dir / "ca.crt").string();

    UserEntry user;
    user.name = kInClusterContext;
    user.tokenFile = (dir / "token").string();

    ContextEntry ctx;
    ctx.name = kInClusterContext;
    ctx.cluster = cluster.name;
    ctx.user = user.name;
    auto ns = readFileText((dir / "namespace").string(), 4096);
    ctx.ns = ns ? trim(ns.value()) : std::string();
    if (ctx.ns.empty()) ctx.ns = "default";

    KubeConfig cfg;
    cfg.clusters.push_back(std::move(cluster));
    cfg.users.push_back(std::move(user));
    cfg.contexts.push_back(std::move(ctx));
    cfg.currentContext = kInClusterContext;
    cfg.sources.push_back(root);
    return cfg;
}

} // namespace kmcp::kube
