#include "TestSupport.hpp"

#include "kube/ClusterManager.hpp"
#include "kube/InCluster.hpp"
#include "kube/KubeConfig.hpp"
#include "kube/KubeconfigView.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>

using namespace kmcp::kube;
using kmcp::kube::test::b64;
using kmcp::kube::test::TempDir;

namespace {

const char* kFirst = R"(apiVersion: v1
kind: Config
current-context: alpha
clusters:
- name: shared
  cluster:
    server: https://first.example:6443
    certificate-authority: certs/ca.crt
    tls-server-name: api.first
users:
- name: shared-user
  user:
    token: first-token
contexts:
- name: alpha
  context: {cluster: shared, user: shared-user, namespace: team-a}
)";

const char* kSecond = R"(apiVersion: v1
kind: Config
current-context: beta
clusters:
- name: shared
  cluster:
    server: https://second.example:6443
- name: other
  cluster:
    server: http://127.0.0.1:1
    insecure-skip-tls-verify: true
users:
- name: shared-user
  user:
    token: second-token
- name: exec-user
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: ./bin/plugin
      args: ["get-token", "--token=argsecret", "--password", "pw-secret", "--region", "eu"]
      env: [{name: PLUGIN_SECRET, value: envsecret}]
contexts:
- name: beta
  context: {cluster: other, user: exec-user}
)";

} // namespace

TEST_CASE("kubeconfig parse resolves relative paths and decodes data fields", "[kubeconfig]") {
    const std::string yaml =
        "clusters:\n- name: c\n  cluster:\n    server: https://x\n    certificate-authority-data: " +
        b64("CA-PEM") +
        "\nusers:\n- name: u\n  user:\n    client-certificate: c.crt\n"
        "    client-key-data: " +
        b64("KEY-PEM") +
        "\n    tokenFile: tok\n"
        "contexts:\n- name: n\n  context: {cluster: c, user: u}\ncurrent-context: n\n";
    auto cfg = KubeConfig::parse(yaml, "/etc/kube", "test");
    REQUIRE(cfg.ok());
    REQUIRE(cfg->cluster("c")->certificateAuthorityData == "CA-PEM");
    REQUIRE(cfg->user("u")->clientCertificate == "/etc/kube/c.crt");
    REQUIRE(cfg->user("u")->clientKeyData == "KEY-PEM");
    REQUIRE(cfg->user("u")->tokenFile == "/etc/kube/tok");
    REQUIRE(cfg->context("n")->cluster == "c");
    REQUIRE(cfg->currentContext == "n");
}

TEST_CASE("kubeconfig parse rejects broken input with the file name", "[kubeconfig]") {
    auto bad = KubeConfig::parse("clusters: [", "/", "broken.yaml");
    REQUIRE_FALSE(bad.ok());
    REQUIRE(bad.error().message.find("broken.yaml") != std::string::npos);
    auto badData = KubeConfig::parse("users:\n- name: u\n  user:\n    client-key-data: '%%%'\n", "/", "k");
    REQUIRE_FALSE(badData.ok());
    REQUIRE(badData.error().message.find("client-key-data") != std::string::npos);
}

TEST_CASE("KUBECONFIG files merge with kubectl rules", "[kubeconfig]") {
    TempDir dir;
    const std::string a = dir.write("a.yaml", kFirst);
    const std::string b = dir.write("b.yaml", kSecond);
    auto merged = KubeConfig::load("", a + ":" + dir.path("missing.yaml") + ":" + b, "/nonexistent");
    REQUIRE(merged.ok());
    // first file wins per name
    REQUIRE(merged->cluster("shared")->server == "https://first.example:6443");
    REQUIRE(merged->user("shared-user")->token == "first-token");
    // entries only in the second file are added
    REQUIRE(merged->cluster("other") != nullptr);
    REQUIRE(merged->cluster("other")->insecureSkipTlsVerify);
    REQUIRE(merged->context("beta") != nullptr);
    // current-context from the first file that sets it
    REQUIRE(merged->currentContext == "alpha");
    REQUIRE(merged->cluster("shared")->certificateAuthority == dir.path("certs/ca.crt"));
    REQUIRE(merged->cluster("shared")->tlsServerName == "api.first");
    REQUIRE(merged->user("exec-user")->exec->command == dir.path("bin/plugin"));
    REQUIRE(merged->context("alpha")->ns == "team-a");

    auto reversed = KubeConfig::load("", b + ":" + a, "");
    REQUIRE(reversed->currentContext == "beta");
    REQUIRE(reversed->user("shared-user")->token == "second-token");
}

TEST_CASE("explicit kubeconfig wins over KUBECONFIG and must exist", "[kubeconfig]") {
    TempDir dir;
    const std::string a = dir.write("a.yaml", kFirst);
    const std::string b = dir.write("b.yaml", kSecond);
    auto cfg = KubeConfig::load(b, a, "");
    REQUIRE(cfg->currentContext == "beta");
    auto missing = KubeConfig::load(dir.path("nope"), a, "");
    REQUIRE_FALSE(missing.ok());
    REQUIRE(missing.error().message.find("does not exist") != std::string::npos);
}

TEST_CASE("home kubeconfig is the fallback", "[kubeconfig]") {
    TempDir dir;
    std::filesystem::create_directories(dir.path(".kube"));
    dir.write(".kube/config", kFirst);
    auto cfg = KubeConfig::load("", "", dir.path());
    REQUIRE(cfg.ok());
    REQUIRE(cfg->currentContext == "alpha");
    auto none = KubeConfig::load("", "", dir.path("nohome"));
    REQUIRE(none.ok());
    REQUIRE(none->contexts.empty());
}

TEST_CASE("in-cluster config from an overridden service-account root", "[incluster]") {
    TempDir dir;
    dir.write("token", "sa-token\n");
    dir.write("namespace", "apps\n");
    dir.write("ca.crt", "CA");
    setenv("KUBERNETES_SERVICE_HOST", "10.0.0.1", 1);
    setenv("KUBERNETES_SERVICE_PORT", "443", 1);
    REQUIRE(inClusterAvailable(dir.path()));
    auto cfg = inClusterConfig(dir.path());
    REQUIRE(cfg.ok());
    REQUIRE(cfg->cluster(kInClusterContext)->server == "https://10.0.0.1:443");
    REQUIRE(cfg->cluster(kInClusterContext)->certificateAuthority == dir.path("ca.crt"));
    REQUIRE(cfg->user(kInClusterContext)->tokenFile == dir.path("token"));
    REQUIRE(cfg->context(kInClusterContext)->ns == "apps");
    REQUIRE_FALSE(inClusterAvailable(dir.path("elsewhere")));
    unsetenv("KUBERNETES_SERVICE_HOST");
    REQUIRE_FALSE(inClusterAvailable(dir.path()));
    REQUIRE_FALSE(inClusterConfig(dir.path()).ok());
    unsetenv("KUBERNETES_SERVICE_PORT");
}

TEST_CASE("cluster provider strategy: auto, in-cluster, kubeconfig, disabled", "[manager]") {
    TempDir dir;
    std::filesystem::create_directories(dir.path("sa"));
    dir.write("sa/token", "sa-token");
    std::string first = kFirst;
    first.erase(first.find("    certificate-authority:"),
                std::string("    certificate-authority: certs/ca.crt\n").size());
    const std::string a = dir.write("a.yaml", first);
    const std::string b = dir.write("b.yaml", kSecond);
    ManagerOptions opts;
    opts.inClusterRoot = dir.path("sa");
    opts.kubeconfigEnv = a + ":" + b;
    opts.home = "";

    kmcp::config::Config cfg;
    setenv("KUBERNETES_SERVICE_HOST", "127.0.0.1", 1);
    setenv("KUBERNETES_SERVICE_PORT", "1", 1);
    auto inCluster = ClusterManager::create(cfg, opts);
    REQUIRE(inCluster.ok());
    REQUIRE(inCluster.value()->provider() == kmcp::config::ClusterProvider::InCluster);
    REQUIRE(inCluster.value()->defaultContext() == kInClusterContext);
    REQUIRE_FALSE(inCluster.value()->multiCluster());

    cfg.kubeconfig = b; // an explicit kubeconfig turns auto into kubeconfig
    auto explicitKc = ClusterManager::create(cfg, opts);
    REQUIRE(explicitKc.ok());
    REQUIRE(explicitKc.value()->provider() == kmcp::config::ClusterProvider::Kubeconfig);
    unsetenv("KUBERNETES_SERVICE_HOST");
    unsetenv("KUBERNETES_SERVICE_PORT");

    cfg.kubeconfig.clear();
    cfg.clusterProvider = kmcp::config::ClusterProvider::Kubeconfig;
    auto multi = ClusterManager::create(cfg, opts);
    INFO((multi.ok() ? std::string() : multi.error().message));
    REQUIRE(multi.ok());
    auto& m = *multi.value();
    REQUIRE(m.multiCluster());
    REQUIRE(m.defaultContext() == "alpha");
    REQUIRE(m.contexts().size() == 2);
    REQUIRE(m.cluster("beta").ok());
    REQUIRE(m.cluster("beta").value() == m.cluster("beta").value()); // shared, created once
    REQUIRE_FALSE(m.cluster("gamma").ok());

    cfg.clusterProvider = kmcp::config::ClusterProvider::Disabled;
    auto single = ClusterManager::create(cfg, opts);
    REQUIRE(single.ok());
    REQUIRE_FALSE(single.value()->multiCluster());
    REQUIRE(single.value()->contexts().size() == 1);
    REQUIRE(single.value()->contexts()[0].name == "alpha");
    auto refused = single.value()->cluster("beta");
    REQUIRE_FALSE(refused.ok());
    REQUIRE(refused.error().message.find("multi-cluster access is disabled") != std::string::npos);
}

TEST_CASE("kubeconfig view redacts every secret", "[view]") {
    TempDir dir;
    std::string yaml = kSecond;
    yaml.insert(yaml.find("contexts:"), "- name: cert-user\n  user:\n    client-certificate-data: " +
                                            b64("CERTSECRET") + "\n    client-key-data: " + b64("KEYSECRET") +
                                            "\n    username: admin\n    password: pwsecret\n");
    auto cfg = KubeConfig::parse(yaml, dir.path(), "x");
    REQUIRE(cfg.ok());
    cfg->clusters[0].certificateAuthorityData = "CASECRET";
    const std::string view = kubeconfigView(cfg.value(), false);
    const std::vector<std::string> secrets = {"second-token", "argsecret",  "pw-secret",
                                              "envsecret",    "CERTSECRET", "KEYSECRET",
                                              "pwsecret",     "CASECRET",   b64("KEYSECRET")};
    for (const auto& secret : secrets) {
        INFO(secret);
        REQUIRE(view.find(secret) == std::string::npos);
    }
    REQUIRE(view.find("token: REDACTED") != std::string::npos);
    REQUIRE(view.find("client-key-data: DATA+OMITTED") != std::string::npos);
    REQUIRE(view.find("--token=REDACTED") != std::string::npos);
    REQUIRE(view.find("--region") != std::string::npos); // harmless args stay
    REQUIRE(view.find("PLUGIN_SECRET") != std::string::npos);
    REQUIRE(view.find("https://second.example:6443") != std::string::npos);

    const std::string mini = kubeconfigView(cfg.value(), true);
    REQUIRE(mini.find("name: beta") != std::string::npos);
    REQUIRE(mini.find("shared-user") == std::string::npos);
    REQUIRE(mini.find("second.example") == std::string::npos);
    REQUIRE(mini.find("current-context: beta") != std::string::npos);
    REQUIRE(mini.find("envsecret") == std::string::npos);
}
