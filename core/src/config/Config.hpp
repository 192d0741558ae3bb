#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kmcp::config {

// group/version/kind refused by policy on every API request; an empty kind denies the whole
// group/version.
struct DeniedResource {
    std::string group;
    std::string version;
    std::string kind;
};

struct PromptArgument {
    std::string name;
    std::string description;
    bool required = false;
};

struct PromptMessage {
    std::string role = "user"; // user | assistant
    std::string content;       // text with {{arg}} placeholders
};

// A user prompt from `[[prompts]]`.
struct Prompt {
    std::string name;
    std::string title;
    std::string description;
    std::vector<PromptArgument> arguments;
    std::vector<PromptMessage> messages;
};

struct HttpLimits {
    size_t maxBodyBytes = 16 * 1024 * 1024;             // http.max_body_bytes; over → 413
    std::chrono::milliseconds readHeaderTimeout{10000}; // http.read_header_timeout
    double rateLimitRps = 0;                            // http.rate_limit_rps; 0 → off
    int rateLimitBurst = 0;                             // http.rate_limit_burst
    // http.max_workers: requests served at once (idle keep-alive connections hold none).
    int maxWorkers = 16;
    int maxStreams = 256; // http.max_streams: open SSE streams (GET /mcp, /sse); more get 503
};

// Auto: cluster_provider_strategy not set; kube picks in-cluster inside a pod, kubeconfig otherwise.
enum class ClusterProvider { Auto, Kubeconfig, InCluster, Disabled };
// Auto: cluster_auth_mode not set; the reference then behaves as Passthrough.
enum class ClusterAuthMode { Auto, Passthrough, Kubeconfig };
enum class ListOutput { Table, Yaml };

// RFC 8693 token exchange, from either spelling (seed `sts_*` or `[token_exchange]`).
struct TokenExchange {
    // "" (off) | rfc8693 | keycloak-v1 | entra-obo. Any token-exchange key turns exchange on; without
    // an explicit strategy it is rfc8693 (see config/Loader.hpp for why).
    std::string strategy;
    std::string audience;
    std::vector<std::string> scopes;
    std::string subjectTokenType = "urn:ietf:params:oauth:token-type:access_token";
    std::string requestedTokenType = "urn:ietf:params:oauth:token-type:access_token";
    std::string tokenEndpoint; // "" → from the IdP's discovery document
    // client_auth
    std::string authMethod = "client_secret_post"; // client_secret_post | client_secret_basic |
                                                   // private_key_jwt | jwt_file
    std::string clientId;
    std::string clientSecret;
    std::string certificateFile;
    std::string privateKeyFile;
    std::string tokenFile;

    bool enabled() const { return !strategy.empty(); }
};

struct OAuth {
    bool requireOAuth = false;
    std::string oauthAudience;
    std::string authorizationUrl; // the issuer (Keycloak realm URL)
    std::string serverUrl;        // this server's public URL (resource identifier)
    std::string certificateAuthority;
    std::vector<std::string> oauthScopes;
    bool disableDynamicClientRegistration = false;
    bool skipJwtVerification = false;
    bool trustProxyHeaders = false;
};

// The whole configuration after file, conf.d drop-ins and CLI flags are merged and validated.
struct Config {
    // transport
    std::string port;        // "" → stdio
    std::string bindAddress; // "" → all interfaces for HTTP
    bool stateless = false;
    std::string tlsCert;
    std::string tlsKey;
    bool requireTls = false;
    std::string metricsPort;
    HttpLimits http;

    // cluster
    std::string kubeconfig;
    ClusterProvider clusterProvider = ClusterProvider::Auto;
    bool disableMultiCluster = false; // clusterProvider == Disabled (--disable-multi-cluster sets both)
    ClusterAuthMode clusterAuthMode = ClusterAuthMode::Auto;

    // toolsets and profiles
    std::vector<std::string> toolsets{"core", "config"};
    std::vector<std::string> enabledTools;
    std::vector<std::string> disabledTools;
    bool readOnly = false;
    bool disableDestructive = false;
    std::vector<DeniedResource> deniedResources;
    ListOutput listOutput = ListOutput::Table;
    std::map<std::string, std::string> toolDescriptionOverrides; // tool_overrides.<tool>.description
    nlohmann::json toolsetConfigs = nlohmann::json::object();    // toolset_configs.<name> → object
    std::vector<std::string> pluginDirs;                         // plugin_dirs; empty → install dir

    // MCP
    std::string serverInstructions;
    std::vector<Prompt> prompts;

    // observability
    int logLevel = 2;
    std::string logFile;
    std::string auditLog; // "" → stderr

    // auth
    OAuth oauth;
    TokenExchange tokenExchange;

    // where it came from (for SIGHUP reload and messages)
    std::string configPath;
    std::string configDir;
};

} // namespace kmcp::config
