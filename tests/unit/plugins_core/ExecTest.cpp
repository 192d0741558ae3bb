#include "Exec.hpp"

#include <catch2/catch.hpp>

using namespace kmcp::plugins::core;

TEST_CASE("parseExecStatus reads success and exit codes", "[exec]") {
    CHECK(parseExecStatus(R"({"metadata":{},"status":"Success"})").success);
    CHECK(parseExecStatus("").success);
    auto failed =
        parseExecStatus(R"({"status":"Failure","message":"command terminated with non-zero exit code: exit 3",
        "reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"3"}]}})");
    CHECK_FALSE(failed.success);
    CHECK(failed.exitCode == 3);
    auto other = parseExecStatus(R"({"status":"Failure","message":"container not found"})");
    CHECK_FALSE(other.success);
    CHECK(other.exitCode == -1);
    CHECK(other.message == "container not found");
}

TEST_CASE("execOutput gives stdout then stderr", "[exec]") {
    CHECK(execOutput("out", "err\n", "p", "ns") == "out\nerr\n");
    CHECK(execOutput("out\n", "", "p", "ns") == "out\n");
    CHECK(execOutput("", "only err", "p", "ns") == "only err");
    CHECK(execOutput("", "", "p", "ns") ==
          "The executed command in pod p in namespace ns has not produced any output");
}

TEST_CASE("execResult prefers the Status channel, else reads the stream result", "[exec]") {
    CHECK(execResult("", 0).success);
    CHECK(execResult("", 101).success);
    CHECK(execResult("", -1).success);
    auto three = execResult("", 3);
    CHECK_FALSE(three.success);
    CHECK(three.exitCode == 3);
    CHECK(execResult(R"({"status":"Success"})", 7).success);
    CHECK(execResult(R"({"status":"Failure","details":{"causes":[{"reason":"ExitCode","message":"2"}]}})", 0)
              .exitCode == 2);
}
