#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace kmcp::helm {

struct ApiResponse {
    int status = 0;
    std::string body;
    std::string message; // the API's Status message for non-2xx responses
    bool ok() const { return status >= 200 && status < 300; }
};

// What the helm code needs from a Kubernetes client. The plugin implements it on the host's
// per-request client (kmcp::sdk::Call); tests implement it in memory.
class KubeApi {
public:
    virtual ~KubeApi() = default;
    virtual ApiResponse request(const std::string& method, const std::string& path,
                                const std::string& query = "", const std::string& body = "",
                                const std::string& contentType = "") = 0;
    // {"group","version","kind","resource","namespaced"} or nullopt when the cluster does not serve it.
    virtual std::optional<nlohmann::json> restMapping(const std::string& apiVersion,
                                                      const std::string& kind) = 0;
    // Reports progress of a long operation (no-op when nobody listens).
    virtual void progress(double /*done*/, double /*total*/, const std::string& /*message*/) {}
    // Forgets cached discovery so kinds from just-created CRDs can be mapped.
    virtual void invalidateDiscovery() {}
};

// Percent-encodes a query parameter value.
std::string urlEncode(const std::string& s);

} // namespace kmcp::helm
