#include "obs/Metrics.hpp"

#include <fmt/format.h>

#include <array>
#include <atomic>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <tuple>

namespace kmcp::obs {
namespace {

// Upper bounds in seconds; the same for every latency family so dashboards can compare them.
constexpr std::array<double, 12> kBuckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

struct Histogram {
    std::array<std::atomic<uint64_t>, kBuckets.size()> buckets{}; // per bucket, not cumulative
    std::atomic<uint64_t> count{0};
    std::atomic<uint64_t> sumMicros{0};

    void observe(std::chrono::microseconds d) {
        const double seconds = static_cast<double>(d.count()) / 1e6;
        for (size_t i = 0; i < kBuckets.size(); ++i) {
            if (seconds <= kBuckets[i]) {
                buckets[i].fetch_add(1, std::memory_order_relaxed);
                break;
            }
        }
        count.fetch_add(1, std::memory_order_relaxed);
        sumMicros.fetch_add(static_cast<uint64_t>(std::max<int64_t>(0, d.count())),
                            std::memory_order_relaxed);
    }
};

struct Counter {
    std::atomic<uint64_t> value{0};
};

// A metric family: one atomic series per label tuple. Series are never removed, so references
// handed out stay valid for the lifetime of the family.
template <typename Key, typename Series> class Family {
public:
    Series& at(const Key& key) {
        {
            std::shared_lock lock(mutex_);
            if (auto it = series_.find(key); it != series_.end()) return it->second;
        }
        std::unique_lock lock(mutex_);
        return series_.try_emplace(key).first->second;
    }

    template <typename Fn> void forEach(Fn&& fn) const {
        std::shared_lock lock(mutex_);
        for (const auto& [key, series] : series_)
            fn(key, series);
    }

private:
    mutable std::shared_mutex mutex_;
    std::map<Key, Series> series_;
};

using HttpKey = std::tuple<std::string, std::string, int>; // method, route, code
using ToolKey = std::tuple<std::string, std::string>;      // tool, outcome
using KubeKey = std::tuple<std::string, int>;              // verb, code

std::string escapeLabel(std::string_view v) {
    std::string out;
    out.reserve(v.size());
    for (char c : v) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

std::string formatBound(double b) {
    return fmt::format("{}", b);
}

double seconds(uint64_t micros) {
    return static_cast<double>(micros) / 1e6;
}

void writeHistogram(std::string& out, std::string_view name, std::string_view label, std::string_view value,
                    const Histogram& h) {
    uint64_t cumulative = 0;
    const std::string lv = escapeLabel(value);
    for (size_t i = 0; i < kBuckets.size(); ++i) {
        cumulative += h.buckets[i].load(std::memory_order_relaxed);
        out += fmt::format("{}_bucket{{{}=\"{}\",le=\"{}\"}} {}\n", name, label, lv, formatBound(kBuckets[i]),
                           cumulative);
    }
    const uint64_t count = h.count.load(std::memory_order_relaxed);
    out += fmt::format("{}_bucket{{{}=\"{}\",le=\"+Inf\"}} {}\n", name, label, lv, count);
    out += fmt::format("{}_sum{{{}=\"{}\"}} {}\n", name, label, lv,
                       seconds(h.sumMicros.load(std::memory_order_relaxed)));
    out += fmt::format("{}_count{{{}=\"{}\"}} {}\n", name, label, lv, count);
}

void writeHeader(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

} // namespace

struct Metrics::Impl {
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
    Family<HttpKey, Counter> httpRequests;
    Family<std::string, Histogram> httpDurations; // by route
    Family<ToolKey, Counter> toolCalls;
    Family<std::string, Histogram> toolDurations; // by tool
    Family<KubeKey, Counter> kubeRequests;
    Family<std::string, Histogram> kubeDurations; // by verb
    std::atomic<uint64_t> sessionsActive{0};

    double uptimeSeconds() const {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    }
};

Metrics& Metrics::instance() {
    static Metrics metrics;
    return metrics;
}

Metrics::Metrics() : impl_(std::make_unique<Impl>()) {}
Metrics::~Metrics() = default;

void Metrics::recordHttpRequest(std::string_view method, std::string_view route, int status,
                                std::chrono::microseconds duration) {
    impl_->httpRequests.at(HttpKey{std::string(method), std::string(route), status})
        .value.fetch_add(1, std::memory_order_relaxed);
    impl_->httpDurations.at(std::string(route)).observe(duration);
}

void Metrics::recordToolCall(std::string_view tool, bool isError, std::chrono::microseconds duration) {
    impl_->toolCalls.at(ToolKey{std::string(tool), isError ? "error" : "success"})
        .value.fetch_add(1, std::memory_order_relaxed);
    impl_->toolDurations.at(std::string(tool)).observe(duration);
}

void Metrics::recordKubeRequest(std::string_view verb, int status, std::chrono::microseconds duration) {
    impl_->kubeRequests.at(KubeKey{std::string(verb), status}).value.fetch_add(1, std::memory_order_relaxed);
    impl_->kubeDurations.at(std::string(verb)).observe(duration);
}

void Metrics::setActiveSessions(size_t n) {
    impl_->sessionsActive.store(n, std::memory_order_relaxed);
}

std::string Metrics::prometheusText() const {
    std::string out;
    writeHeader(out, "kmcp_http_requests_total", "counter",
                "HTTP requests by method, route and status code.");
    impl_->httpRequests.forEach([&](const HttpKey& k, const Counter& c) {
        out += fmt::format("kmcp_http_requests_total{{method=\"{}\",route=\"{}\",code=\"{}\"}} {}\n",
                           escapeLabel(std::get<0>(k)), escapeLabel(std::get<1>(k)), std::get<2>(k),
                           c.value.load(std::memory_order_relaxed));
    });
    writeHeader(out, "kmcp_http_request_duration_seconds", "histogram", "HTTP request duration by route.");
    impl_->httpDurations.forEach([&](const std::string& route, const Histogram& h) {
        writeHistogram(out, "kmcp_http_request_duration_seconds", "route", route, h);
    });
    writeHeader(out, "kmcp_tool_calls_total", "counter",
                "MCP tool calls by tool and outcome (success|error).");
    impl_->toolCalls.forEach([&](const ToolKey& k, const Counter& c) {
        out +=
            fmt::format("kmcp_tool_calls_total{{tool=\"{}\",outcome=\"{}\"}} {}\n",
                        escapeLabel(std::get<0>(k)), std::get<1>(k), c.value.load(std::memory_order_relaxed));
    });
    writeHeader(out, "kmcp_tool_call_duration_seconds", "histogram", "MCP tool call duration by tool.");
    impl_->toolDurations.forEach([&](const std::string& tool, const Histogram& h) {
        writeHistogram(out, "kmcp_tool_call_duration_seconds", "tool", tool, h);
    });
    writeHeader(out, "kmcp_kube_requests_total", "counter",
                "Kubernetes API requests by verb and status code.");
    impl_->kubeRequests.forEach([&](const KubeKey& k, const Counter& c) {
        out +=
            fmt::format("kmcp_kube_requests_total{{verb=\"{}\",code=\"{}\"}} {}\n",
                        escapeLabel(std::get<0>(k)), std::get<1>(k), c.value.load(std::memory_order_relaxed));
    });
    writeHeader(out, "kmcp_kube_request_duration_seconds", "histogram",
                "Kubernetes API request duration by verb.");
    impl_->kubeDurations.forEach([&](const std::string& verb, const Histogram& h) {
        writeHistogram(out, "kmcp_kube_request_duration_seconds", "verb", verb, h);
    });
    writeHeader(out, "kmcp_sessions_active", "gauge", "Live MCP sessions.");
    out += fmt::format("kmcp_sessions_active {}\n", impl_->sessionsActive.load(std::memory_order_relaxed));
    writeHeader(out, "kmcp_uptime_seconds", "gauge", "Seconds since the process started serving.");
    out += fmt::format("kmcp_uptime_seconds {:.3f}\n", impl_->uptimeSeconds());
    return out;
}

nlohmann::json Metrics::stats() const {
    using nlohmann::json;
    json http = {{"requestsTotal", 0}, {"requests", json::array()}, {"durations", json::object()}};
    uint64_t httpTotal = 0;
    impl_->httpRequests.forEach([&](const HttpKey& k, const Counter& c) {
        const uint64_t n = c.value.load(std::memory_order_relaxed);
        httpTotal += n;
        http["requests"].push_back(
            {{"method", std::get<0>(k)}, {"route", std::get<1>(k)}, {"code", std::get<2>(k)}, {"count", n}});
    });
    http["requestsTotal"] = httpTotal;
    impl_->httpDurations.forEach([&](const std::string& route, const Histogram& h) {
        http["durations"][route] = {{"count", h.count.load()}, {"sumSeconds", seconds(h.sumMicros.load())}};
    });

    json tools = {{"callsTotal", 0}, {"errorsTotal", 0}, {"byTool", json::object()}};
    uint64_t calls = 0, errors = 0;
    impl_->toolCalls.forEach([&](const ToolKey& k, const Counter& c) {
        const uint64_t n = c.value.load(std::memory_order_relaxed);
        const bool isError = std::get<1>(k) == "error";
        calls += n;
        if (isError) errors += n;
        json& entry = tools["byTool"][std::get<0>(k)];
        if (entry.is_null()) entry = {{"calls", 0}, {"errors", 0}};
        entry["calls"] = entry["calls"].get<uint64_t>() + n;
        if (isError) entry["errors"] = entry["errors"].get<uint64_t>() + n;
    });
    impl_->toolDurations.forEach([&](const std::string& tool, const Histogram& h) {
        tools["byTool"][tool]["sumSeconds"] = seconds(h.sumMicros.load());
    });
    tools["callsTotal"] = calls;
    tools["errorsTotal"] = errors;

    json kube = {{"requestsTotal", 0}, {"requests", json::array()}};
    uint64_t kubeTotal = 0;
    impl_->kubeRequests.forEach([&](const KubeKey& k, const Counter& c) {
        const uint64_t n = c.value.load(std::memory_order_relaxed);
        kubeTotal += n;
        kube["requests"].push_back({{"verb", std::get<0>(k)}, {"code", std::get<1>(k)}, {"count", n}});
    });
    kube["requestsTotal"] = kubeTotal;

    return {{"uptimeSeconds", impl_->uptimeSeconds()},
            {"sessionsActive", impl_->sessionsActive.load()},
            {"http", std::move(http)},
            {"tools", std::move(tools)},
            {"kube", std::move(kube)}};
}

} // namespace kmcp::obs
