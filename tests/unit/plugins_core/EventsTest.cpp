#include "Events.hpp"

#include <catch2/catch.hpp>

using namespace kmcp::plugins::core;
using nlohmann::json;

TEST_CASE("goTimeString prints Go's time.String in UTC", "[events]") {
    CHECK(goTimeString("2024-01-15T10:30:00Z") == "2024-01-15 10:30:00 +0000 UTC");
    CHECK(goTimeString("2024-01-15T10:30:00.123450Z") == "2024-01-15 10:30:00.12345 +0000 UTC");
    CHECK(goTimeString("2024-01-01T01:30:00+02:00") == "2023-12-31 23:30:00 +0000 UTC");
    CHECK(goTimeString("") == "0001-01-01 00:00:00 +0000 UTC");
    CHECK(goTimeString("garbage") == "0001-01-01 00:00:00 +0000 UTC");
}

TEST_CASE("eventSummary picks the timestamp like the reference", "[events]") {
    json base = {{"metadata", {{"namespace", "ns1"}}},
                 {"type", "Warning"},
                 {"reason", "BackOff"},
                 {"message", "  Back-off restarting\n"},
                 {"involvedObject", {{"apiVersion", "v1"}, {"kind", "Pod"}, {"name", "web"}}},
                 {"firstTimestamp", "2024-01-01T00:00:00Z"},
                 {"lastTimestamp", "2024-01-02T00:00:00Z"},
                 {"count", 1}};
    auto s = eventSummary(base);
    CHECK(s["Timestamp"] == "2024-01-01 00:00:00 +0000 UTC");
    CHECK(s["Message"] == "Back-off restarting");
    CHECK(s["InvolvedObject"] == json{{"apiVersion", "v1"}, {"Kind", "Pod"}, {"Name", "web"}});
    base["count"] = 4;
    CHECK(eventSummary(base)["Timestamp"] == "2024-01-02 00:00:00 +0000 UTC");
    base["series"] = {{"lastObservedTime", "2024-01-03T00:00:00.000001Z"}};
    CHECK(eventSummary(base)["Timestamp"] == "2024-01-03 00:00:00.000001 +0000 UTC");
    base["eventTime"] = "2024-01-04T00:00:00.000000Z";
    CHECK(eventSummary(base)["Timestamp"] == "2024-01-04 00:00:00 +0000 UTC");
}

TEST_CASE("formatEvents prints a YAML list with a header", "[events]") {
    json list = {{"items",
                  {{{"metadata", {{"namespace", "default"}}},
                    {"type", "Normal"},
                    {"reason", "Scheduled"},
                    {"message", "Successfully assigned default/web to node-1"},
                    {"involvedObject", {{"apiVersion", "v1"}, {"kind", "Pod"}, {"name", "web"}}},
                    {"eventTime", "2024-05-06T07:08:09.000000Z"}}}}};
    CHECK(formatEvents(list) == "# The following events (YAML format) were found:\n"
                                "- InvolvedObject:\n"
                                "    Kind: Pod\n"
                                "    Name: web\n"
                                "    apiVersion: v1\n"
                                "  Message: Successfully assigned default/web to node-1\n"
                                "  Namespace: default\n"
                                "  Reason: Scheduled\n"
                                "  Timestamp: 2024-05-06 07:08:09 +0000 UTC\n"
                                "  Type: Normal\n");
    CHECK(formatEvents(json{{"items", json::array()}}) == "# No events found");
}
