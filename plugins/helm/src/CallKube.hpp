#pragma once

#include "KubeApi.hpp"
#include "Renderer.hpp"

#include "kmcp/plugin.hpp"

namespace kmcp::helm {

// KubeApi on the host's per-request, caller-scoped client. Host refusals (policy, unreachable
// cluster) come back as responses carrying the host's message so actions report them uniformly.
class CallKube : public KubeApi {
public:
    explicit CallKube(kmcp::sdk::Call& call) : call_(call) {}
    ApiResponse request(const std::string& method, const std::string& path, const std::string& query,
                        const std::string& body, const std::string& contentType) override;
    std::optional<nlohmann::json> restMapping(const std::string& apiVersion,
                                              const std::string& kind) override;
    void progress(double done, double total, const std::string& message) override;
    void invalidateDiscovery() override;

    // .Capabilities of the target cluster (/version and discovery), helm's defaults when unknown.
    ClusterCapabilities capabilities();

private:
    kmcp::sdk::Call& call_;
};

} // namespace kmcp::helm
