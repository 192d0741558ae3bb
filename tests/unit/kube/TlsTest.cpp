#include "TestSupport.hpp"

#include "kube/Cluster.hpp"
#include "kube/ClusterManager.hpp"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/X509Certificate.h>

#include <catch2/catch.hpp>

#include <sys/stat.h>

using namespace kmcp::kube;
using namespace kmcp::kube::test;

namespace {

// HTTPS server whose answer is the client certificate's CN ("none" without one).
std::unique_ptr<TestServer> httpsServer(const TestPki& pki, Poco::Net::Context::VerificationMode mode) {
    Poco::Net::Context::Ptr ctx =
        new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, pki.path("server.key"),
                               pki.path("server.crt"), pki.path("ca.crt"), mode);
    // Poco's extended verification would match the client certificate against the client's
    // address; the TLS-level check (signed by the CA, present when STRICT) is what we test.
    ctx->enableExtendedCertificateVerification(false);
    Poco::Net::SecureServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0), 64, ctx);
    return std::make_unique<TestServer>(
        [](Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& res) {
            auto& impl = static_cast<Poco::Net::HTTPServerRequestImpl&>(req);
            Poco::Net::SecureStreamSocket sss(impl.socket());
            std::string cn = "none";
            if (sss.havePeerCertificate()) cn = sss.peerCertificate().commonName();
            reply(res, 200, cn + " " + req.get("Authorization", "-"), "text/plain");
        },
        socket, true);
}

kmcp::Result<Response> whoami(const TempDir& dir, const std::string& server, const std::string& user,
                              const std::string& clusterExtra,
                              const Credentials& creds = Credentials::kubeconfig()) {
    auto cfg = KubeConfig::parseFile(dir.write("kubeconfig", kubeconfigFor(server, user, clusterExtra)));
    REQUIRE(cfg.ok());
    auto cluster = Cluster::create("test", cfg.value());
    if (!cluster) return cluster.error();
    Request r;
    r.path = "/whoami";
    return cluster.value()->send(r, creds);
}

} // namespace

TEST_CASE("TLS: CA file and data, client certificates from files and data, bearer without client cert",
          "[tls]") {
    TempDir dir;
    TestPki pki(dir);
    REQUIRE(pki.ok);
    auto server = httpsServer(pki, Poco::Net::Context::VERIFY_RELAXED);
    const std::string url = server->url();
    const std::string caFile = "    certificate-authority: " + pki.path("ca.crt") + "\n";
    const std::string caData = "    certificate-authority-data: " + b64(slurp(pki.path("ca.crt"))) + "\n";

    auto plain = whoami(dir, url, "    token: t1\n", caFile);
    INFO((plain.ok() ? std::string() : plain.error().message));
    REQUIRE(plain.ok());
    REQUIRE(plain->body == "none Bearer t1");

    auto certFiles = whoami(dir, url,
                            "    client-certificate: " + pki.path("client.crt") +
                                "\n    client-key: " + pki.path("client.key") + "\n",
                            caData);
    REQUIRE(certFiles.ok());
    REQUIRE(certFiles->body == "alice -");

    const std::string certData = "    client-certificate-data: " + b64(slurp(pki.path("client.crt"))) +
                                 "\n    client-key-data: " + b64(slurp(pki.path("client.key"))) +
                                 "\n    token: kc\n";
    auto dataCreds = whoami(dir, url, certData, caData);
    REQUIRE(dataCreds.ok());
    REQUIRE(dataCreds->body == "alice Bearer kc");

    // a caller's bearer token never comes with the kubeconfig's client certificate or token
    auto bearer = whoami(dir, url, certData, caData, Credentials::bearer("caller"));
    REQUIRE(bearer.ok());
    REQUIRE(bearer->body == "none Bearer caller");
}

TEST_CASE("TLS: wrong CA is refused, insecure-skip-tls-verify and tls-server-name work", "[tls]") {
    TempDir dir;
    TestPki pki(dir);
    REQUIRE(pki.ok);
    auto server = httpsServer(pki, Poco::Net::Context::VERIFY_RELAXED);
    const std::string wrongCa = "    certificate-authority: " + pki.path("other.crt") + "\n";
    auto refused = whoami(dir, server->url(), "    token: t\n", wrongCa);
    REQUIRE_FALSE(refused.ok());
    REQUIRE(refused.error().code == kmcp::Error::Code::Unavailable);
    REQUIRE(refused.error().message.find("cannot reach the Kubernetes API server at " + server->url()) == 0);

    auto insecure = whoami(dir, server->url(), "    token: t\n", "    insecure-skip-tls-verify: true\n");
    REQUIRE(insecure.ok());
    REQUIRE(insecure->status == 200);

    const std::string ca = "    certificate-authority: " + pki.path("ca.crt") + "\n";
    const std::string byName = "https://localhost:" + std::to_string(server->port());
    auto named = whoami(dir, byName, "    token: t\n", ca + "    tls-server-name: api.example.test\n");
    INFO((named.ok() ? std::string() : named.error().message));
    REQUIRE(named.ok());
    auto wrongName = whoami(dir, byName, "    token: t\n", ca + "    tls-server-name: wrong.example.test\n");
    REQUIRE_FALSE(wrongName.ok());
}

TEST_CASE("TLS: a server that requires client certificates refuses clients without one", "[tls]") {
    TempDir dir;
    TestPki pki(dir);
    REQUIRE(pki.ok);
    auto server = httpsServer(pki, Poco::Net::Context::VERIFY_STRICT);
    const std::string ca = "    certificate-authority: " + pki.path("ca.crt") + "\n";
    auto withCert = whoami(dir, server->url(),
                           "    client-certificate: " + pki.path("client.crt") +
                               "\n    client-key: " + pki.path("client.key") + "\n",
                           ca);
    INFO((withCert.ok() ? std::string() : withCert.error().message));
    REQUIRE(withCert.ok());
    REQUIRE(withCert->body == "alice -");
    auto without = whoami(dir, server->url(), "    token: t\n", ca);
    REQUIRE_FALSE(without.ok());
    REQUIRE(without.error().code == kmcp::Error::Code::Unavailable);
}

TEST_CASE("TLS: bad client key material fails at cluster creation", "[tls]") {
    TempDir dir;
    TestPki pki(dir);
    REQUIRE(pki.ok);
    auto r = whoami(dir, "https://127.0.0.1:1",
                    "    client-certificate: " + pki.path("client.crt") +
                        "\n    client-key: " + pki.path("server.key") + "\n",
                    "");
    REQUIRE_FALSE(r.ok());
    REQUIRE(r.error().message.find("does not match") != std::string::npos);
}

TEST_CASE("TLS: client certificate files renewed in place are used without a restart", "[tls][rotation]") {
    TempDir dir;
    TestPki pki(dir);
    REQUIRE(pki.ok);
    auto server = httpsServer(pki, Poco::Net::Context::VERIFY_STRICT);
    const std::string certFile = dir.write("current.crt", slurp(pki.path("client.crt")));
    const std::string keyFile = dir.write("current.key", slurp(pki.path("client.key")));
    auto cfg = KubeConfig::parseFile(
        dir.write("kubeconfig",
                  kubeconfigFor(server->url(),
                                "    client-certificate: " + certFile + "\n    client-key: " + keyFile + "\n",
                                "    certificate-authority: " + pki.path("ca.crt") + "\n")));
    REQUIRE(cfg.ok());
    auto cluster = Cluster::create("test", cfg.value());
    REQUIRE(cluster.ok());
    auto who = [&] {
        Request r;
        r.path = "/whoami";
        auto res = cluster.value()->send(r, Credentials::kubeconfig());
        INFO((res.ok() ? std::string() : res.error().message));
        REQUIRE(res.ok());
        return res->body;
    };
    REQUIRE(who() == "alice -");

    // Half a rotation: the new certificate is there, its key not yet. The pair does not match,
    // so the previous identity keeps serving instead of the cluster becoming unreachable.
    const std::string renewedCert = slurp(pki.path("renewed.crt"));
    dir.write("current.crt", renewedCert + std::string(64, '\n')); // another size, surely another stamp
    CHECK(who() == "alice -");
    CHECK(who() == "alice -");

    dir.write("current.key", slurp(pki.path("renewed.key")));
    CHECK(who() == "alice-renewed -");

    // A file removed mid-rotation keeps the last good material.
    std::filesystem::remove(keyFile);
    CHECK(who() == "alice-renewed -");
}

TEST_CASE("TLS: an exec plugin's client certificate is presented", "[tls][exec]") {
    TempDir dir;
    TestPki pki(dir);
    REQUIRE(pki.ok);
    auto server = httpsServer(pki, Poco::Net::Context::VERIFY_RELAXED);
    // The plugin prints the PEM files JSON-escaped (newlines as \n).
    const std::string plugin =
        dir.write("plugin.sh",
                  "#!/bin/sh\nesc() { awk '{printf \"%s\\\\n\", $0}' \"$1\"; }\n"
                  "printf '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
                  "\"status\":{\"clientCertificateData\":\"%s\",\"clientKeyData\":\"%s\"}}' \"$(esc " +
                      pki.path("client.crt") + ")\" \"$(esc " + pki.path("client.key") + ")\"\n");
    chmod(plugin.c_str(), 0755);
    const std::string ca = "    certificate-authority: " + pki.path("ca.crt") + "\n";
    auto r = whoami(
        dir, server->url(),
        "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: " + plugin + "\n", ca);
    INFO((r.ok() ? std::string() : r.error().message));
    REQUIRE(r.ok());
    REQUIRE(r->body == "alice -");
}

TEST_CASE("in-cluster: service-account token and CA, token rotation picked up", "[tls][incluster]") {
    TempDir dir;
    TestPki pki(dir);
    REQUIRE(pki.ok);
    auto server = httpsServer(pki, Poco::Net::Context::VERIFY_RELAXED);
    std::filesystem::create_directories(dir.path("sa"));
    dir.write("sa/token", "sa-token-1");
    dir.write("sa/ca.crt", slurp(pki.path("ca.crt")));
    dir.write("sa/namespace", "tools");
    setenv("KUBERNETES_SERVICE_HOST", "127.0.0.1", 1);
    setenv("KUBERNETES_SERVICE_PORT", std::to_string(server->port()).c_str(), 1);
    kmcp::config::Config cfg;
    ManagerOptions opts;
    opts.inClusterRoot = dir.path("sa");
    auto m = ClusterManager::create(cfg, opts);
    unsetenv("KUBERNETES_SERVICE_HOST");
    unsetenv("KUBERNETES_SERVICE_PORT");
    REQUIRE(m.ok());
    REQUIRE(m.value()->provider() == kmcp::config::ClusterProvider::InCluster);
    auto cluster = m.value()->cluster("");
    REQUIRE(cluster.ok());
    REQUIRE(cluster.value()->defaultNamespace() == "tools");
    Request r;
    r.path = "/whoami";
    REQUIRE(cluster.value()->send(r, Credentials::kubeconfig())->body == "none Bearer sa-token-1");
    dir.write("sa/token", "sa-token-rotated");
    REQUIRE(cluster.value()->send(r, Credentials::kubeconfig())->body == "none Bearer sa-token-rotated");
    const std::string view = m.value()->kubeconfigView(false);
    REQUIRE(view.find("sa-token") == std::string::npos);
    REQUIRE(view.find("tokenFile: " + dir.path("sa/token")) != std::string::npos);
}
