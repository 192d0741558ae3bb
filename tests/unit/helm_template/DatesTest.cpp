#include "GoTime.h"
#include "TestUtil.h"

#include <catch2/catch.hpp>

using kmcp::helm::tmpl::goDurationString;
using kmcp::helm::tmpl::goParseDuration;
using kmcp::helm::tmpl::test::render;

TEST_CASE("date formatting with Go layouts", "[helm_template][dates]") {
    CHECK(render("{{ dateInZone \"2006-01-02 15:04:05\" 0 \"UTC\" }}") == "1970-01-01 00:00:00");
    CHECK(render("{{ dateInZone \"Mon Jan _2 3:04PM MST\" 1700000000 \"UTC\" }}") ==
          "Tue Nov 14 10:13PM UTC");
    CHECK(render("{{ dateInZone \"2006-01-02T15:04:05.000Z07:00\" 1700000000 \"UTC\" }}") ==
          "2023-11-14T22:13:20.000Z");
    CHECK(render("{{ dateInZone \"3:04 pm -07:00\" 1700000000 \"America/New_York\" }}") == "5:13 pm -05:00");
    CHECK(render("{{ dateInZone \"Monday, January 2 2006 002\" 1700000000 \"Nowhere/Invalid\" }}") ==
          "Tuesday, November 14 2023 318");
    CHECK(render("{{ htmlDateInZone 1700000000 \"UTC\" }}") == "2023-11-14");
}

TEST_CASE("toDate, unixEpoch, dateModify", "[helm_template][dates]") {
    CHECK(render("{{ toDate \"2006-01-02\" \"2024-02-29\" | date \"2006-01-02\" }}") == "2024-02-29");
    CHECK(render("{{ (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-03-01T10:00:00+02:00\").Unix }}") ==
          "1709280000");
    CHECK(render("{{ unixEpoch (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-03-01T08:00:00Z\") }}") ==
          "1709280000");
    CHECK(render("{{ (dateModify \"1h30m\" (toDate \"2006-01-02T15:04:05Z07:00\" "
                 "\"2024-01-01T00:00:00Z\")).UTC.Format "
                 "\"15:04\" }}") == "01:30");
    CHECK(render("{{ toDate \"2006-01-02\" \"garbage\" }}") == "0001-01-01 00:00:00 +0000 UTC");
    CHECK(render("{{ now | typeOf }}") == "time.Time");
    CHECK(render("{{ ago now }}") == "0s");
}

TEST_CASE("durations", "[helm_template][dates]") {
    CHECK(render("{{ duration 95 }} {{ duration 3600 }} {{ duration 0 }} {{ duration \"30\" }}") ==
          "1m35s 1h0m0s 0s 30s");
    CHECK(render("{{ durationRound \"2h30m\" }} {{ durationRound \"400h\" }} {{ durationRound \"2000h\" }} "
                 "{{ durationRound \"9000h\" }}") == "2h 16d 2mo 1y");
    CHECK(goDurationString(1500000) == "1.5ms");
    CHECK(goDurationString(-90000000000LL) == "-1m30s");
    CHECK(goParseDuration("1h30m").value() == 5400000000000LL);
    CHECK(goParseDuration("1.5s").value() == 1500000000LL);
    CHECK_FALSE(goParseDuration("5 parsecs").has_value());
}
