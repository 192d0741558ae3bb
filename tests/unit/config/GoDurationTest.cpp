#include "config/GoDuration.hpp"

#include <catch2/catch.hpp>

using kmcp::config::parseGoDuration;
using namespace std::chrono_literals;

TEST_CASE("Go duration strings", "[config][duration]") {
    CHECK(parseGoDuration("10s") == std::chrono::nanoseconds(10s));
    CHECK(parseGoDuration("1m30s") == std::chrono::nanoseconds(90s));
    CHECK(parseGoDuration("1h30m") == std::chrono::nanoseconds(90min));
    CHECK(parseGoDuration("250ms") == std::chrono::nanoseconds(250ms));
    CHECK(parseGoDuration("1.5s") == std::chrono::nanoseconds(1500ms));
    CHECK(parseGoDuration(".5s") == std::chrono::nanoseconds(500ms));
    CHECK(parseGoDuration("2us") == std::chrono::nanoseconds(2000));
    CHECK(parseGoDuration("2\xC2\xB5s") == std::chrono::nanoseconds(2000));
    CHECK(parseGoDuration("7ns") == std::chrono::nanoseconds(7));
    CHECK(parseGoDuration("0") == std::chrono::nanoseconds(0));
    CHECK(parseGoDuration("-5s") == std::chrono::nanoseconds(-5s));
    CHECK(parseGoDuration("+5s") == std::chrono::nanoseconds(5s));
}

TEST_CASE("malformed Go durations", "[config][duration]") {
    for (const char* bad : {"", "10", "s", "10 s", "10sec", "1.s.", "-", "1d", "5s5", "99999999999999h"}) {
        INFO(bad);
        CHECK_FALSE(parseGoDuration(bad).has_value());
    }
}
