#include "obs/Metrics.hpp"

#include <catch2/catch.hpp>

#include <thread>
#include <vector>

using kmcp::obs::Metrics;
using namespace std::chrono_literals;

TEST_CASE("Prometheus text carries counters, histograms and the gauge", "[obs][metrics]") {
    Metrics m;
    m.recordHttpRequest("POST", "/mcp", 200, 3ms);
    m.recordHttpRequest("POST", "/mcp", 200, 30ms);
    m.recordToolCall("pods_list", false, 20ms);
    m.recordToolCall("pods_list", true, 2s);
    m.recordKubeRequest("list", 200, 7ms);
    m.recordKubeRequest("get", 404, 1ms);
    m.setActiveSessions(3);
    const std::string text = m.prometheusText();

    CHECK(text.find("# TYPE kmcp_http_requests_total counter") != std::string::npos);
    CHECK(text.find("kmcp_http_requests_total{method=\"POST\",route=\"/mcp\",code=\"200\"} 2\n") !=
          std::string::npos);
    CHECK(text.find("kmcp_http_request_duration_seconds_bucket{route=\"/mcp\",le=\"0.005\"} 1\n") !=
          std::string::npos);
    CHECK(text.find("kmcp_http_request_duration_seconds_bucket{route=\"/mcp\",le=\"0.05\"} 2\n") !=
          std::string::npos);
    CHECK(text.find("kmcp_http_request_duration_seconds_bucket{route=\"/mcp\",le=\"+Inf\"} 2\n") !=
          std::string::npos);
    CHECK(text.find("kmcp_http_request_duration_seconds_count{route=\"/mcp\"} 2\n") != std::string::npos);
    CHECK(text.find("kmcp_tool_calls_total{tool=\"pods_list\",outcome=\"success\"} 1\n") !=
          std::string::npos);
    CHECK(text.find("kmcp_tool_calls_total{tool=\"pods_list\",outcome=\"error\"} 1\n") != std::string::npos);
    CHECK(text.find("kmcp_tool_call_duration_seconds_bucket{tool=\"pods_list\",le=\"1\"} 1\n") !=
          std::string::npos);
    CHECK(text.find("kmcp_tool_call_duration_seconds_bucket{tool=\"pods_list\",le=\"2.5\"} 2\n") !=
          std::string::npos);
    CHECK(text.find("kmcp_kube_requests_total{verb=\"get\",code=\"404\"} 1\n") != std::string::npos);
    CHECK(text.find("kmcp_sessions_active 3\n") != std::string::npos);
}

TEST_CASE("label values are escaped", "[obs][metrics]") {
    Metrics m;
    m.recordToolCall("we\"ird\\tool\n", false, 1ms);
    CHECK(m.prometheusText().find("tool=\"we\\\"ird\\\\tool\\n\"") != std::string::npos);
}

TEST_CASE("stats JSON sums the same counters", "[obs][metrics]") {
    Metrics m;
    m.recordHttpRequest("GET", "/healthz", 200, 1ms);
    m.recordToolCall("a", false, 1ms);
    m.recordToolCall("a", true, 1ms);
    m.recordToolCall("b", false, 1ms);
    m.recordKubeRequest("list", 200, 1ms);
    m.setActiveSessions(2);
    auto s = m.stats();
    CHECK(s["http"]["requestsTotal"] == 1);
    CHECK(s["tools"]["callsTotal"] == 3);
    CHECK(s["tools"]["errorsTotal"] == 1);
    CHECK(s["tools"]["byTool"]["a"]["calls"] == 2);
    CHECK(s["tools"]["byTool"]["a"]["errors"] == 1);
    CHECK(s["kube"]["requestsTotal"] == 1);
    CHECK(s["sessionsActive"] == 2);
    CHECK(s["uptimeSeconds"].get<double>() >= 0);
}

TEST_CASE("concurrent recording loses no increments", "[obs][metrics]") {
    Metrics m;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 1000; ++i)
                m.recordHttpRequest("GET", i % 2 ? "/a" : "/b", 200 + t, 1ms);
        });
    for (auto& th : threads)
        th.join();
    CHECK(m.stats()["http"]["requestsTotal"] == 4000);
}
