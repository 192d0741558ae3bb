// The seed deployment's configuration loads unchanged.
#include "TestSupport.hpp"

#include <fstream>
#include <sstream>

using namespace kmcp::config;
using namespace kmcp::config::test;

namespace {

const std::string seedDir = std::string(KMCP_SOURCE_ROOT) + "/../shared/seed/repo/mcp-openshift/base/";

std::optional<std::string> readIfPresent(const std::string& path) {
    std::ifstream in(path);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// Our own equivalent of the seed's base/config.toml: the same keys and values.
const std::string seedConfig = R"(# seed: kubernetes-mcp-server settings for the OpenShift deployment
port = "8000"
kubeconfig = "/etc/kubeconfig/config"
cluster_provider_strategy = "kubeconfig"
log_level = 2
list_output = "table"
toolsets = ["core", "config", "helm"]
read_only = false
disable_destructive = false
# require_oauth = true
# authorization_url = "https://keycloak.example.com/realms/llama-realm"
# validate_token = false
# sse_base_url = "https://example.com:8000"
)";

// Our own equivalent of the config.toml inside the seed's ConfigMap template, after envsubst: note
// the secret is not quoted there.
const std::string seedConfigMapToml = R"(port = "8000"
cluster_provider_strategy = "in-cluster"

log_level = 9
list_output = "table"
toolsets = ["core", "config", "helm"]
read_only = false
disable_destructive = false

require_oauth = true
authorization_url = "https://keycloak-admin.apps.cluster.example.com/realms/openshift"
oauth_scopes = ["openid", "mcp-server"]
sts_client_id = "mcp-server"
sts_client_secret = 6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f
sts_audience = "openshift"
sts_scopes = ["mcp:openshift"]
certificate_authority = "/etc/pki/keycloak-ca/ca.crt"
oauth_audience = "account"
validate_token = false
)";

void checkSeedConfig(const Loaded& loaded) {
    const auto& c = loaded.config;
    CHECK(c.port == "8000");
    CHECK(c.kubeconfig == "/etc/kubeconfig/config");
    CHECK(c.clusterProvider == ClusterProvider::Kubeconfig);
    CHECK(c.logLevel == 2);
    CHECK(c.listOutput == ListOutput::Table);
    CHECK(c.toolsets == std::vector<std::string>{"core", "config", "helm"});
    CHECK_FALSE(c.readOnly);
    CHECK_FALSE(c.disableDestructive);
    CHECK_FALSE(c.oauth.requireOAuth);
    CHECK_FALSE(c.tokenExchange.enabled());
    CHECK(loaded.warnings.empty());
}

void checkSeedConfigMap(const Loaded& loaded, const std::string& secret) {
    const auto& c = loaded.config;
    CHECK(c.port == "8000");
    CHECK(c.clusterProvider == ClusterProvider::InCluster);
    CHECK(c.logLevel == 9);
    CHECK(c.oauth.requireOAuth);
    CHECK(c.oauth.authorizationUrl.find("/realms/openshift") != std::string::npos);
    CHECK(c.oauth.oauthScopes == std::vector<std::string>{"openid", "mcp-server"});
    CHECK(c.oauth.oauthAudience == "account");
    CHECK(c.oauth.certificateAuthority == "/etc/pki/keycloak-ca/ca.crt");
    CHECK(c.tokenExchange.enabled());
    CHECK(c.tokenExchange.strategy == "rfc8693");
    CHECK(c.tokenExchange.authMethod == "client_secret_post");
    CHECK(c.tokenExchange.clientId == "mcp-server");
    CHECK(c.tokenExchange.clientSecret == secret);
    CHECK(c.tokenExchange.audience == "openshift");
    CHECK(c.tokenExchange.scopes == std::vector<std::string>{"mcp:openshift"});
    CHECK(anyContains(loaded.warnings, "the value of sts_client_secret is not quoted"));
    CHECK(anyContains(loaded.warnings, "obsolete configuration key \"validate_token\""));
    CHECK_FALSE(anyContains(loaded.warnings, secret)); // the secret is never logged
    CHECK(loaded.warnings.size() == 2);
}

// The config.toml block of the ConfigMap, de-indented, with envsubst's substitutions applied.
std::string configMapToml(const std::string& yaml, const std::string& secret) {
    std::istringstream in(yaml);
    std::string line, out;
    bool inside = false;
    while (std::getline(in, line)) {
        if (line.find("config.toml: |") != std::string::npos) {
            inside = true;
            continue;
        }
        if (!inside) continue;
        if (!line.empty() && line.rfind("    ", 0) != 0) break;
        out += (line.size() >= 4 ? line.substr(4) : std::string()) + "\n";
    }
    for (auto [var, value] : {std::pair<std::string, std::string>{"${CLUSTER_NAME}", "cluster.example.com"},
                              {"${MCP_SERVER_SECRET}", secret}}) {
        for (size_t pos; (pos = out.find(var)) != std::string::npos;)
            out.replace(pos, var.size(), value);
    }
    return out;
}

} // namespace

TEST_CASE("the seed config.toml (embedded equivalent) loads without warnings", "[config][seed]") {
    checkSeedConfig(mustLoad(seedConfig));
}

TEST_CASE("the seed config.toml from shared/seed loads", "[config][seed]") {
    const std::string path = seedDir + "config.toml";
    if (!readIfPresent(path)) {
        WARN("seed not present at " << path << "; the embedded equivalent is tested instead");
        return;
    }
    auto loaded = Loader::fromPaths(path).load();
    INFO((loaded ? std::string() : loaded.error().message));
    REQUIRE(loaded.ok());
    checkSeedConfig(*loaded);
}

TEST_CASE("the seed ConfigMap's config (embedded equivalent) loads, unquoted secret included",
          "[config][seed]") {
    checkSeedConfigMap(mustLoad(seedConfigMapToml), "6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f");
}

TEST_CASE("the seed ConfigMap template from shared/seed loads after envsubst", "[config][seed]") {
    auto yaml = readIfPresent(seedDir + "configmap.yaml.template");
    if (!yaml) {
        WARN("seed ConfigMap template not present; the embedded equivalent is tested instead");
        return;
    }
    const std::string secret = "0e9b6f7a-1c2d-4e3f-8a9b-0c1d2e3f4a5b";
    auto toml = configMapToml(*yaml, secret);
    REQUIRE(toml.find("sts_client_secret") != std::string::npos);
    TempDir dir;
    auto loaded = Loader::fromPaths(dir.write("config.toml", toml)).load();
    INFO((loaded ? std::string() : loaded.error().message));
    REQUIRE(loaded.ok());
    checkSeedConfigMap(*loaded, secret);
}

TEST_CASE("an unsubstituted template placeholder is a clear error", "[config][seed]") {
    auto error = loadError("port = \"8000\"\nsts_client_secret = ${MCP_SERVER_SECRET}\n");
    CHECK(error ==
          "test.toml:2: sts_client_secret is set to the template placeholder ${MCP_SERVER_SECRET}: the "
          "file was not processed by envsubst (or set a quoted value)");
}

TEST_CASE("bare words are only accepted for string keys", "[config][seed]") {
    CHECK(loadError("read_only = yes\n").rfind("cannot parse test.toml:1:", 0) == 0);
    CHECK(loadError("made_up = value\n").rfind("cannot parse test.toml:1:", 0) == 0);
    auto loaded = mustLoad("kubeconfig = /etc/kube/config # mounted\n");
    CHECK(loaded.config.kubeconfig == "/etc/kube/config");
    CHECK(anyContains(loaded.warnings, "test.toml:1: the value of kubeconfig is not quoted"));
}
