#pragma once

#include "Clock.hpp"
#include "Store.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace kmcp::sandbox {

// Deterministic resource usage derived from object names, served as metrics.k8s.io PodMetrics /
// NodeMetrics and as the kubelet's /stats/summary and /logs proxied through nodes/proxy.
class Metrics {
public:
    struct Usage {
        unsigned long long nanoCores;
        unsigned long long memoryBytes;
    };

    static Usage containerUsage(const std::string& ns, const std::string& pod, const std::string& container);
    static nlohmann::json podMetrics(const nlohmann::json& pod, TimePoint now);
    static nlohmann::json nodeMetrics(const nlohmann::json& node, const std::vector<ObjectPtr>& podsOnNode,
                                      TimePoint now);
    static nlohmann::json statsSummary(const nlohmann::json& node, const std::vector<ObjectPtr>& podsOnNode,
                                       TimePoint now);
    // The kubelet's /logs/?query=<unit> journal; nullopt for units it does not know.
    static std::optional<std::string> nodeLogs(const nlohmann::json& node, const std::string& query);
};

} // namespace kmcp::sandbox
