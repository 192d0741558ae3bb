// The kube client against kube-sandbox (a faithful in-process API server built from tests/sandbox).
// The binary comes from $KUBE_SANDBOX (set by meson); without it these tests only warn.

#include "TestSupport.hpp"

#include "kube/ClusterManager.hpp"

#include <Poco/Process.h>
#include <nlohmann/json.hpp>

#include <catch2/catch.hpp>

#include <thread>

using namespace kmcp::kube;
using namespace kmcp::kube::test;

namespace {

struct Sandbox {
    TempDir dir;
    std::optional<Poco::ProcessHandle> process;
    std::string kubeconfig;

    Sandbox() {
        const char* bin = std::getenv("KUBE_SANDBOX");
        if (!bin || !std::filesystem::exists(bin)) return;
        kubeconfig = dir.path("kubeconfig");
        process.emplace(Poco::Process::launch(bin,
                                              {"--port", "0", "--tls-self-signed", "--write-kubeconfig",
                                               kubeconfig, "--ready-file", dir.path("port")},
                                              nullptr, nullptr, nullptr));
        for (int i = 0; i < 600 && !std::filesystem::exists(dir.path("port")); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ~Sandbox() {
        if (!process) return;
        Poco::Process::requestTermination(process->id());
        process->wait();
    }
    bool ready() const { return process && std::filesystem::exists(dir.path("port")); }

    static Sandbox& instance() {
        static Sandbox s;
        return s;
    }
};

std::shared_ptr<ClusterManager> manager(bool readOnly = false,
                                        std::vector<kmcp::config::DeniedResource> denied = {}) {
    kmcp::config::Config cfg;
    cfg.kubeconfig = Sandbox::instance().kubeconfig;
    cfg.clusterProvider = kmcp::config::ClusterProvider::Kubeconfig;
    cfg.readOnly = readOnly;
    cfg.deniedResources = std::move(denied);
    auto m = ClusterManager::create(cfg);
    INFO((m.ok() ? std::string() : m.error().message));
    REQUIRE(m.ok());
    return m.value();
}

std::string firstPod(UserScopedClient& client, const std::string& ns, const std::string& prefix) {
    auto list = client.request(get("/api/v1/namespaces/" + ns + "/pods"));
    REQUIRE(list.ok());
    REQUIRE(list->status == 200);
    const nlohmann::json doc = nlohmann::json::parse(list->body);
    for (const auto& item : doc["items"]) {
        const std::string name = item["metadata"]["name"];
        if (name.rfind(prefix, 0) == 0) return name;
    }
    FAIL("no pod " << prefix << "* in " << ns);
    return "";
}

#define REQUIRE_SANDBOX()                                                                                    \
    if (!Sandbox::instance().ready()) {                                                                      \
        WARN("kube-sandbox not available (set KUBE_SANDBOX); skipped");                                      \
        return;                                                                                              \
    }

} // namespace

TEST_CASE("sandbox: contexts, version, discovery and RBAC messages", "[sandbox]") {
    REQUIRE_SANDBOX();
    auto m = manager();
    REQUIRE(m->defaultContext() == "sandbox-admin");
    REQUIRE(m->contexts().size() == 3);
    auto admin = m->client("", Credentials::kubeconfig());
    REQUIRE(admin.ok());
    REQUIRE(admin->serverVersion()->gitVersion == "v1.31.0");
    REQUIRE_FALSE(admin->isOpenShift().value());
    auto dep = admin->resourceForKind("apps", "", "Deployment");
    REQUIRE(dep.ok());
    REQUIRE(dep->resource == "deployments");
    REQUIRE(dep->hasVerb("patch"));
    REQUIRE(admin->resourceFor("", "v1", "po")->kind == "Pod");
    auto all = admin->preferredResources();
    REQUIRE(all.ok());
    REQUIRE(std::any_of(all->begin(), all->end(), [](const ResourceInfo& r) { return r.kind == "CronJob"; }));
    REQUIRE(std::none_of(all->begin(), all->end(),
                         [](const ResourceInfo& r) { return r.resource.find('/') != std::string::npos; }));

    auto bob = m->client("", Credentials::bearer("bob-token"));
    auto forbidden = bob->request(get("/api/v1/namespaces/dev/pods/x"));
    REQUIRE(forbidden.ok());
    REQUIRE(forbidden->status == 403);
    REQUIRE(
        forbidden->message ==
        R"(pods "x" is forbidden: User "bob" cannot get resource "pods" in API group "" in the namespace "dev")");
    auto alice = m->client("sandbox-alice", Credentials::kubeconfig());
    REQUIRE(alice.ok());
    REQUIRE(alice->request(get("/api/v1/namespaces/dev/pods"))->status == 200);
}

TEST_CASE("sandbox: policy is enforced before the request reaches the server", "[sandbox]") {
    REQUIRE_SANDBOX();
    auto m = manager(true, {{"", "v1", "Secret"}});
    auto admin = m->client("", Credentials::kubeconfig());
    auto secret = admin->request(get("/api/v1/namespaces/default/secrets/web-secret"));
    REQUIRE_FALSE(secret.ok());
    REQUIRE(secret.error().message == "resource not allowed: v1, Kind=Secret");
    Request del = get("/api/v1/namespaces/default/configmaps/web-config");
    del.method = "DELETE";
    auto refused = admin->request(del);
    REQUIRE_FALSE(refused.ok());
    REQUIRE(refused.error().message.find("read-only mode: refusing DELETE") == 0);
    REQUIRE(admin->request(get("/api/v1/namespaces/default/configmaps/web-config"))->status == 200);
    Request review = get("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews");
    review.method = "POST";
    review.body =
        R"({"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectAccessReview","spec":{"resourceAttributes":{"verb":"get","resource":"pods","namespace":"default"}}})";
    auto answer = admin->request(review);
    REQUIRE(answer.ok());
    REQUIRE(answer->status == 201);
    REQUIRE(nlohmann::json::parse(answer->body)["status"]["allowed"] == true);
}

TEST_CASE("sandbox: followed logs stream and stop early", "[sandbox]") {
    REQUIRE_SANDBOX();
    auto m = manager();
    auto admin = m->client("", Credentials::kubeconfig());
    const std::string pod = firstPod(admin.value(), "default", "web-");
    std::string text;
    auto r = admin->stream(get("/api/v1/namespaces/default/pods/" + pod + "/log", "follow=true&tailLines=3"),
                           StreamKind::Http, "", 1 << 20, [&](uint32_t, std::string_view d) {
                               text.append(d);
                               return true;
                           });
    REQUIRE(r.ok());
    REQUIRE(std::count(text.begin(), text.end(), '\n') == 8); // 3 tail lines + 5 followed ones
    std::string first;
    auto early = admin->stream(get("/api/v1/namespaces/default/pods/" + pod + "/log", "follow=true"),
                               StreamKind::Http, "", 1 << 20, [&](uint32_t, std::string_view d) {
                                   first.append(d);
                                   return false;
                               });
    REQUIRE(early.ok());
    REQUIRE_FALSE(first.empty());
    REQUIRE(first.size() < 200 * 80);
}

TEST_CASE("sandbox: WebSocket exec with stdin and exit codes", "[sandbox]") {
    REQUIRE_SANDBOX();
    auto m = manager();
    auto admin = m->client("", Credentials::kubeconfig());
    const std::string pod = firstPod(admin.value(), "default", "web-");
    const std::string path = "/api/v1/namespaces/default/pods/" + pod + "/exec";
    std::string out, err;
    auto collect = [&](uint32_t ch, std::string_view d) {
        (ch == 1 ? out : err).append(d);
        return true;
    };
    auto code = admin->stream(
        get(path, "command=sh&command=-c&command=echo%20hi%3B%20exit%203&stdout=true&stderr=true"),
        StreamKind::WebSocket, "", 1 << 20, collect);
    INFO((code.ok() ? std::string() : code.error().message));
    REQUIRE(code.ok());
    REQUIRE(code.value() == 3);
    REQUIRE(out == "hi\n");
    out.clear();
    auto cat = admin->stream(get(path, "command=cat&stdin=true&stdout=true&stderr=true"),
                             StreamKind::WebSocket, "from stdin\n", 1 << 20, collect);
    REQUIRE(cat.ok());
    REQUIRE(cat.value() == 0);
    REQUIRE(out == "from stdin\n");
    auto bob = m->client("", Credentials::bearer("bob-token"));
    auto denied = bob->stream(get("/api/v1/namespaces/qa/pods/x/exec", "command=ls&stdout=true"),
                              StreamKind::WebSocket, "", 100, collect);
    REQUIRE_FALSE(denied.ok());
    REQUIRE(denied.error().code == kmcp::Error::Code::Denied);
    REQUIRE(denied.error().message.find("User \"bob\" cannot create resource \"pods/exec\"") !=
            std::string::npos);
}

TEST_CASE("sandbox: discovery sees a new CRD after invalidation", "[sandbox]") {
    REQUIRE_SANDBOX();
    auto m = manager();
    auto admin = m->client("", Credentials::kubeconfig());
    REQUIRE_FALSE(admin->resourceForKind("example.com", "v1", "Widget").ok());
    Request crd = get("/apis/apiextensions.k8s.io/v1/customresourcedefinitions");
    crd.method = "POST";
    crd.body =
        R"({"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"widgets.example.com"},"spec":{"group":"example.com","scope":"Namespaced","names":{"plural":"widgets","singular":"widget","kind":"Widget","shortNames":["wd"]},"versions":[{"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}})";
    auto created = admin->request(crd);
    REQUIRE(created.ok());
    INFO(created->body);
    REQUIRE(created->status == 201);
    admin->invalidateDiscovery();
    auto widget = admin->resourceForKind("example.com", "v1", "Widget");
    INFO((widget.ok() ? std::string() : widget.error().message));
    REQUIRE(widget.ok());
    REQUIRE(widget->resource == "widgets");
    REQUIRE(admin->resourceFor("example.com", "", "wd")->kind == "Widget");
}
