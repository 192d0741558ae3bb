// Command-line flags: Go-style spellings, every flag, and flags winning over files.
#include "TestSupport.hpp"

using namespace kmcp::config;
using namespace kmcp::config::test;

namespace {

kmcp::Result<Loader> parse(std::vector<std::string> args) {
    args.insert(args.begin(), "kubernetes-mcp-server");
    std::vector<const char*> argv;
    for (const auto& a : args)
        argv.push_back(a.c_str());
    return Loader::fromArgs(static_cast<int>(argv.size()), argv.data(),
                            [](const std::string&) { return std::optional<std::string>(); });
}

} // namespace

TEST_CASE("--port in both Go spellings", "[config][cli]") {
    CHECK(mustLoad("", {"--port", "8080"}).config.port == "8080");
    CHECK(mustLoad("", {"--port=8080"}).config.port == "8080");
    CHECK(mustLoad("port = 1", {"--port", ""}).config.port.empty());        // explicit stdio beats the file
    CHECK(mustLoad("", {"--port", "1", "--port", "2"}).config.port == "2"); // last one wins, like pflag
}

TEST_CASE("boolean flags: bare, =true and =false", "[config][cli]") {
    CHECK(mustLoad("", {"--read-only"}).config.readOnly);
    CHECK(mustLoad("", {"--read-only=true"}).config.readOnly);
    CHECK_FALSE(mustLoad("read_only = true", {"--read-only=false"}).config.readOnly);
    CHECK(mustLoad("read_only = true").config.readOnly); // not given → the file decides
    CHECK(mustLoad("", {"--disable-destructive"}).config.disableDestructive);
    CHECK(mustLoad("", {"--stateless"}).config.stateless);
}

TEST_CASE("--toolsets takes a comma list and accumulates", "[config][cli]") {
    CHECK(mustLoad("", {"--toolsets", "core,config,helm"}).config.toolsets ==
          std::vector<std::string>{"core", "config", "helm"});
    CHECK(mustLoad("toolsets = [\"core\"]", {"--toolsets=helm", "--toolsets", "config"}).config.toolsets ==
          std::vector<std::string>{"helm", "config"});
    CHECK(mustLoad("", {"--toolsets", "core, helm"}).config.toolsets ==
          std::vector<std::string>{"core", "helm"});
}

TEST_CASE("every value flag reaches its config key", "[config][cli]") {
    auto c = mustLoad("", {"--port",
                           "8443",
                           "--bind-address",
                           "127.0.0.1",
                           "--kubeconfig",
                           "/k",
                           "--cluster-provider",
                           "kubeconfig",
                           "--list-output",
                           "yaml",
                           "--log-level",
                           "9",
                           "--log-file",
                           "/l.log",
                           "--tls-cert",
                           "/c.pem",
                           "--tls-key",
                           "/k.pem",
                           "--require-tls",
                           "--metrics-port",
                           "9100",
                           "--require-oauth",
                           "--oauth-audience",
                           "account",
                           "--authorization-url",
                           "https://idp.example.com/realms/r",
                           "--server-url",
                           "https://mcp.example.com",
                           "--certificate-authority",
                           "/ca.crt",
                           "--oauth-scopes",
                           "openid,mcp-server",
                           "--sts-client-id",
                           "mcp-server",
                           "--sts-client-secret",
                           "s3cr3t",
                           "--sts-audience",
                           "openshift",
                           "--sts-scopes",
                           "mcp:openshift,extra",
                           "--plugin-dir",
                           "/p1",
                           "--plugin-dir",
                           "/p,2",
                           "--audit-log",
                           "/audit.jsonl"})
                 .config;
    CHECK(c.port == "8443");
    CHECK(c.bindAddress == "127.0.0.1");
    CHECK(c.kubeconfig == "/k");
    CHECK(c.clusterProvider == ClusterProvider::Kubeconfig);
    CHECK(c.listOutput == ListOutput::Yaml);
    CHECK(c.logLevel == 9);
    CHECK(c.logFile == "/l.log");
    CHECK(c.tlsCert == "/c.pem");
    CHECK(c.tlsKey == "/k.pem");
    CHECK(c.requireTls);
    CHECK(c.metricsPort == "9100");
    CHECK(c.oauth.requireOAuth);
    CHECK(c.oauth.oauthAudience == "account");
    CHECK(c.oauth.authorizationUrl == "https://idp.example.com/realms/r");
    CHECK(c.oauth.serverUrl == "https://mcp.example.com");
    CHECK(c.oauth.certificateAuthority == "/ca.crt");
    CHECK(c.oauth.oauthScopes == std::vector<std::string>{"openid", "mcp-server"});
    CHECK(c.tokenExchange.enabled());
    CHECK(c.tokenExchange.strategy == "rfc8693");
    CHECK(c.tokenExchange.clientId == "mcp-server");
    CHECK(c.tokenExchange.clientSecret == "s3cr3t");
    CHECK(c.tokenExchange.audience == "openshift");
    CHECK(c.tokenExchange.scopes == std::vector<std::string>{"mcp:openshift", "extra"});
    CHECK(c.pluginDirs == std::vector<std::string>{"/p1", "/p,2"}); // paths are not split on commas
    CHECK(c.auditLog == "/audit.jsonl");
}

TEST_CASE("the seed guide's command line loads", "[config][cli][seed]") {
    auto c = mustLoad("", {"--port", "8080", "--require-oauth", "--authorization-url",
                           "https://keycloak-admin.apps.example.com/realms/openshift", "--oauth-scopes",
                           "openid,mcp-server", "--sts-client-id", "mcp-server", "--sts-client-secret",
                           "0b4e7c3e-2f7a-4c55-9b0c-1c8c5e9c7a11", "--sts-audience", "openshift",
                           "--sts-scopes", "mcp:openshift", "--certificate-authority",
                           "/path/to/keycloak-ca.crt", "--oauth-audience", "account"})
                 .config;
    CHECK(c.oauth.requireOAuth);
    CHECK(c.tokenExchange.audience == "openshift");
    CHECK(c.tokenExchange.authMethod == "client_secret_post");
}

TEST_CASE("--disable-multi-cluster selects the disabled provider and beats --cluster-provider",
          "[config][cli]") {
    auto c = mustLoad("cluster_provider_strategy = \"kubeconfig\"", {"--disable-multi-cluster"}).config;
    CHECK(c.clusterProvider == ClusterProvider::Disabled);
    CHECK(c.disableMultiCluster);
    CHECK(mustLoad("", {"--disable-multi-cluster", "--cluster-provider", "in-cluster"})
              .config.clusterProvider == ClusterProvider::Disabled);
    CHECK(mustLoad("cluster_provider_strategy = \"kubeconfig\"", {"--disable-multi-cluster=false"})
              .config.clusterProvider == ClusterProvider::Kubeconfig);
}

TEST_CASE("flags win over the file, unset flags leave it alone", "[config][cli]") {
    auto c = mustLoad("log_level = 1\nlist_output = \"yaml\"\nkubeconfig = \"/file\"\n",
                      {"--log-level", "4", "--kubeconfig=/flag"})
                 .config;
    CHECK(c.logLevel == 4);
    CHECK(c.kubeconfig == "/flag");
    CHECK(c.listOutput == ListOutput::Yaml);
}

TEST_CASE("a --sts-* flag wins over either file spelling", "[config][cli]") {
    const std::string base = oauthBase + "sts_client_id = \"file-id\"\nsts_client_secret = \"x\"\n";
    CHECK(mustLoad(base + "sts_audience = \"file\"\n", {"--sts-audience", "flag"})
              .config.tokenExchange.audience == "flag");
    CHECK(mustLoad(base + "[token_exchange]\naudience = \"file\"\n", {"--sts-audience", "flag"})
              .config.tokenExchange.audience == "flag");
    CHECK(mustLoad(base, {"--sts-client-id", "flag-id"}).config.tokenExchange.clientId == "flag-id");
}

TEST_CASE("--version and --help", "[config][cli]") {
    auto version = parse({"--version"});
    REQUIRE(version.ok());
    CHECK(version->invocation().showVersion);
    CHECK_FALSE(version->invocation().showHelp);

    auto help = parse({"--help"});
    REQUIRE(help.ok());
    CHECK(help->invocation().showHelp);
    for (const char* flag :
         {"--port", "--config", "--config-dir", "--toolsets", "--read-only", "--sts-audience", "--plugin-dir",
          "--audit-log", "--disable-multi-cluster", "--version"}) {
        INFO(flag);
        CHECK(help->invocation().helpText.find(flag) != std::string::npos);
    }
    CHECK(parse({"-h"})->invocation().showHelp);
}

TEST_CASE("command-line mistakes are errors", "[config][cli]") {
    auto unknown = parse({"--no-such-flag"});
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().message.find("--no-such-flag") != std::string::npos);

    auto stray = parse({"serve"});
    REQUIRE_FALSE(stray.ok());
    CHECK(stray.error().message.find("serve") != std::string::npos);

    auto missing = parse({"--port"});
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().message.find("--port") != std::string::npos);

    auto badBool = parse({"--read-only=maybe"});
    REQUIRE_FALSE(badBool.ok());
    CHECK(badBool.error().message.find("maybe") != std::string::npos);
}

TEST_CASE("invalid flag values name the flag", "[config][cli]") {
    auto level = loadError("", {"--log-level", "12"});
    CHECK(level == "invalid value 12 for log_level from --log-level: expected an integer from 0 to 9");
    auto levelText = loadError("", {"--log-level", "high"});
    CHECK(levelText ==
          "invalid type for log_level from --log-level: expected an integer, got string \"high\"");
    auto port = loadError("", {"--port", "abc"});
    CHECK(port == "invalid value \"abc\" for port from --port: expected a TCP port number 0-65535 (string or "
                  "integer), or \"\" for stdio");
    CHECK(loadError("", {"--list-output", "xml"}).find("from --list-output") != std::string::npos);
    CHECK(loadError("", {"--cluster-provider", "foo"}).find("from --cluster-provider") != std::string::npos);
}

TEST_CASE("overrides() remembers only the flags given", "[config][cli]") {
    auto loader = parse({"--read-only", "--port=1"});
    REQUIRE(loader.ok());
    REQUIRE(loader->overrides().size() == 2);
    CHECK(loader->overrides()[0].key == "port");
    CHECK(loader->overrides()[1].flag == "--read-only");
}
