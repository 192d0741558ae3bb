#include "CallKube.hpp"

namespace kmcp::helm {

ApiResponse CallKube::request(const std::string& method, const std::string& path, const std::string& query,
                              const std::string& body, const std::string& contentType) {
    try {
        kmcp::sdk::KubeRequest req;
        req.method = method;
        req.path = path;
        req.query = query;
        req.body = body;
        req.contentType = contentType;
        auto r = call_.kube(req);
        return {r.status, r.body, r.message};
    } catch (const kmcp::sdk::Error& e) {
        int status = e.status() == KMCP_STATUS_DENIED      ? 403
                     : e.status() == KMCP_STATUS_NOT_FOUND ? 404
                     : e.status() == KMCP_STATUS_TIMEOUT   ? 504
                                                           : 503;
        return {status, "", e.what()};
    }
}

std::optional<nlohmann::json> CallKube::restMapping(const std::string& apiVersion, const std::string& kind) {
    try {
        return call_.info("rest_mapping", {{"apiVersion", apiVersion}, {"kind", kind}});
    } catch (const kmcp::sdk::Error& e) {
        if (e.status() == KMCP_STATUS_NOT_FOUND) return std::nullopt;
        throw;
    }
}

void CallKube::progress(double done, double total, const std::string& message) {
    call_.progress(done, total, message);
}

void CallKube::invalidateDiscovery() {
    try {
        call_.info("discovery_invalidate");
    } catch (const kmcp::sdk::Error&) {
        // An older host without the key keeps its cache; CRD kinds then appear on its next refresh.
    }
}

ClusterCapabilities CallKube::capabilities() {
    ClusterCapabilities caps;
    try {
        auto cluster = call_.info("cluster");
        auto version = cluster.value("version", nlohmann::json::object());
        if (version.is_object() && version.contains("gitVersion") && version["gitVersion"].is_string())
            caps.kubeVersion = version["gitVersion"].get<std::string>();
    } catch (const kmcp::sdk::Error&) {
        // Unknown cluster version: helm's default (v1.20.0) stands, as with `helm template`.
    }
    try {
        auto apis = call_.info("api_versions");
        if (apis.is_array())
            for (const auto& a : apis)
                if (a.is_string()) caps.apiVersions.push_back(a.get<std::string>());
    } catch (const kmcp::sdk::Error&) {
        // Without discovery .Capabilities.APIVersions holds nothing; Has answers false.
    }
    return caps;
}

} // namespace kmcp::helm
