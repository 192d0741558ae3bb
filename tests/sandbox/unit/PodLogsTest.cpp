#include "PodLogs.hpp"
#include "ApiError.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace kmcp::sandbox;
using nlohmann::json;

namespace {

json pod(int restarts) {
    return {{"metadata",
             {{"name", "web-1"}, {"annotations", {{"kubectl.kubernetes.io/default-container", "app"}}}}},
            {"spec", {{"containers", json::array({{{"name", "app"}}, {{"name", "side"}}})}}},
            {"status",
             {{"startTime", "2024-05-01T10:00:00Z"},
              {"containerStatuses", json::array({{{"name", "app"}, {"restartCount", restarts}}})}}}};
}

std::size_t countLines(const std::string& s) {
    return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n'));
}

} // namespace

TEST_CASE("container resolution", "[logs]") {
    CHECK(PodLogs::resolveContainer(pod(0), "") == "app");
    CHECK(PodLogs::resolveContainer(pod(0), "side") == "side");
    try {
        PodLogs::resolveContainer(pod(0), "nope");
        FAIL("expected an error");
    } catch (const ApiError& e) {
        CHECK(std::string(e.what()) == "container nope is not valid for pod web-1");
    }
    json plain = pod(0);
    plain["metadata"].erase("annotations");
    try {
        PodLogs::resolveContainer(plain, "");
        FAIL("expected an error");
    } catch (const ApiError& e) {
        CHECK(std::string(e.what()) ==
              "a container name must be specified for pod web-1, choose one of: [app side]");
    }
}

TEST_CASE("history is deterministic and tail/timestamps/limit apply", "[logs]") {
    auto lines = PodLogs::history(pod(0), "app", false);
    REQUIRE(lines.size() == PodLogs::kLinesPerContainer);
    auto again = PodLogs::history(pod(0), "app", false);
    CHECK(again.back().text == lines.back().text);
    CHECK(again.back().time == lines.back().time);
    CHECK(lines[0].text.find("seq=1 ") != std::string::npos);
    TimePoint now = parseRfc3339("2024-05-02T00:00:00Z");
    LogOptions tail;
    tail.tailLines = 5;
    std::string out = PodLogs::render(lines, tail, now);
    CHECK(countLines(out) == 5);
    CHECK(out.find("seq=200 ") != std::string::npos);
    CHECK(out.find("seq=195 ") == std::string::npos);
    LogOptions stamps;
    stamps.tailLines = 1;
    stamps.timestamps = true;
    CHECK(PodLogs::render(lines, stamps, now).rfind("2024-05-01T10:03:20.000000000Z level=", 0) == 0);
    LogOptions limit;
    limit.limitBytes = 10;
    CHECK(PodLogs::render(lines, limit, now).size() == 10);
    LogOptions since;
    since.sinceSeconds = 10;
    CHECK(PodLogs::render(lines, since, parseRfc3339("2024-05-01T10:03:20Z")).size() > 0);
    CHECK(countLines(PodLogs::render(lines, since, parseRfc3339("2024-05-01T10:03:20Z"))) == 11);
}

TEST_CASE("previous logs need a restart", "[logs]") {
    try {
        PodLogs::history(pod(0), "app", true);
        FAIL("expected an error");
    } catch (const ApiError& e) {
        CHECK(e.code() == 400);
        CHECK(std::string(e.what()) == "previous terminated container \"app\" in pod \"web-1\" not found");
    }
    auto previous = PodLogs::history(pod(2), "app", true);
    auto current = PodLogs::history(pod(2), "app", false);
    REQUIRE(previous.size() == current.size());
    CHECK(previous.back().text != current.back().text);
    CHECK(previous.back().text.find("exiting") != std::string::npos);
}
