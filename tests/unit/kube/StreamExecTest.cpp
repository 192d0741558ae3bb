#include "TestSupport.hpp"

#include "kube/Cluster.hpp"
#include "kube/Streams.hpp"
#include "kube/UserScopedClient.hpp"

#include <Poco/Buffer.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/WebSocket.h>

#include <catch2/catch.hpp>

#include <algorithm>

using namespace kmcp::kube;
using namespace kmcp::kube::test;

namespace {

// A tiny channel.k8s.io exec server: reads stdin until the v5 close message, then writes the
// upper-cased input to stdout, "warn" to stderr and a NonZeroExitCode status with code 3.
void execHandler(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& res,
                 const std::string& protocol) {
    if (req.get("Authorization", "") != "Bearer kc-token") {
        return reply(
            res, 403,
            R"({"kind":"Status","status":"Failure","message":"pods \"p\" is forbidden: cannot create pods/exec","code":403})");
    }
    if (req.get("Upgrade", "").empty())
        return reply(res, 400, R"({"kind":"Status","message":"Upgrade request required"})");
    const std::string offered = req.get("Sec-WebSocket-Protocol", "");
    if (offered.find(protocol) == std::string::npos) return reply(res, 400, "{}");
    res.set("Sec-WebSocket-Protocol", protocol);
    Poco::Net::WebSocket ws(req, res);
    ws.setReceiveTimeout(Poco::Timespan(5, 0));
    std::string input;
    Poco::Buffer<char> buf(0);
    const bool v5 = protocol == "v5.channel.k8s.io";
    for (int i = 0; i < 100; ++i) {
        int flags = 0;
        buf.resize(0);
        const int n = ws.receiveFrame(buf, flags);
        if (n <= 0) break;
        if (buf[0] == 0) input.append(buf.begin() + 1, static_cast<size_t>(n - 1));
        if (static_cast<unsigned char>(buf[0]) == 255 && n == 2 && buf[1] == 0) break;
        if (!v5 && input.find('\n') != std::string::npos) break;
    }
    std::string upper = input;
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    auto send = [&](char channel, const std::string& data) {
        std::string frame(1, channel);
        frame += data;
        ws.sendFrame(frame.data(), static_cast<int>(frame.size()), Poco::Net::WebSocket::FRAME_BINARY);
    };
    send(1, "");
    send(1, upper);
    send(2, "warn");
    send(
        3,
        R"({"metadata":{},"status":"Failure","message":"command terminated with non-zero exit code: error executing command [sh], exit code 3","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"3"}]}})");
    ws.shutdown();
}

std::shared_ptr<Cluster> clusterFor(const TempDir& dir, const std::string& server) {
    auto cfg = KubeConfig::parseFile(dir.write("kubeconfig", kubeconfigFor(server)));
    REQUIRE(cfg.ok());
    auto c = Cluster::create("test", cfg.value());
    REQUIRE(c.ok());
    return c.value();
}

Request execRequest() {
    Request r;
    r.method = "GET";
    r.path = "/api/v1/namespaces/a/pods/p/exec";
    r.query = "command=sh&stdin=true&stdout=true&stderr=true";
    return r;
}

} // namespace

TEST_CASE("WebSocket exec v5: stdin, close, stdout/stderr channels and exit code", "[exec-ws]") {
    TempDir dir;
    TestServer server([](Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& res) {
        execHandler(req, res, "v5.channel.k8s.io");
    });
    UserScopedClient client(clusterFor(dir, server.url()), Credentials::kubeconfig(), Policy{});
    std::string out, err;
    auto code = client.stream(execRequest(), StreamKind::WebSocket, "hello\n", 1 << 20,
                              [&](uint32_t ch, std::string_view d) {
                                  (ch == 1 ? out : err).append(d);
                                  return true;
                              });
    INFO((code.ok() ? std::string() : code.error().message));
    REQUIRE(code.ok());
    REQUIRE(code.value() == 3);
    REQUIRE(out == "HELLO\n");
    REQUIRE(err == "warn");
}

TEST_CASE("WebSocket exec falls back to v4", "[exec-ws]") {
    TempDir dir;
    TestServer server([](Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& res) {
        execHandler(req, res, "v4.channel.k8s.io");
    });
    UserScopedClient client(clusterFor(dir, server.url()), Credentials::kubeconfig(), Policy{});
    std::string out;
    auto code = client.stream(execRequest(), StreamKind::WebSocket, "abc\n", 1 << 20,
                              [&](uint32_t ch, std::string_view d) {
                                  if (ch == 1) out.append(d);
                                  return true;
                              });
    REQUIRE(code.ok());
    REQUIRE(code.value() == 3);
    REQUIRE(out == "ABC\n");
}

TEST_CASE("WebSocket exec refusal carries the Status message; read-only refuses exec", "[exec-ws]") {
    TempDir dir;
    TestServer server([](Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& res) {
        execHandler(req, res, "v5.channel.k8s.io");
    });
    auto cluster = clusterFor(dir, server.url());
    UserScopedClient stranger(cluster, Credentials::bearer("nobody"), Policy{});
    auto refused = stranger.stream(execRequest(), StreamKind::WebSocket, "", 100,
                                   [](uint32_t, std::string_view) { return true; });
    REQUIRE_FALSE(refused.ok());
    REQUIRE(refused.error().code == kmcp::Error::Code::Denied);
    REQUIRE(refused.error().message == R"(pods "p" is forbidden: cannot create pods/exec)");

    Policy ro;
    ro.readOnly = true;
    const int before = server.connections();
    UserScopedClient readOnly(cluster, Credentials::kubeconfig(), ro);
    auto blocked = readOnly.stream(execRequest(), StreamKind::WebSocket, "", 100,
                                   [](uint32_t, std::string_view) { return true; });
    REQUIRE_FALSE(blocked.ok());
    REQUIRE(blocked.error().message.find("read-only mode: refusing GET /api/v1/namespaces/a/pods/p/exec") ==
            0);
    REQUIRE(server.connections() == before);
}

TEST_CASE("exec status documents", "[exec-ws]") {
    REQUIRE(execExitCode(R"({"status":"Success"})").value() == 0);
    REQUIRE(
        execExitCode(
            R"({"status":"Failure","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"42"}]}})")
            .value() == 42);
    auto other = execExitCode(
        R"J({"status":"Failure","message":"container not found (\"x\")","reason":"InternalError"})J");
    REQUIRE_FALSE(other.ok());
    REQUIRE(other.error().message == "container not found (\"x\")");
}
