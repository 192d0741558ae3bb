#include "Top.hpp"

#include <catch2/catch.hpp>

using namespace kmcp::plugins::core;
using nlohmann::json;

TEST_CASE("Quantity parses Kubernetes quantities and rounds up", "[top]") {
    CHECK(Quantity::parse("100m")->milliValue() == 100);
    CHECK(Quantity::parse("2")->milliValue() == 2000);
    CHECK(Quantity::parse("123456789n")->milliValue() == 124);
    CHECK(Quantity::parse("1.5")->milliValue() == 1500);
    CHECK(Quantity::parse("128Mi")->value() == 128LL * 1024 * 1024);
    CHECK(Quantity::parse("2Gi")->value() / (1024 * 1024) == 2048);
    CHECK(Quantity::parse("1500Ki")->value() == 1536000);
    CHECK(Quantity::parse("1k")->value() == 1000);
    CHECK(Quantity::parse("1e3")->value() == 1000);
    CHECK(Quantity::parse("0.5Ki")->value() == 512);
    CHECK_FALSE(Quantity::parse("abc").has_value());
    CHECK_FALSE(Quantity::parse("5Xi").has_value());
    CHECK_FALSE(Quantity::parse("").has_value());
}

TEST_CASE("formatPodTop prints containers, namespaces and a total like kubectl top --sum", "[top]") {
    json items = json::parse(R"([
      {"metadata":{"name":"pod-2","namespace":"ns-1"},"containers":[{"name":"c","usage":{"cpu":"300m","memory":"400Mi","swap":"42Mi"}}]},
      {"metadata":{"name":"pod-1","namespace":"default"},"containers":[
        {"name":"container-2","usage":{"cpu":"200m","memory":"300Mi"}},
        {"name":"container-1","usage":{"cpu":"100m","memory":"200Mi","swap":"13Mi"}}]}])");
    CHECK(formatPodTop(items) ==
          "NAMESPACE   POD     NAME          CPU(cores)   MEMORY(bytes)   SWAP(bytes)   \n"
          "default     pod-1   container-1   100m         200Mi           13Mi          \n"
          "default     pod-1   container-2   200m         300Mi           0Mi           \n"
          "ns-1        pod-2   c             300m         400Mi           42Mi          \n"
          "                                  ________     ________        ________      \n"
          "                                  600m         900Mi           55Mi          \n");
    CHECK(formatPodTop(json::array()).empty());
}

TEST_CASE("formatNodeTop prints usage with percentages of allocatable", "[top]") {
    json metrics = json::parse(R"([
      {"metadata":{"name":"node-2"},"usage":{"cpu":"1","memory":"4Gi"}},
      {"metadata":{"name":"node-1"},"usage":{"cpu":"500m","memory":"2Gi","swap":"1Gi"}}])");
    json nodes = json::parse(R"([
      {"metadata":{"name":"node-1"},"status":{"allocatable":{"cpu":"2","memory":"8Gi"},"nodeInfo":{"swap":{"capacity":4294967296}}}},
      {"metadata":{"name":"node-2"},"status":{"allocatable":{"cpu":"4","memory":"16Gi"}}},
      {"metadata":{"name":"node-3"},"status":{"allocatable":{"cpu":"4","memory":"16Gi"}}}])");
    CHECK(formatNodeTop(metrics, nodes) ==
          "NAME     CPU(cores)   CPU(%)      MEMORY(bytes)   MEMORY(%)   SWAP(bytes)   SWAP(%)     \n"
          "node-1   500m         25%         2048Mi          25%         1024Mi        25%         \n"
          "node-2   1000m        25%         4096Mi          25%         <unknown>     <unknown>   \n"
          "node-3   <unknown>    <unknown>   <unknown>       <unknown>   <unknown>     <unknown>   \n");
    CHECK(formatNodeTop(json::array(), nodes).empty());
}
