#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

namespace kmcp::obs {

// Process-wide counters and latency histograms, exported as Prometheus text (/metrics) and JSON
// (/stats). Thread-safe and cheap on the hot path: each labelled series is an atomic counter;
// a shared lock guards only the lookup, an exclusive one only the first insertion of a series.
class Metrics {
public:
    static Metrics& instance();

    // Tests build private instances so counts from other tests don't leak in.
    Metrics();
    ~Metrics();
    Metrics(const Metrics&) = delete;
    Metrics& operator=(const Metrics&) = delete;

    void recordHttpRequest(std::string_view method, std::string_view route, int status,
                           std::chrono::microseconds duration);
    void recordToolCall(std::string_view tool, bool isError, std::chrono::microseconds duration);
    void recordKubeRequest(std::string_view verb, int status, std::chrono::microseconds duration);
    void setActiveSessions(size_t n);

    // Prometheus text exposition format 0.0.4 (serve with kPrometheusContentType).
    std::string prometheusText() const;
    nlohmann::json stats() const;

    static constexpr const char* kPrometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace kmcp::obs
