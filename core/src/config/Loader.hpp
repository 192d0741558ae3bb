#pragma once

// Loading kubernetes-mcp-server's configuration.
//
// Sources, later winning: built-in defaults (Config.hpp) → the TOML file (`--config PATH`, else
// $K8S_MCP_CONFIG_PATH) → drop-ins `*.toml` in `--config-dir DIR` (default `conf.d` beside the config
// file; a relative DIR is resolved against the config file's directory, like the reference) in
// lexical file-name order, dotfiles skipped → flags given on the command line. Tables merge deeply;
// values and arrays (including [[prompts]]) replace. Without --config and --config-dir no file is read.
//
// Compatibility decisions (each pinned by tests/unit/config):
//  - Both token-exchange spellings load: the seed's `sts_client_id`, `sts_client_secret`,
//    `sts_audience`, `sts_scopes`, `token_exchange_strategy`, `sts_auth_style` (params →
//    client_secret_post, header → client_secret_basic, assertion → private_key_jwt, federated →
//    jwt_file) and the reference's `sts_client_cert_file`, `sts_client_key_file`,
//    `sts_federated_token_file`, and `[token_exchange]` / `[token_exchange.client_auth]`. One file
//    giving both spellings different values is an error; across files the later file wins.
//  - Any token-exchange key enables exchange; with no strategy it is `rfc8693`: the seed realm
//    enables Keycloak's standard (V2, RFC 8693) token exchange and the guide's manual test sends
//    `requested_token_type`, which `keycloak-v1` omits. client_id (and the secret for the secret
//    methods, the key files for private_key_jwt/jwt_file) are then required, so a half-configured
//    exchange fails at start instead of forwarding the caller's token.
//  - Obsolete keys (`validate_token`, `sse_base_url`; `sse_port`/`http_port`, which become `port`
//    when `port` is absent) load with a warning naming the key. Unknown keys warn
//    `unknown configuration key "x.y" in FILE:LINE (ignored)`; reference keys we do not implement
//    (telemetry, tls_min_version, …) warn that they are unsupported.
//  - The seed ConfigMap's unquoted `sts_client_secret = <uuid>` (after envsubst) is read as a
//    string with a warning; an unsubstituted `${VAR}` is an error.
//  - Like the reference, oauth_audience, authorization_url, server_url and certificate_authority
//    are errors unless require_oauth is true (the seed config's comment says so); require_oauth
//    without authorization_url needs skip_jwt_verification; token exchange needs require_oauth;
//    cluster_auth_mode "kubeconfig" excludes require_oauth and token exchange. On stdio (no port)
//    require_oauth is switched off with a warning (the reference does the same, then fails).
//  - tls_cert and tls_key go together and need port; require_tls with port needs them, and
//    forbids http:// authorization_url/server_url/token_endpoint.
//  - `port` (and `metrics_port`) accept a string or an integer 0-65535; "" means stdio.
//  - `enabled_tools = []` means "no allow-list" (the reference hides every tool).
// File paths are not opened here (the example and seed configs name files of the target
// machine); call checkReferencedFiles() at start-up to fail early on missing ones.

#include "common/Result.hpp"
#include "config/Config.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace kmcp::config {

// What the command line asked for, beyond configuration values.
struct Invocation {
    bool showVersion = false; // --version: print the version and exit
    bool showHelp = false;    // --help / -h: print helpText and exit
    std::string helpText;     // always filled
    std::string configPath;   // --config, else $K8S_MCP_CONFIG_PATH, else ""
    std::string configDir;    // --config-dir as given; "" → conf.d beside the config file
};

// A flag given on the command line, re-applied over the files on every load.
struct FlagOverride {
    std::string flag; // as documented, e.g. "--log-level"
    std::string key;  // canonical config key path, e.g. "log_level", "token_exchange.audience"
    std::variant<std::string, int64_t, bool, std::vector<std::string>> value;
};

struct Loaded {
    Config config;
    std::vector<std::string> warnings; // for the log; loading succeeded
    std::vector<std::string> files;    // files read, in merge order
};

class Loader {
public:
    using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

    // Parses the command line once (Go-style: `--port 8080`, `--port=8080`, `--read-only`,
    // `--read-only=false`, `--toolsets a,b`). An unknown flag or a stray argument is an error.
    static Result<Loader> fromArgs(int argc, const char* const* argv);
    static Result<Loader> fromArgs(int argc, const char* const* argv, const EnvLookup& env);
    // A loader for these paths and no flags.
    static Loader fromPaths(std::string configPath, std::string configDir = {});

    const Invocation& invocation() const { return invocation_; }
    const std::vector<FlagOverride>& overrides() const { return overrides_; }
    // True when load() reads files, i.e. when a SIGHUP reload can change anything.
    bool readsFiles() const { return !invocation_.configPath.empty() || !invocation_.configDir.empty(); }

    // Reads the files again (each call: start-up and every SIGHUP), applies the remembered flags
    // and validates. Errors name the key, where it was set, the value and what is allowed.
    Result<Loaded> load() const;
    // As load(), but with `toml` standing in for the config file (no drop-ins).
    Result<Loaded> loadText(std::string_view toml, const std::string& sourceName = "config.toml") const;

private:
    Invocation invocation_;
    std::vector<FlagOverride> overrides_;
};

// Checks that the files the configuration names exist and are readable (kubeconfig, TLS and CA
// files, token-exchange key files). Meant for start-up, where a missing file should stop the server.
Status checkReferencedFiles(const Config& config);

} // namespace kmcp::config
