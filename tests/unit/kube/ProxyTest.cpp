// proxy-url: socks5:// tunnels (RFC 1928/1929) for plain and TLS API servers, and http:// proxy
// credentials. The SOCKS5 proxy here is a small real one: it relays bytes between two sockets.
#include "TestSupport.hpp"

#include "kube/Cluster.hpp"

#include <Poco/Base64Decoder.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/X509Certificate.h>

#include <catch2/catch.hpp>

#include <atomic>
#include <map>
#include <poll.h>
#include <sstream>
#include <thread>

using namespace kmcp::kube;
using namespace kmcp::kube::test;

namespace {

// A SOCKS5 proxy on 127.0.0.1 that resolves the names in `hosts` itself (like a proxy inside a
// private network would), optionally demands a user name and password, and records each CONNECT.
class Socks5Proxy {
public:
    explicit Socks5Proxy(std::map<std::string, std::string> hosts = {}, std::string user = "",
                         std::string password = "")
        : hosts_(std::move(hosts)), user_(std::move(user)), password_(std::move(password)),
          server_(Poco::Net::SocketAddress("127.0.0.1", 0)) {
        acceptor_ = std::thread([this] { acceptLoop(); });
    }
    ~Socks5Proxy() {
        stopping_ = true;
        server_.close();
        acceptor_.join();
        for (auto& t : relays_)
            t.join();
    }
    std::string url(const std::string& userInfo = "") const {
        return "socks5://" + (userInfo.empty() ? "" : userInfo + "@") +
               "127.0.0.1:" + std::to_string(server_.address().port());
    }
    std::vector<std::string> connects() {
        std::lock_guard lock(mutex_);
        return connects_;
    }

private:
    void acceptLoop() {
        while (!stopping_) {
            pollfd fd{server_.impl()->sockfd(), POLLIN, 0};
            if (::poll(&fd, 1, 100) <= 0) continue;
            try {
                Poco::Net::StreamSocket client = server_.acceptConnection();
                relays_.emplace_back([this, client]() mutable { serve(client); });
            } catch (const Poco::Exception&) {
                return;
            }
        }
    }

    static std::string take(Poco::Net::StreamSocket& s, int n) {
        std::string out(static_cast<size_t>(n), '\0');
        for (int got = 0; got < n;) {
            const int r = s.receiveBytes(out.data() + got, n - got);
            if (r <= 0) throw Poco::Net::NetException("client went away");
            got += r;
        }
        return out;
    }

    void serve(Poco::Net::StreamSocket client) {
        try {
            client.setReceiveTimeout(Poco::Timespan(5, 0));
            const std::string hello = take(client, 2);
            const std::string methods = take(client, static_cast<unsigned char>(hello[1]));
            const char wanted = user_.empty() ? '\x00' : '\x02';
            if (methods.find(wanted) == std::string::npos) {
                client.sendBytes("\x05\xff", 2);
                return;
            }
            client.sendBytes(std::string("\x05").append(1, wanted).data(), 2);
            if (!user_.empty()) {
                take(client, 1);
                const std::string user = take(client, static_cast<unsigned char>(take(client, 1)[0]));
                const std::string password = take(client, static_cast<unsigned char>(take(client, 1)[0]));
                const bool good = user == user_ && password == password_;
                client.sendBytes(good ? "\x01\x00" : "\x01\x01", 2);
                if (!good) return;
            }
            const std::string head = take(client, 4);
            std::string host;
            if (head[3] == '\x01') {
                const std::string a = take(client, 4);
                host = Poco::Net::IPAddress(a.data(), 4).toString();
            } else if (head[3] == '\x03') {
                host = take(client, static_cast<unsigned char>(take(client, 1)[0]));
            } else {
                client.sendBytes("\x05\x08\x00\x01\0\0\0\0\0\0", 10);
                return;
            }
            const std::string p = take(client, 2);
            const int port = static_cast<unsigned char>(p[0]) << 8 | static_cast<unsigned char>(p[1]);
            {
                std::lock_guard lock(mutex_);
                connects_.push_back(host + ":" + std::to_string(port));
            }
            const auto mapped = hosts_.find(host);
            Poco::Net::StreamSocket upstream;
            try {
                upstream.connect(Poco::Net::SocketAddress(mapped == hosts_.end() ? host : mapped->second,
                                                          static_cast<uint16_t>(port)));
            } catch (const Poco::Exception&) {
                client.sendBytes("\x05\x05\x00\x01\0\0\0\0\0\0", 10);
                return;
            }
            client.sendBytes("\x05\x00\x00\x01\x7f\x00\x00\x01\x00\x00", 10);
            relay(client, upstream);
        } catch (const Poco::Exception&) {
        }
    }

    void relay(Poco::Net::StreamSocket& a, Poco::Net::StreamSocket& b) {
        pollfd fds[2] = {{a.impl()->sockfd(), POLLIN, 0}, {b.impl()->sockfd(), POLLIN, 0}};
        char buf[16384];
        while (!stopping_) {
            if (::poll(fds, 2, 100) <= 0) continue;
            for (int i = 0; i < 2; ++i) {
                if ((fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
                auto& from = i == 0 ? a : b;
                auto& to = i == 0 ? b : a;
                const int n = from.receiveBytes(buf, sizeof buf);
                if (n <= 0) return;
                for (int sent = 0; sent < n;)
                    sent += to.sendBytes(buf + sent, n - sent);
            }
        }
    }

    const std::map<std::string, std::string> hosts_;
    const std::string user_;
    const std::string password_;
    Poco::Net::ServerSocket server_;
    std::atomic<bool> stopping_{false};
    std::thread acceptor_;
    std::vector<std::thread> relays_; // joined at the end; the tests open only a few connections
    std::mutex mutex_;
    std::vector<std::string> connects_;
};

std::shared_ptr<Cluster> clusterVia(const TempDir& dir, const std::string& server,
                                    const std::string& proxyUrl, const std::string& extra = "") {
    auto cfg = KubeConfig::parseFile(dir.write(
        "kubeconfig", kubeconfigFor(server, "    token: t\n", "    proxy-url: " + proxyUrl + "\n" + extra)));
    REQUIRE(cfg.ok());
    auto cluster = Cluster::create("test", cfg.value());
    INFO((cluster.ok() ? std::string() : cluster.error().message));
    REQUIRE(cluster.ok());
    return cluster.value();
}

std::string decodeBasic(const std::string& header) {
    std::istringstream in(header.substr(header.find(' ') + 1));
    Poco::Base64Decoder decoder(in);
    return std::string((std::istreambuf_iterator<char>(decoder)), std::istreambuf_iterator<char>());
}

} // namespace

TEST_CASE("socks5 proxy-url: the proxy resolves the API server's name and carries plain HTTP", "[proxy]") {
    TempDir dir;
    std::string host;
    TestServer api([&](Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& res) {
        host = req.getHost();
        reply(res, 200, R"({"gitVersion":"via-socks"})");
    });
    // The name exists only on the proxy's side: a local lookup would fail.
    Socks5Proxy proxy(std::map<std::string, std::string>{{"api.cluster.invalid", "127.0.0.1"}});
    const std::string server = "http://api.cluster.invalid:" + std::to_string(api.port());
    auto cluster = clusterVia(dir, server, proxy.url());
    for (int i = 0; i < 3; ++i) {
        auto r = cluster->send(get("/version"), Credentials::kubeconfig());
        INFO((r.ok() ? std::string() : r.error().message));
        REQUIRE(r.ok());
        CHECK(r->body == R"({"gitVersion":"via-socks"})");
    }
    CHECK(host == "api.cluster.invalid:" + std::to_string(api.port()));
    // Keep-alive through the tunnel: three requests, one CONNECT, by name.
    CHECK(proxy.connects() == std::vector<std::string>{"api.cluster.invalid:" + std::to_string(api.port())});
}

TEST_CASE("socks5 proxy-url: TLS runs end to end through the tunnel, verified against the server's name",
          "[proxy][tls]") {
    TempDir dir;
    TestPki pki(dir);
    REQUIRE(pki.ok);
    Poco::Net::Context::Ptr ctx = new Poco::Net::Context(
        Poco::Net::Context::TLS_SERVER_USE, pki.path("server.key"), pki.path("server.crt"),
        pki.path("ca.crt"), Poco::Net::Context::VERIFY_RELAXED);
    ctx->enableExtendedCertificateVerification(false);
    TestServer api(
        [](Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& res) {
            auto& impl = static_cast<Poco::Net::HTTPServerRequestImpl&>(req);
            Poco::Net::SecureStreamSocket sss(impl.socket());
            reply(res, 200, sss.havePeerCertificate() ? sss.peerCertificate().commonName() : "none",
                  "text/plain");
        },
        Poco::Net::SecureServerSocket(Poco::Net::SocketAddress("127.0.0.1", 0), 64, ctx), true);
    Socks5Proxy proxy;
    const std::string ca = "    certificate-authority: " + pki.path("ca.crt") + "\n";
    // localhost is in the server certificate; the proxy resolves it.
    auto cfg = KubeConfig::parseFile(
        dir.write("kubeconfig", kubeconfigFor("https://localhost:" + std::to_string(api.port()),
                                              "    client-certificate: " + pki.path("client.crt") +
                                                  "\n    client-key: " + pki.path("client.key") + "\n",
                                              ca + "    proxy-url: " + proxy.url() + "\n")));
    REQUIRE(cfg.ok());
    auto cluster = Cluster::create("test", cfg.value());
    REQUIRE(cluster.ok());
    auto r = cluster.value()->send(get("/whoami"), Credentials::kubeconfig());
    INFO((r.ok() ? std::string() : r.error().message));
    REQUIRE(r.ok());
    CHECK(r->body == "alice");
    CHECK(proxy.connects() == std::vector<std::string>{"localhost:" + std::to_string(api.port())});

    // The name is still checked: a tls-server-name the certificate does not carry is refused.
    auto wrong = clusterVia(dir, "https://localhost:" + std::to_string(api.port()), proxy.url(),
                            ca + "    tls-server-name: wrong.example.test\n");
    auto refused = wrong->send(get("/whoami"), Credentials::kubeconfig());
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == kmcp::Error::Code::Unavailable);
}

TEST_CASE("socks5 proxy-url: user name and password from the URL, and clear refusals", "[proxy]") {
    TempDir dir;
    TestServer api(
        [](Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& res) { reply(res, 200, "{}"); });
    Socks5Proxy proxy({}, "tunnel", "p w");
    const std::string server = "http://127.0.0.1:" + std::to_string(api.port());

    auto good =
        clusterVia(dir, server, proxy.url("tunnel:p%20w"))->send(get("/version"), Credentials::kubeconfig());
    INFO((good.ok() ? std::string() : good.error().message));
    REQUIRE(good.ok());
    CHECK(proxy.connects() == std::vector<std::string>{"127.0.0.1:" + std::to_string(api.port())});

    auto badPassword =
        clusterVia(dir, server, proxy.url("tunnel:nope"))->send(get("/version"), Credentials::kubeconfig());
    REQUIRE_FALSE(badPassword.ok());
    CHECK(badPassword.error().message.find("SOCKS5 proxy refused the user name and password") !=
          std::string::npos);

    auto none = clusterVia(dir, server, proxy.url())->send(get("/version"), Credentials::kubeconfig());
    REQUIRE_FALSE(none.ok());
    CHECK(none.error().message.find("SOCKS5 proxy requires authentication") != std::string::npos);
    CHECK(proxy.connects().size() == 1);
}

TEST_CASE("socks5 proxy-url: a target the proxy cannot reach is a clear error", "[proxy]") {
    TempDir dir;
    Socks5Proxy proxy;
    uint16_t closedPort = 0;
    {
        Poco::Net::ServerSocket probe(Poco::Net::SocketAddress("127.0.0.1", 0));
        closedPort = probe.address().port();
    }
    const std::string server = "http://127.0.0.1:" + std::to_string(closedPort);
    auto r = clusterVia(dir, server, proxy.url())->send(get("/version"), Credentials::kubeconfig());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == kmcp::Error::Code::Unavailable);
    CHECK(r.error().message.find("cannot reach the Kubernetes API server at " + server) == 0);
    CHECK(r.error().message.find("could not connect to 127.0.0.1:" + std::to_string(closedPort) +
                                 ": connection refused") != std::string::npos);
}

TEST_CASE("proxy-url: http proxies get the URL's credentials, other schemes are refused", "[proxy]") {
    TempDir dir;
    std::string credentials;
    TestServer httpProxy([&](Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& res) {
        credentials = decodeBasic(req.get("Proxy-Authorization", ""));
        reply(res, 200, "{}");
    });
    const std::string withUser = "http://ops:s%3Acret@127.0.0.1:" + std::to_string(httpProxy.port());
    auto r = clusterVia(dir, "http://api.cluster.invalid", withUser)
                 ->send(get("/version"), Credentials::kubeconfig());
    REQUIRE(r.ok());
    CHECK(credentials == "ops:s:cret");

    auto cfg = KubeConfig::parseFile(dir.write(
        "kubeconfig", kubeconfigFor("https://127.0.0.1:1", "    token: t\n", "    proxy-url: ftp://x:21\n")));
    REQUIRE(cfg.ok());
    auto refused = Cluster::create("test", cfg.value());
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.find("proxy-url must be http:// or socks5://") != std::string::npos);
}
