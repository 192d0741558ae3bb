#include "Metrics.hpp"

namespace kmcp::sandbox {

using nlohmann::json;

namespace {

std::uint32_t fnv(const std::string& text) {
    std::uint32_t h = 2166136261u;
    for (unsigned char c : text) {
        h ^= c;
        h *= 16777619u;
    }
    return h;
}

constexpr unsigned long long kNodeBaseNanoCores = 150'000'000ULL;
constexpr unsigned long long kNodeBaseMemory = 800ULL * 1024 * 1024;
constexpr unsigned long long kNodeMemoryCapacity = 8ULL * 1024 * 1024 * 1024;

json cpuMemory(const Metrics::Usage& u, const std::string& ts) {
    return {
        {"cpu",
         {{"time", ts}, {"usageNanoCores", u.nanoCores}, {"usageCoreNanoSeconds", u.nanoCores * 3600ULL}}},
        {"memory",
         {{"time", ts},
          {"usageBytes", u.memoryBytes + 4096ULL * 1024},
          {"workingSetBytes", u.memoryBytes},
          {"rssBytes", u.memoryBytes * 3 / 4},
          {"pageFaults", 1200},
          {"majorPageFaults", 3}}}};
}

Metrics::Usage podUsage(const json& pod) {
    Metrics::Usage total{0, 0};
    for (const auto& c : pod["spec"].value("containers", json::array())) {
        auto u = Metrics::containerUsage(pod["metadata"].value("namespace", ""),
                                         pod["metadata"].value("name", ""), c.value("name", ""));
        total.nanoCores += u.nanoCores;
        total.memoryBytes += u.memoryBytes;
    }
    return total;
}

bool running(const json& pod) {
    return pod.value("status", json::object()).value("phase", "") == "Running";
}

} // namespace

Metrics::Usage Metrics::containerUsage(const std::string& ns, const std::string& pod,
                                       const std::string& container) {
    std::uint32_t h = fnv(ns + "/" + pod + "/" + container);
    return {(1 + h % 50) * 1'000'000ULL + (h % 997) * 1000ULL, (16ULL + (h >> 8) % 112) * 1024 * 1024};
}

json Metrics::podMetrics(const json& pod, TimePoint now) {
    json containers = json::array();
    for (const auto& c : pod["spec"].value("containers", json::array())) {
        auto u = containerUsage(pod["metadata"].value("namespace", ""), pod["metadata"].value("name", ""),
                                c.value("name", ""));
        containers.push_back({{"name", c.value("name", "")},
                              {"usage",
                               {{"cpu", std::to_string(u.nanoCores) + "n"},
                                {"memory", std::to_string(u.memoryBytes / 1024) + "Ki"}}}});
    }
    const json& meta = pod["metadata"];
    return {{"kind", "PodMetrics"},
            {"apiVersion", "metrics.k8s.io/v1beta1"},
            {"metadata",
             {{"name", meta.value("name", "")},
              {"namespace", meta.value("namespace", "")},
              {"creationTimestamp", rfc3339(now)},
              {"labels", meta.value("labels", json::object())}}},
            {"timestamp", rfc3339(now)},
            {"window", "15s"},
            {"containers", containers}};
}

json Metrics::nodeMetrics(const json& node, const std::vector<ObjectPtr>& podsOnNode, TimePoint now) {
    Usage total{kNodeBaseNanoCores, kNodeBaseMemory};
    for (const auto& p : podsOnNode) {
        if (running(p->object)) {
            auto u = podUsage(p->object);
            total.nanoCores += u.nanoCores;
            total.memoryBytes += u.memoryBytes;
        }
    }
    const json& meta = node["metadata"];
    return {{"kind", "NodeMetrics"},
            {"apiVersion", "metrics.k8s.io/v1beta1"},
            {"metadata",
             {{"name", meta.value("name", "")},
              {"creationTimestamp", rfc3339(now)},
              {"labels", meta.value("labels", json::object())}}},
            {"timestamp", rfc3339(now)},
            {"window", "20s"},
            {"usage",
             {{"cpu", std::to_string(total.nanoCores) + "n"},
              {"memory", std::to_string(total.memoryBytes / 1024) + "Ki"}}}};
}

json Metrics::statsSummary(const json& node, const std::vector<ObjectPtr>& podsOnNode, TimePoint now) {
    std::string ts = rfc3339(now);
    Usage total{kNodeBaseNanoCores, kNodeBaseMemory};
    json pods = json::array();
    for (const auto& p : podsOnNode) {
        const json& pod = p->object;
        if (!running(pod)) {
            continue;
        }
        json containers = json::array();
        std::string start = pod.value("status", json::object()).value("startTime", ts);
        for (const auto& c : pod["spec"].value("containers", json::array())) {
            auto u = containerUsage(pod["metadata"].value("namespace", ""), pod["metadata"].value("name", ""),
                                    c.value("name", ""));
            json entry = cpuMemory(u, ts);
            entry["name"] = c.value("name", "");
            entry["startTime"] = start;
            containers.push_back(entry);
        }
        auto u = podUsage(pod);
        total.nanoCores += u.nanoCores;
        total.memoryBytes += u.memoryBytes;
        json entry = cpuMemory(u, ts);
        entry["podRef"] = {{"name", pod["metadata"].value("name", "")},
                           {"namespace", pod["metadata"].value("namespace", "")},
                           {"uid", pod["metadata"].value("uid", "")}};
        entry["startTime"] = start;
        entry["containers"] = containers;
        pods.push_back(entry);
    }
    json nodeStats = cpuMemory(total, ts);
    nodeStats["nodeName"] = node["metadata"].value("name", "");
    nodeStats["startTime"] = node["metadata"].value("creationTimestamp", ts);
    nodeStats["memory"]["availableBytes"] = kNodeMemoryCapacity - total.memoryBytes;
    return {{"node", nodeStats}, {"pods", pods}};
}

std::optional<std::string> Metrics::nodeLogs(const json& node, const std::string& query) {
    const std::string name = node["metadata"].value("name", "");
    const std::string base = node["metadata"].value("creationTimestamp", "2024-01-01T00:00:00Z");
    std::vector<std::string> messages;
    if (query == "kubelet") {
        messages = {"Starting kubelet.",
                    "Kubelet version \"v1.31.0\"",
                    "Successfully registered node " + name,
                    "Started kubelet",
                    "Volume manager started",
                    "Node " + name + " status is now: NodeReady",
                    "SyncLoop ADD source=\"api\"",
                    "Housekeeping took 12ms"};
    } else if (query == "containerd") {
        messages = {"starting containerd revision=sandbox version=v1.7.18",
                    "loading plugin io.containerd.grpc.v1.cri", "containerd successfully booted in 0.05s"};
    } else {
        return std::nullopt;
    }
    std::string out;
    for (std::size_t i = 0; i < messages.size(); ++i) {
        out += base.substr(0, 10) + " " + base.substr(11, 8) + " " + name + " " + query + "[" +
               std::to_string(700 + i) + "]: " + messages[i] + "\n";
    }
    return out;
}

} // namespace kmcp::sandbox
