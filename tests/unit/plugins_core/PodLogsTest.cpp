#include "PodLogs.hpp"
#include "Exec.hpp"

#include <kmcp/plugin.hpp>

#include <catch2/catch.hpp>

using namespace kmcp::plugins::core;
using nlohmann::json;

TEST_CASE("chooseContainer follows kubectl's rule", "[logs]") {
    json one = {{"spec", {{"containers", {{{"name", "app"}}}}}}};
    CHECK(chooseContainer(one, "") == "app");
    CHECK(chooseContainer(one, "explicit") == "explicit");
    json two = {{"metadata", {{"annotations", {{"kubectl.kubernetes.io/default-container", "sidecar"}}}}},
                {"spec", {{"containers", {{{"name", "app"}}, {{"name", "sidecar"}}}}}}};
    CHECK(chooseContainer(two, "") == "sidecar");
    two["metadata"]["annotations"] = json::object();
    CHECK(chooseContainer(two, "") == "app");
    CHECK(chooseContainer(json::object(), "").empty());
}

TEST_CASE("LogFilter keeps matching lines only", "[logs]") {
    std::string logs = "INFO start\nERROR disk full\nWARN slow\r\nERROR net down";
    CHECK(LogFilter("", "").apply(logs) == logs);
    CHECK(LogFilter("ERROR", "").apply(logs) == "ERROR disk full\nERROR net down");
    CHECK(LogFilter("", "^(WARN|INFO)").apply(logs) == "INFO start\nWARN slow\r\n");
    CHECK(LogFilter("ERROR", "net").apply(logs) == "ERROR net down");
    CHECK(LogFilter("", "slow$").apply(logs) == "WARN slow\r\n");
}

TEST_CASE("an invalid regex is a clear argument error", "[logs]") {
    try {
        LogFilter("", "([unclosed");
        FAIL("expected an error");
    } catch (const kmcp::sdk::Error& e) {
        CHECK(e.status() == KMCP_STATUS_INVALID_ARGUMENT);
        CHECK(std::string(e.what()).find("invalid argument regex") != std::string::npos);
    }
}

TEST_CASE("logQuery applies the default tail and optional limits", "[logs]") {
    CHECK(logQuery("app", false, 0, 0) == "container=app&tailLines=100");
    CHECK(logQuery("", true, 5, 2048) == "previous=true&tailLines=5&limitBytes=2048");
}

TEST_CASE("exec query carries every argument, encoded", "[exec]") {
    CHECK(execQuery({"sh", "-c", "echo a&b"}, "app") ==
          "command=sh&command=-c&command=echo%20a%26b&container=app&stdout=true&stderr=true");
    CHECK(execQuery({"ls"}, "") == "command=ls&stdout=true&stderr=true");
}
