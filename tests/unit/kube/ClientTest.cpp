#include "TestSupport.hpp"

#include "kube/Cluster.hpp"
#include "kube/ClusterConnection.hpp"
#include "kube/UserScopedClient.hpp"

#include <Poco/Net/StreamSocket.h>

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <mutex>
#include <thread>

using namespace kmcp::kube;
using namespace kmcp::kube::test;

namespace {

std::shared_ptr<Cluster> clusterFor(const TempDir& dir, const std::string& server,
                                    const std::string& user = "    token: kc-token\n",
                                    ClusterOptions opts = {}) {
    auto cfg = KubeConfig::parseFile(dir.write("kubeconfig", kubeconfigFor(server, user)));
    REQUIRE(cfg.ok());
    auto c = Cluster::create("test", cfg.value(), opts);
    INFO((c.ok() ? std::string() : c.error().message));
    REQUIRE(c.ok());
    return c.value();
}

const char* kDiscoveryApi = R"({"kind":"APIVersions","versions":["v1"]})";
const char* kDiscoveryApis =
    R"({"kind":"APIGroupList","groups":[{"name":"apps","versions":[{"groupVersion":"apps/v1","version":"v1"}],"preferredVersion":{"groupVersion":"apps/v1","version":"v1"}}]})";
const char* kCoreV1 =
    R"({"kind":"APIResourceList","groupVersion":"v1","resources":[{"name":"pods","singularName":"pod","namespaced":true,"kind":"Pod","verbs":["get","list"],"shortNames":["po"]},{"name":"pods/log","namespaced":true,"kind":"Pod","verbs":["get"]},{"name":"secrets","singularName":"secret","namespaced":true,"kind":"Secret","verbs":["get"]}]})";
const char* kAppsV1 =
    R"({"kind":"APIResourceList","groupVersion":"apps/v1","resources":[{"name":"deployments","singularName":"deployment","namespaced":true,"kind":"Deployment","verbs":["get","list","create"],"shortNames":["deploy"]}]})";

// A small API server: discovery documents, an echo of the Authorization header, a forbidden pod.
struct FakeApi {
    std::atomic<int> discoveryHits{0};
    std::mutex mu;
    std::string discoveryAuth; // Authorization of the last /apis/apps/v1 fetch
    TestServer server{[this](Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& res) {
        const std::string uri = req.getURI();
        if (uri == "/api") {
            ++discoveryHits;
            return reply(res, 200, kDiscoveryApi);
        }
        if (uri == "/apis") {
            ++discoveryHits;
            return reply(res, 200, kDiscoveryApis);
        }
        if (uri == "/api/v1") {
            ++discoveryHits;
            return reply(res, 200, kCoreV1);
        }
        if (uri == "/apis/apps/v1") {
            ++discoveryHits;
            std::lock_guard lock(mu);
            discoveryAuth = req.get("Authorization", "none");
            return reply(res, 200, kAppsV1);
        }
        if (uri == "/version") return reply(res, 200, R"({"major":"1","minor":"30","gitVersion":"v1.30.0"})");
        if (uri == "/whoami") return reply(res, 200, req.get("Authorization", "none"), "text/plain");
        if (uri == "/headers")
            return reply(res, 200, req.get("Impersonate-User", "-") + " " + req.get("X-Custom", "-"),
                         "text/plain");
        if (uri == "/slow") {
            std::this_thread::sleep_for(std::chrono::milliseconds(1500));
            return reply(res, 200, "{}");
        }
        if (uri == "/api/v1/namespaces/dev/pods/x")
            return reply(
                res, 403,
                R"({"kind":"Status","apiVersion":"v1","status":"Failure","message":"pods \"x\" is forbidden: User \"bob\" cannot get resource \"pods\" in API group \"\" in the namespace \"dev\"","reason":"Forbidden","code":403})");
        if (uri.rfind("/api/v1/namespaces/dev/pods", 0) == 0) {
            std::string body;
            req.stream() >> body;
            return reply(res, 200, R"({"kind":"PodList","items":[]})");
        }
        reply(res, 404, R"({"kind":"Status","status":"Failure","message":"not found","code":404})");
    }};
};

} // namespace

TEST_CASE("sequential requests reuse one pooled keep-alive connection", "[client]") {
    TempDir dir;
    FakeApi api;
    auto cluster = clusterFor(dir, api.server.url());
    for (int i = 0; i < 5; ++i) {
        auto r = cluster->send(get("/version"), Credentials::kubeconfig());
        REQUIRE(r.ok());
        REQUIRE(r->status == 200);
    }
    REQUIRE(api.server.connections() == 1);
}

TEST_CASE("concurrent requests from several threads share the pool", "[client]") {
    TempDir dir;
    FakeApi api;
    auto cluster = clusterFor(dir, api.server.url());
    std::atomic<int> ok{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 3; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 5; ++i)
                if (auto r = cluster->send(get("/version"), Credentials::kubeconfig()); r && r->status == 200)
                    ++ok;
        });
    for (auto& t : threads)
        t.join();
    REQUIRE(ok == 15);
    REQUIRE(api.server.connections() <= 3);
}

TEST_CASE("the pool never opens more than maxConnections at a time", "[client]") {
    TempDir dir;
    FakeApi api;
    ClusterOptions opts;
    opts.maxConnections = 1;
    auto cluster = clusterFor(dir, api.server.url(), "    token: kc-token\n", opts);
    std::atomic<int> ok{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 3; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 3; ++i)
                if (auto r = cluster->send(get("/version"), Credentials::kubeconfig()); r && r->status == 200)
                    ++ok;
        });
    for (auto& t : threads)
        t.join();
    REQUIRE(ok == 9);
    REQUIRE(api.server.connections() == 1);
}

TEST_CASE("credentials: kubeconfig token, caller bearer never mixed, tokenFile re-read", "[client]") {
    TempDir dir;
    FakeApi api;
    auto cluster = clusterFor(dir, api.server.url());
    REQUIRE(cluster->send(get("/whoami"), Credentials::kubeconfig())->body == "Bearer kc-token");
    REQUIRE(cluster->send(get("/whoami"), Credentials::bearer("caller-token"))->body ==
            "Bearer caller-token");
    Request sneaky = get("/whoami");
    sneaky.headers.emplace_back("Authorization", "Bearer injected");
    REQUIRE(cluster->send(sneaky, Credentials::bearer("caller-token"))->body == "Bearer caller-token");

    const std::string tokenFile = dir.write("token", "first\n");
    auto fileCluster = clusterFor(dir, api.server.url(), "    tokenFile: " + tokenFile + "\n");
    REQUIRE(fileCluster->send(get("/whoami"), Credentials::kubeconfig())->body == "Bearer first");
    dir.write("token", "rotated-token\n");
    REQUIRE(fileCluster->send(get("/whoami"), Credentials::kubeconfig())->body == "Bearer rotated-token");

    Request impersonate = get("/headers");
    impersonate.headers = {{"Impersonate-User", "admin"}, {"X-Custom", "kept"}};
    REQUIRE(cluster->send(impersonate, Credentials::kubeconfig())->body == "- kept");

    auto basic = clusterFor(dir, api.server.url(), "    username: admin\n    password: secret\n");
    REQUIRE(basic->send(get("/whoami"), Credentials::kubeconfig())->body == "Basic YWRtaW46c2VjcmV0");
}

TEST_CASE("exec plugin credentials are sent and cached", "[client][exec]") {
    TempDir dir;
    FakeApi api;
    const std::string plugin = dir.write(
        "plugin.sh",
        "#!/bin/sh\necho x >> \"" + dir.path("runs") +
            "\"\necho '{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"kind\":\"ExecCredential\","
            "\"status\":{\"token\":\"exec-token\"}}'\n");
    chmod(plugin.c_str(), 0755);
    auto cluster = clusterFor(
        dir, api.server.url(),
        "    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: " + plugin + "\n");
    REQUIRE(cluster->send(get("/whoami"), Credentials::kubeconfig())->body == "Bearer exec-token");
    REQUIRE(cluster->send(get("/whoami"), Credentials::kubeconfig())->body == "Bearer exec-token");
    REQUIRE(slurp(dir.path("runs")) == "x\n");
    // a caller's bearer token never triggers the plugin
    REQUIRE(cluster->send(get("/whoami"), Credentials::bearer("b"))->body == "Bearer b");
    REQUIRE(slurp(dir.path("runs")) == "x\n");
}

TEST_CASE("non-2xx responses carry the Status message", "[client]") {
    TempDir dir;
    FakeApi api;
    auto cluster = clusterFor(dir, api.server.url());
    auto r = cluster->send(get("/api/v1/namespaces/dev/pods/x"), Credentials::kubeconfig());
    REQUIRE(r.ok());
    REQUIRE(r->status == 403);
    REQUIRE(
        r->message ==
        R"(pods "x" is forbidden: User "bob" cannot get resource "pods" in API group "" in the namespace "dev")");
}

TEST_CASE("an unreachable server is a clear Unavailable error", "[client]") {
    TempDir dir;
    uint16_t port = 0;
    {
        Poco::Net::ServerSocket probe(Poco::Net::SocketAddress("127.0.0.1", 0));
        port = probe.address().port();
    }
    const std::string url = "http://127.0.0.1:" + std::to_string(port);
    auto cluster = clusterFor(dir, url);
    auto r = cluster->send(get("/version"), Credentials::kubeconfig());
    REQUIRE_FALSE(r.ok());
    REQUIRE(r.error().code == kmcp::Error::Code::Unavailable);
    REQUIRE(r.error().message.rfind("cannot reach the Kubernetes API server at " + url + ": ", 0) == 0);
}

TEST_CASE("a stale keep-alive connection is retried once for idempotent requests", "[client]") {
    // A raw server that answers one request per connection with keep-alive headers, then hangs up.
    Poco::Net::ServerSocket listener(Poco::Net::SocketAddress("127.0.0.1", 0));
    std::atomic<int> accepted{0};
    std::thread server([&] {
        for (int i = 0; i < 4; ++i) {
            Poco::Net::StreamSocket s;
            try {
                listener.setReceiveTimeout(Poco::Timespan(5, 0));
                s = listener.acceptConnection();
            } catch (const Poco::Exception&) {
                return;
            }
            ++accepted;
            std::string req;
            char buf[1024];
            while (req.find("\r\n\r\n") == std::string::npos) {
                const int n = s.receiveBytes(buf, sizeof buf);
                if (n <= 0) break;
                req.append(buf, static_cast<size_t>(n));
            }
            if (req.empty()) continue;
            const std::string body = "{}";
            const std::string res =
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: keep-alive\r\n"
                "Content-Length: 2\r\n\r\n" +
                body;
            s.sendBytes(res.data(), static_cast<int>(res.size()));
            s.close();
            if (accepted == 3) return;
        }
    });
    TempDir dir;
    auto cluster = clusterFor(dir, "http://127.0.0.1:" + std::to_string(listener.address().port()));
    REQUIRE(cluster->send(get("/version"), Credentials::kubeconfig())->status == 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(50)); // let the server hang up first
    auto second = cluster->send(get("/version"), Credentials::kubeconfig());
    INFO((second.ok() ? std::string() : second.error().message));
    REQUIRE(second.ok());
    REQUIRE(second->status == 200);
    REQUIRE(accepted == 2);
    // POST is not retried: it fails on the stale connection instead of being sent twice
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    Request post = get("/api/v1/namespaces/dev/pods");
    post.method = "POST";
    post.body = "{}";
    auto third = cluster->send(post, Credentials::kubeconfig());
    REQUIRE_FALSE(third.ok());
    REQUIRE(third.error().code == kmcp::Error::Code::Unavailable);
    // unblock the server thread if it waits for a third connection
    cluster->send(get("/version"), Credentials::kubeconfig());
    server.join();
}

TEST_CASE("discovery is cached per cluster and shared by callers", "[discovery]") {
    TempDir dir;
    FakeApi api;
    auto cluster = clusterFor(dir, api.server.url());
    UserScopedClient alice(cluster, Credentials::bearer("alice"), Policy{});
    UserScopedClient bob(cluster, Credentials::bearer("bob"), Policy{});
    auto dep = alice.resourceForKind("apps", "", "Deployment");
    REQUIRE(dep.ok());
    REQUIRE(dep->resource == "deployments");
    REQUIRE(dep->namespaced);
    const int afterFirst = api.discoveryHits.load();
    REQUIRE(bob.resourceForKind("apps", "v1", "Deployment").ok());
    REQUIRE(bob.resourceFor("", "v1", "po")->kind == "Pod");
    REQUIRE(bob.resourceFor("", "v1", "pods")->subresources == std::vector<std::string>{"log"});
    REQUIRE(api.discoveryHits.load() == afterFirst + 1); // only /api/v1 was new
    // a miss right after a fetch does not refetch (rate limit)
    REQUIRE_FALSE(bob.resourceForKind("apps", "v1", "Nope").ok());
    REQUIRE(api.discoveryHits.load() == afterFirst + 1);
    REQUIRE(alice.serverVersion()->gitVersion == "v1.30.0");
    REQUIRE_FALSE(alice.isOpenShift().value());
    alice.invalidateDiscovery();
    REQUIRE(alice.resourceForKind("apps", "v1", "Deployment").ok());
    REQUIRE(api.discoveryHits.load() > afterFirst + 1);
}

TEST_CASE("the user-scoped client enforces policy before sending and reports to the observer",
          "[client][policy]") {
    TempDir dir;
    FakeApi api;
    auto cluster = clusterFor(dir, api.server.url());
    Policy policy;
    policy.readOnly = true;
    policy.deniedResources = {{"", "v1", "Secret"}};
    std::vector<RequestRecord> records;
    UserScopedClient client(cluster, Credentials::bearer("alice-secret-token"), policy,
                            [&](const RequestRecord& r) { records.push_back(r); });
    const int before = api.server.connections();
    Request patch = get("/api/v1/namespaces/dev/pods/x");
    patch.method = "PATCH";
    auto refused = client.request(patch);
    REQUIRE_FALSE(refused.ok());
    REQUIRE(refused.error().message == "read-only mode: refusing PATCH /api/v1/namespaces/dev/pods/x");
    auto secret = client.request(get("/api/v1/namespaces/dev/secrets/s"));
    REQUIRE_FALSE(secret.ok());
    REQUIRE(secret.error().message == "resource not allowed: v1, Kind=Secret");
    auto list = client.request(get("/api/v1/namespaces/dev/pods"));
    REQUIRE(list.ok());
    REQUIRE(list->status == 200);
    REQUIRE(api.server.connections() >= before);
    REQUIRE(records.size() == 3);
    REQUIRE(records[0].verb == "patch");
    REQUIRE(records[0].status == 0);
    REQUIRE(records[0].error.find("read-only") != std::string::npos);
    REQUIRE(records[1].resource == "secrets");
    REQUIRE(records[2].verb == "list");
    REQUIRE(records[2].ns == "dev");
    REQUIRE(records[2].status == 200);
    for (const auto& r : records) {
        REQUIRE(r.path.find("alice-secret-token") == std::string::npos);
        REQUIRE(r.error.find("alice-secret-token") == std::string::npos);
    }
}

TEST_CASE("HTTP streams deliver chunks, stop early and honour cancellation", "[stream]") {
    TempDir dir;
    TestServer server([](Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& res) {
        if (req.getURI().find("/forbidden") != std::string::npos) {
            return reply(res, 403,
                         R"({"kind":"Status","status":"Failure","message":"no logs for you","code":403})");
        }
        res.setChunkedTransferEncoding(true);
        res.setContentType("text/plain");
        std::ostream& os = res.send();
        for (int i = 0; i < 50; ++i) {
            os << "line " << i << "\n";
            os.flush();
            if (!os) return;
        }
    });
    auto cluster = clusterFor(dir, server.url());
    UserScopedClient client(cluster, Credentials::kubeconfig(), Policy{});
    std::string all;
    auto whole = client.stream(get("/api/v1/namespaces/a/pods/p/log"), StreamKind::Http, "", 1 << 20,
                               [&](uint32_t ch, std::string_view d) {
                                   REQUIRE(ch == 1);
                                   all.append(d);
                                   return true;
                               });
    REQUIRE(whole.ok());
    REQUIRE(all.find("line 0\n") == 0);
    REQUIRE(all.find("line 49\n") != std::string::npos);

    std::string some;
    int calls = 0;
    auto stopped = client.stream(get("/api/v1/namespaces/a/pods/p/log"), StreamKind::Http, "", 1 << 20,
                                 [&](uint32_t, std::string_view d) {
                                     some.append(d);
                                     return ++calls < 1;
                                 });
    REQUIRE(stopped.ok());
    REQUIRE(calls == 1);
    REQUIRE(some.size() < all.size());

    std::string capped;
    REQUIRE(client
                .stream(get("/api/v1/namespaces/a/pods/p/log"), StreamKind::Http, "", 10,
                        [&](uint32_t, std::string_view d) {
                            capped.append(d);
                            return true;
                        })
                .ok());
    REQUIRE(capped == all.substr(0, 10));

    std::atomic<bool> cancel{true};
    auto cancelled = client.stream(
        get("/api/v1/namespaces/a/pods/p/log"), StreamKind::Http, "", 100,
        [](uint32_t, std::string_view) { return true; }, &cancel);
    REQUIRE_FALSE(cancelled.ok());
    REQUIRE(cancelled.error().code == kmcp::Error::Code::Cancelled);

    auto forbidden = client.stream(get("/api/v1/namespaces/a/pods/p/log/forbidden"), StreamKind::Http, "",
                                   100, [](uint32_t, std::string_view) { return true; });
    REQUIRE_FALSE(forbidden.ok());
    REQUIRE(forbidden.error().message == "no logs for you");
}

TEST_CASE("request timeout and cancellation", "[client]") {
    TempDir dir;
    FakeApi api;
    auto cluster = clusterFor(dir, api.server.url());
    Request slow = get("/slow");
    slow.timeout = std::chrono::milliseconds(200);
    auto r = cluster->send(slow, Credentials::kubeconfig());
    REQUIRE_FALSE(r.ok());
    REQUIRE(r.error().code == kmcp::Error::Code::Timeout);
    REQUIRE(r.error().message.find("did not answer GET /slow within 200 ms") != std::string::npos);
    std::atomic<bool> cancel{true};
    auto c = cluster->send(get("/version"), Credentials::kubeconfig(), &cancel);
    REQUIRE_FALSE(c.ok());
    REQUIRE(c.error().code == kmcp::Error::Code::Cancelled);
}

TEST_CASE("proxy-url sends requests through an HTTP proxy", "[client]") {
    TempDir dir;
    std::string seen;
    TestServer proxy([&](Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& res) {
        seen = req.getURI();
        reply(res, 200, R"({"gitVersion":"via-proxy"})");
    });
    auto cfg = KubeConfig::parseFile(
        dir.write("kubeconfig", kubeconfigFor("http://api.cluster.invalid:8080", "    token: t\n",
                                              "    proxy-url: " + proxy.url() + "\n")));
    REQUIRE(cfg.ok());
    auto cluster = Cluster::create("test", cfg.value());
    REQUIRE(cluster.ok());
    auto r = cluster.value()->send(get("/version"), Credentials::kubeconfig());
    INFO((r.ok() ? std::string() : r.error().message));
    REQUIRE(r.ok());
    REQUIRE(r->body == R"({"gitVersion":"via-proxy"})");
    REQUIRE(seen == "http://api.cluster.invalid:8080/version");
}

TEST_CASE("server URL path prefixes are kept", "[client]") {
    TempDir dir;
    std::string seen;
    TestServer server([&](Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& res) {
        seen = req.getURI();
        reply(res, 200, "{}");
    });
    auto cluster = clusterFor(dir, server.url() + "/k8s/clusters/c-1/");
    Request r = get("/api/v1/pods");
    r.query = "limit=5";
    REQUIRE(cluster->send(r, Credentials::kubeconfig())->status == 200);
    REQUIRE(seen == "/k8s/clusters/c-1/api/v1/pods?limit=5");
}

TEST_CASE("discovery runs with kubeconfig or caller credentials as configured", "[discovery]") {
    TempDir dir;
    FakeApi api;
    UserScopedClient server(clusterFor(dir, api.server.url()), Credentials::bearer("alice"), Policy{});
    REQUIRE(server.resourceForKind("apps", "v1", "Deployment").ok());
    {
        std::lock_guard lock(api.mu);
        REQUIRE(api.discoveryAuth == "Bearer kc-token");
    }
    ClusterOptions opts;
    opts.discoveryWithCallerCredentials = true;
    UserScopedClient caller(clusterFor(dir, api.server.url(), "    token: kc-token\n", opts),
                            Credentials::bearer("alice"), Policy{});
    REQUIRE(caller.resourceForKind("apps", "v1", "Deployment").ok());
    std::lock_guard lock(api.mu);
    REQUIRE(api.discoveryAuth == "Bearer alice");
}
