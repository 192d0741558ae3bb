// Every configuration key lands in the right Config field.
#include "TestSupport.hpp"

using namespace kmcp::config;
using namespace kmcp::config::test;

TEST_CASE("defaults without any file or flag", "[config][keys]") {
    auto c = mustLoad("").config;
    CHECK(c.port.empty());
    CHECK(c.bindAddress.empty());
    CHECK(c.toolsets == std::vector<std::string>{"core", "config"});
    CHECK(c.listOutput == ListOutput::Table);
    CHECK(c.logLevel == 2);
    CHECK(c.clusterProvider == ClusterProvider::Auto);
    CHECK(c.clusterAuthMode == ClusterAuthMode::Auto);
    CHECK_FALSE(c.readOnly);
    CHECK_FALSE(c.disableDestructive);
    CHECK(c.http.maxBodyBytes == 16u * 1024 * 1024);
    CHECK(c.http.readHeaderTimeout == std::chrono::seconds(10));
    CHECK(c.http.rateLimitRps == 0);
    CHECK_FALSE(c.tokenExchange.enabled());
    CHECK_FALSE(c.oauth.requireOAuth);
}

TEST_CASE("top-level scalar keys", "[config][keys]") {
    auto c = mustLoad(R"(
port = "9090"
bind_address = "127.0.0.1"
kubeconfig = "/k/config"
cluster_provider_strategy = "in-cluster"
toolsets = ["core", "helm"]
enabled_tools = ["pods_list", "pods_get"]
disabled_tools = ["pods_delete"]
read_only = true
disable_destructive = true
list_output = "yaml"
log_level = 7
log_file = "/var/log/mcp.log"
stateless = true
metrics_port = 9100
server_instructions = """
Use me for clusters."""
plugin_dirs = ["/opt/plugins", "/usr/lib/kmcp"]
audit_log = "/var/log/audit.jsonl"
cluster_auth_mode = "passthrough"
)")
                 .config;
    CHECK(c.port == "9090");
    CHECK(c.bindAddress == "127.0.0.1");
    CHECK(c.kubeconfig == "/k/config");
    CHECK(c.clusterProvider == ClusterProvider::InCluster);
    CHECK_FALSE(c.disableMultiCluster);
    CHECK(c.toolsets == std::vector<std::string>{"core", "helm"});
    CHECK(c.enabledTools == std::vector<std::string>{"pods_list", "pods_get"});
    CHECK(c.disabledTools == std::vector<std::string>{"pods_delete"});
    CHECK(c.readOnly);
    CHECK(c.disableDestructive);
    CHECK(c.listOutput == ListOutput::Yaml);
    CHECK(c.logLevel == 7);
    CHECK(c.logFile == "/var/log/mcp.log");
    CHECK(c.stateless);
    CHECK(c.metricsPort == "9100");
    CHECK(c.serverInstructions == "Use me for clusters.");
    CHECK(c.pluginDirs == std::vector<std::string>{"/opt/plugins", "/usr/lib/kmcp"});
    CHECK(c.auditLog == "/var/log/audit.jsonl");
    CHECK(c.clusterAuthMode == ClusterAuthMode::Passthrough);
}

TEST_CASE("port accepts a string or an integer", "[config][keys]") {
    CHECK(mustLoad("port = 8080").config.port == "8080");
    CHECK(mustLoad("port = \"8080\"").config.port == "8080");
    CHECK(mustLoad("port = \"\"").config.port.empty());
    CHECK(mustLoad("port = 0").config.port == "0");
    CHECK(mustLoad("port = \"08080\"").config.port == "8080");
}

TEST_CASE("cluster_provider_strategy values", "[config][keys]") {
    CHECK(mustLoad("cluster_provider_strategy = \"kubeconfig\"").config.clusterProvider ==
          ClusterProvider::Kubeconfig);
    auto disabled = mustLoad("cluster_provider_strategy = \"disabled\"").config;
    CHECK(disabled.clusterProvider == ClusterProvider::Disabled);
    CHECK(disabled.disableMultiCluster);
    CHECK(mustLoad("cluster_provider_strategy = \"\"").config.clusterProvider == ClusterProvider::Auto);
}

TEST_CASE("name lists drop empty and repeated entries", "[config][keys]") {
    auto c = mustLoad("toolsets = [\"core\", \"\", \"core\", \"helm\"]").config;
    CHECK(c.toolsets == std::vector<std::string>{"core", "helm"});
}

TEST_CASE("OAuth keys", "[config][keys]") {
    auto c = mustLoad(R"(
port = "8080"
require_oauth = true
oauth_audience = "account"
authorization_url = "https://keycloak.example.com/realms/openshift"
server_url = "https://mcp.example.com"
certificate_authority = "/etc/pki/ca.crt"
oauth_scopes = ["openid", "mcp-server"]
disable_dynamic_client_registration = true
trust_proxy_headers = true
)")
                 .config;
    CHECK(c.oauth.requireOAuth);
    CHECK(c.oauth.oauthAudience == "account");
    CHECK(c.oauth.authorizationUrl == "https://keycloak.example.com/realms/openshift");
    CHECK(c.oauth.serverUrl == "https://mcp.example.com");
    CHECK(c.oauth.certificateAuthority == "/etc/pki/ca.crt");
    CHECK(c.oauth.oauthScopes == std::vector<std::string>{"openid", "mcp-server"});
    CHECK(c.oauth.disableDynamicClientRegistration);
    CHECK(c.oauth.trustProxyHeaders);
    CHECK_FALSE(c.oauth.skipJwtVerification);
}

TEST_CASE("skip_jwt_verification allows require_oauth without an issuer", "[config][keys]") {
    auto c = mustLoad("port = \"8080\"\nrequire_oauth = true\nskip_jwt_verification = true\n").config;
    CHECK(c.oauth.skipJwtVerification);
    CHECK(c.oauth.authorizationUrl.empty());
}

TEST_CASE("TLS keys", "[config][keys]") {
    auto c =
        mustLoad("port = \"8443\"\ntls_cert = \"/t/tls.crt\"\ntls_key = \"/t/tls.key\"\nrequire_tls = true\n")
            .config;
    CHECK(c.tlsCert == "/t/tls.crt");
    CHECK(c.tlsKey == "/t/tls.key");
    CHECK(c.requireTls);
}

TEST_CASE("http limits", "[config][keys]") {
    auto c = mustLoad(R"(
[http]
max_body_bytes = 1048576
read_header_timeout = "1m30s"
rate_limit_rps = 2.5
rate_limit_burst = 20
max_workers = 32
max_streams = 1000
)")
                 .config;
    CHECK(c.http.maxWorkers == 32);
    CHECK(c.http.maxStreams == 1000);
    CHECK(c.http.maxBodyBytes == 1048576u);
    CHECK(c.http.readHeaderTimeout == std::chrono::seconds(90));
    CHECK(c.http.rateLimitRps == Approx(2.5));
    CHECK(c.http.rateLimitBurst == 20);
}

TEST_CASE("a rate limit without a burst gets the reference's burst of 10", "[config][keys]") {
    auto c = mustLoad("[http]\nrate_limit_rps = 5\n").config;
    CHECK(c.http.rateLimitRps == 5);
    CHECK(c.http.rateLimitBurst == 10);
    CHECK(mustLoad("[http]\nrate_limit_burst = 3\n").config.http.rateLimitBurst == 3);
}

TEST_CASE("denied_resources", "[config][keys]") {
    auto c = mustLoad(R"(
denied_resources = [{group = "", version = "v1", kind = "Secret"}]
)")
                 .config;
    REQUIRE(c.deniedResources.size() == 1);
    CHECK(c.deniedResources[0].group.empty());
    CHECK(c.deniedResources[0].version == "v1");
    CHECK(c.deniedResources[0].kind == "Secret");

    auto tables = mustLoad(R"(
[[denied_resources]]
group = "rbac.authorization.k8s.io"
version = "v1"
)")
                      .config;
    REQUIRE(tables.deniedResources.size() == 1);
    CHECK(tables.deniedResources[0].group == "rbac.authorization.k8s.io");
    CHECK(tables.deniedResources[0].kind.empty()); // the whole group/version
}

TEST_CASE("tool_overrides", "[config][keys]") {
    auto c = mustLoad(R"(
[tool_overrides.pods_list]
description = "List pods; prefer label selectors."
[tool_overrides.pods_get]
description = ""
)")
                 .config;
    CHECK(c.toolDescriptionOverrides.at("pods_list") == "List pods; prefer label selectors.");
    CHECK(c.toolDescriptionOverrides.count("pods_get") == 0); // empty → the tool keeps its own
}

TEST_CASE("prompts in the reference's [[prompts]] layout", "[config][keys]") {
    auto c = mustLoad(R"(
[[prompts]]
name = "check-pod-logs"
title = "Check Pod Logs"
description = "Quick way to check pod logs"

[[prompts.arguments]]
name = "pod_name"
description = "Name of the pod"
required = true

[[prompts.arguments]]
name = "namespace"
description = "Namespace of the pod"

[[prompts.messages]]
role = "user"
content = "Show me the logs for pod {{pod_name}} in {{namespace}}"

[[prompts.messages]]
role = "assistant"
content = "I'll retrieve and analyze the logs for you."

[[prompts]]
name = "second"
[[prompts.messages]]
content = "Hello"
)")
                 .config;
    REQUIRE(c.prompts.size() == 2);
    const auto& p = c.prompts[0];
    CHECK(p.name == "check-pod-logs");
    CHECK(p.title == "Check Pod Logs");
    CHECK(p.description == "Quick way to check pod logs");
    REQUIRE(p.arguments.size() == 2);
    CHECK(p.arguments[0].name == "pod_name");
    CHECK(p.arguments[0].description == "Name of the pod");
    CHECK(p.arguments[0].required);
    CHECK_FALSE(p.arguments[1].required);
    REQUIRE(p.messages.size() == 2);
    CHECK(p.messages[0].role == "user");
    CHECK(p.messages[0].content == "Show me the logs for pod {{pod_name}} in {{namespace}}");
    CHECK(p.messages[1].role == "assistant");
    REQUIRE(c.prompts[1].messages.size() == 1);
    CHECK(c.prompts[1].messages[0].role == "user"); // role defaults to user
}

TEST_CASE("toolset_configs are kept as JSON, helm keys validated and normalised", "[config][keys]") {
    auto c = mustLoad(R"(
[toolset_configs.helm]
allowed_registries = ["OCI://GHCR.io/MyOrg/", "https://charts.example.com"]
storage_driver = "ConfigMap"
chart_dirs = ["/charts"]
[[toolset_configs.helm.repositories]]
name = "bitnami"
url = "https://charts.bitnami.com/bitnami"

[toolset_configs.kiali]
url = "https://kiali.example.com"
timeout = 30
nested = { on = true, ratio = 0.5, when = 2024-01-02 }
)")
                 .config;
    const auto& helm = c.toolsetConfigs.at("helm");
    CHECK(helm.at("allowed_registries") ==
          nlohmann::json::array({"oci://ghcr.io/MyOrg", "https://charts.example.com"}));
    CHECK(helm.at("storage_driver") == "configmap");
    CHECK(helm.at("chart_dirs") == nlohmann::json::array({"/charts"}));
    CHECK(helm.at("repositories")[0].at("name") == "bitnami");
    CHECK(helm.at("repositories")[0].at("url") == "https://charts.bitnami.com/bitnami");
    const auto& kiali = c.toolsetConfigs.at("kiali");
    CHECK(kiali.at("url") == "https://kiali.example.com");
    CHECK(kiali.at("timeout") == 30);
    CHECK(kiali.at("nested").at("on") == true);
    CHECK(kiali.at("nested").at("ratio") == 0.5);
    CHECK(kiali.at("nested").at("when") == "2024-01-02");
}

TEST_CASE("helm storage_driver memory is accepted", "[config][keys]") {
    auto c = mustLoad("[toolset_configs.helm]\nstorage_driver = \"memory\"\n").config;
    CHECK(c.toolsetConfigs.at("helm").at("storage_driver") == "memory");
}
