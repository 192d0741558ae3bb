#include "TestSupport.hpp"

#include "kube/ExecCredential.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>

using namespace kmcp::kube;
using kmcp::kube::test::TempDir;

namespace {

// The plugin counts its runs in a file, echoes its env and KUBERNETES_EXEC_INFO, and prints an
// ExecCredential whose token carries the run number.
std::string writePlugin(const TempDir& dir, const std::string& expiry) {
    const std::string script =
        "#!/bin/sh\n"
        "n=$(cat \"" +
        dir.path("count") +
        "\" 2>/dev/null || echo 0)\n"
        "n=$((n+1))\necho $n > \"" +
        dir.path("count") +
        "\"\n"
        "printf '%s' \"$KUBERNETES_EXEC_INFO\" > \"" +
        dir.path("info") +
        "\"\n"
        "echo \"$1 $PLUGIN_VAR\" > \"" +
        dir.path("argsenv") +
        "\"\n"
        "cat <<JSON\n"
        "{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
        "\"status\":{\"token\":\"tok-$n\"" +
        (expiry.empty() ? "" : ",\"expirationTimestamp\":\"" + expiry + "\"") + "}}\nJSON\n";
    const std::string path = dir.write("plugin.sh", script);
    chmod(path.c_str(), 0755);
    return path;
}

ExecConfig config(const std::string& command) {
    ExecConfig e;
    e.apiVersion = "client.authentication.k8s.io/v1";
    e.command = command;
    e.args = {"first-arg"};
    e.env = {{"PLUGIN_VAR", "from-env"}};
    e.provideClusterInfo = true;
    return e;
}

} // namespace

TEST_CASE("exec plugin credential is cached until it expires", "[exec]") {
    TempDir dir;
    ExecCredentialProvider provider(config(writePlugin(dir, "2099-01-01T00:00:00Z")), "https://api:6443", "",
                                    false);
    auto first = provider.get();
    REQUIRE(first.ok());
    REQUIRE(first->token == "tok-1");
    REQUIRE(first->expiry.has_value());
    auto second = provider.get();
    REQUIRE(second->token == "tok-1");
    REQUIRE(provider.runs() == 1);
    REQUIRE(kmcp::kube::test::slurp(dir.path("argsenv")) == "first-arg from-env\n");
    const std::string info = kmcp::kube::test::slurp(dir.path("info"));
    REQUIRE(info.find("\"kind\":\"ExecCredential\"") != std::string::npos);
    REQUIRE(info.find("https://api:6443") != std::string::npos);
    provider.invalidate();
    REQUIRE(provider.get()->token == "tok-2");
}

TEST_CASE("expired exec credential runs the plugin again", "[exec]") {
    TempDir dir;
    ExecCredentialProvider provider(config(writePlugin(dir, "2001-01-01T00:00:00Z")), "https://api", "",
                                    false);
    REQUIRE(provider.get()->token == "tok-1");
    REQUIRE(provider.get()->token == "tok-2");
    REQUIRE(provider.runs() == 2);
}

TEST_CASE("exec plugin failures are clear", "[exec]") {
    TempDir dir;
    const std::string failing = dir.write("fail.sh", "#!/bin/sh\necho 'login required' >&2\nexit 3\n");
    chmod(failing.c_str(), 0755);
    ExecConfig e = config(failing);
    ExecCredentialProvider provider(e, "https://api", "", false);
    auto r = provider.get();
    REQUIRE_FALSE(r.ok());
    REQUIRE(r.error().code == kmcp::Error::Code::Unauthenticated);
    REQUIRE(r.error().message.find("exit code 3") != std::string::npos);
    REQUIRE(r.error().message.find("login required") != std::string::npos);

    e.command = dir.path("does-not-exist");
    e.installHint = "install the frobnicator";
    auto missing = ExecCredentialProvider(e, "https://api", "", false).get();
    REQUIRE_FALSE(missing.ok());
}

TEST_CASE("ExecCredential parsing", "[exec]") {
    const std::string v1 = "client.authentication.k8s.io/v1";
    auto cert = parseExecCredential(
        R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"clientCertificateData":"CERT","clientKeyData":"KEY"}})",
        v1);
    REQUIRE(cert.ok());
    REQUIRE(cert->clientCertificateData == "CERT");
    REQUIRE_FALSE(cert->expiry.has_value());
    REQUIRE_FALSE(
        parseExecCredential(
            R"({"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"t"}})",
            v1)
            .ok());
    REQUIRE(
        parseExecCredential(
            R"({"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"t"}})",
            "client.authentication.k8s.io/v1beta1")
            .ok());
    REQUIRE_FALSE(parseExecCredential("not json", v1).ok());
    REQUIRE_FALSE(
        parseExecCredential(
            R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{}})", v1)
            .ok());
    auto frac = parseExecCredential(
        R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"t","expirationTimestamp":"2030-05-01T10:00:00.123Z"}})",
        v1);
    REQUIRE(frac.ok());
    REQUIRE(frac->expiry.has_value());
}
