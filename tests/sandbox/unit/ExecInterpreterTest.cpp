#include "ExecInterpreter.hpp"
#include "ExecSession.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace kmcp::sandbox;

namespace {

ExecContext ctx() {
    ExecContext c;
    c.podName = "web-1";
    c.container = "app";
    c.env = {{"PATH", "/bin"}, {"HOSTNAME", "web-1"}, {"LOG_LEVEL", "debug"}};
    c.now = parseRfc3339("2024-05-01T12:34:56Z");
    return c;
}

} // namespace

TEST_CASE("echo, hostname, cat and env", "[exec]") {
    CHECK(ExecInterpreter::run({"echo", "hi", "there"}, ctx()).out == "hi there\n");
    CHECK(ExecInterpreter::run({"echo", "-n", "x"}, ctx()).out == "x");
    CHECK(ExecInterpreter::run({"hostname"}, ctx()).out == "web-1\n");
    CHECK(ExecInterpreter::run({"cat", "/etc/hostname"}, ctx()).out == "web-1\n");
    CHECK(ExecInterpreter::run({"env"}, ctx()).out == "PATH=/bin\nHOSTNAME=web-1\nLOG_LEVEL=debug\n");
    CHECK(ExecInterpreter::run({"printenv", "LOG_LEVEL"}, ctx()).out == "debug\n");
    CHECK(ExecInterpreter::run({"date"}, ctx()).out == "Wed May  1 12:34:56 UTC 2024\n");
}

TEST_CASE("ls lists the fake filesystem", "[exec]") {
    auto r = ExecInterpreter::run({"ls", "/"}, ctx());
    CHECK(r.exitCode == 0);
    CHECK(r.out.find("etc\n") != std::string::npos);
    auto missing = ExecInterpreter::run({"ls", "/nope"}, ctx());
    CHECK(missing.exitCode == 1);
    CHECK(missing.err == "ls: /nope: No such file or directory\n");
}

TEST_CASE("exit codes and unknown commands", "[exec]") {
    CHECK(ExecInterpreter::run({"false"}, ctx()).exitCode == 1);
    CHECK(ExecInterpreter::run({"true"}, ctx()).exitCode == 0);
    CHECK(ExecInterpreter::run({"exit", "3"}, ctx()).exitCode == 3);
    auto r = ExecInterpreter::run({"curl", "x"}, ctx());
    CHECK(r.exitCode == 127);
    CHECK(r.err == "sh: curl: not found\n");
    CHECK(r.out.empty());
}

TEST_CASE("sh -c runs a small script", "[exec]") {
    auto r = ExecInterpreter::run({"sh", "-c", "echo 'a b' && echo c; false || echo d"}, ctx());
    CHECK(r.out == "a b\nc\nd\n");
    CHECK(r.exitCode == 0);
    auto e = ExecInterpreter::run({"/bin/sh", "-c", "echo x; exit 4; echo never"}, ctx());
    CHECK(e.out == "x\n");
    CHECK(e.exitCode == 4);
    auto stdinShell = ctx();
    stdinShell.stdinData = "echo from-stdin\nhostname\n";
    CHECK(ExecInterpreter::run({"sh"}, stdinShell).out == "from-stdin\nweb-1\n");
}

TEST_CASE("word splitting honours quotes and escapes", "[exec]") {
    CHECK(ExecInterpreter::splitWords(R"(echo "a b" 'c d' e\ f)") ==
          std::vector<std::string>{"echo", "a b", "c d", "e f"});
    CHECK(ExecInterpreter::splitWords("a&&b") == std::vector<std::string>{"a", "&&", "b"});
}

TEST_CASE("exec status messages follow the remotecommand protocol", "[exec]") {
    auto ok = nlohmann::json::parse(ExecSession::exitStatus(0, {"echo", "hi"}));
    CHECK(ok["status"] == "Success");
    auto bad = nlohmann::json::parse(ExecSession::exitStatus(2, {"sh", "-c", "exit 2"}));
    CHECK(bad["status"] == "Failure");
    CHECK(bad["reason"] == "NonZeroExitCode");
    CHECK(bad["details"]["causes"][0]["reason"] == "ExitCode");
    CHECK(bad["details"]["causes"][0]["message"] == "2");
    CHECK(bad["message"] ==
          "command terminated with non-zero exit code: error executing command [sh -c exit 2], exit code 2");
    CHECK(ExecSession::chooseProtocol("v4.channel.k8s.io, v5.channel.k8s.io") == "v5.channel.k8s.io");
    CHECK(ExecSession::chooseProtocol("v4.channel.k8s.io") == "v4.channel.k8s.io");
    CHECK(ExecSession::chooseProtocol("channel.k8s.io").empty());
}
