#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace kmcp::plugins::core {

// A Kubernetes resource.Quantity ("100m", "128Mi", "1.5Gi", "123456789n", "1e3"), kept exactly in
// nano-units so sums and rounding match kubectl (values round up, as Quantity does).
class Quantity {
public:
    static std::optional<Quantity> parse(std::string_view text);
    static Quantity zero() { return Quantity(0); }

    long long milliValue() const; // ceil(value * 1000)
    long long value() const;      // ceil(value)
    Quantity& operator+=(const Quantity& other) {
        nanos_ += other.nanos_;
        return *this;
    }

private:
    explicit Quantity(__int128 nanos) : nanos_(nanos) {}
    __int128 nanos_;
};

// `kubectl top pod --containers --sum` with namespaces and swap, as the reference prints it:
// NAMESPACE POD NAME CPU(cores) MEMORY(bytes) SWAP(bytes), one line per container, sorted by
// namespace, pod and container, then a total line. "" when there are no metrics.
std::string formatPodTop(const nlohmann::json& podMetricsItems);

// `kubectl top node` with swap: NAME CPU(cores) CPU(%) MEMORY(bytes) MEMORY(%) SWAP(bytes) SWAP(%).
// Percentages use each node's status.allocatable (swap: status.nodeInfo.swap.capacity; "<unknown>"
// when the node has no swap); nodes in `nodeItems` without metrics get "<unknown>" lines.
// "" when there are no metrics.
std::string formatNodeTop(const nlohmann::json& nodeMetricsItems, const nlohmann::json& nodeItems);

} // namespace kmcp::plugins::core
