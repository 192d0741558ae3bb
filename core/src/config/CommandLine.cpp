#include "config/CommandLine.hpp"

#include "config/Provenance.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <deque>

namespace kmcp::config::detail {

namespace {

enum class Kind {
    String,  // --flag VALUE
    Integer, // --flag N (kept as text when not a number, so the decoder reports the bad value)
    Bool,    // --flag or --flag=true|false
    List,    // --flag a,b,c (repeatable; occurrences accumulate, like pflag's StringSlice)
    Repeat,  // --flag A --flag B (each occurrence one value; paths may contain commas)
};

struct FlagSpec {
    std::string_view name;
    std::string_view key;
    Kind kind;
    std::string_view help;
    std::string_view valueName; // shown in --help; "" for booleans
};

// Every flag of compatibility.md, plus the seed guide's --oauth-scopes/--sts-* (the reference never
// had them, but users copy that command) and this server's --plugin-dir/--audit-log.
constexpr FlagSpec specs[] = {
    {"--port", "port", Kind::String,
     "Serve MCP over HTTP on this port (Streamable HTTP at /mcp, legacy SSE at /sse); empty: stdio", "PORT"},
    {"--bind-address", "bind_address", Kind::String,
     "Address the HTTP server binds to (default: all interfaces)", "ADDRESS"},
    {"--kubeconfig", "kubeconfig", Kind::String, "Path to the kubeconfig file", "PATH"},
    {"--cluster-provider", "cluster_provider_strategy", Kind::String,
     "How clusters are found: kubeconfig, in-cluster or disabled (default: auto-detect)", "STRATEGY"},
    {"--toolsets", "toolsets", Kind::List, "Comma-separated toolsets to enable (default: core,config)",
     "LIST"},
    {"--list-output", "list_output", Kind::String, "Output of list tools: table (default) or yaml", "FORMAT"},
    {"--read-only", "read_only", Kind::Bool, "Only offer tools annotated readOnlyHint=true", ""},
    {"--disable-destructive", "disable_destructive", Kind::Bool, "Hide tools annotated destructiveHint=true",
     ""},
    {"--stateless", "stateless", Kind::Bool,
     "Keep no session state (no list_changed notifications); for replicas behind a load balancer", ""},
    {"--log-level", "log_level", Kind::Integer, "Log verbosity from 0 to 9", "0-9"},
    {"--log-file", "log_file", Kind::String, "Write the log to this file instead of stderr", "PATH"},
    {"--tls-cert", "tls_cert", Kind::String, "TLS certificate (PEM) for HTTPS; needs --tls-key", "PATH"},
    {"--tls-key", "tls_key", Kind::String, "TLS private key (PEM) for HTTPS; needs --tls-cert", "PATH"},
    {"--require-tls", "require_tls", Kind::Bool,
     "Refuse to serve without TLS and refuse http:// identity provider URLs", ""},
    {"--metrics-port", "metrics_port", Kind::String, "Serve /metrics on this separate port", "PORT"},
    {"--require-oauth", "require_oauth", Kind::Bool, "Require an OAuth bearer token on every HTTP request",
     ""},
    {"--oauth-audience", "oauth_audience", Kind::String, "Audience accepted in OAuth tokens", "AUDIENCE"},
    {"--authorization-url", "authorization_url", Kind::String, "OIDC issuer (e.g. the Keycloak realm URL)",
     "URL"},
    {"--server-url", "server_url", Kind::String, "Public URL of this server (OAuth protected resource)",
     "URL"},
    {"--certificate-authority", "certificate_authority", Kind::String,
     "CA bundle for connections to the identity provider", "PATH"},
    {"--skip-jwt-verification", "skip_jwt_verification", Kind::Bool,
     "With --require-oauth and no --authorization-url: forward tokens unverified (trusted proxy only)", ""},
    {"--oauth-scopes", "oauth_scopes", Kind::List, "Comma-separated scopes advertised to MCP clients",
     "LIST"},
    {"--sts-client-id", "token_exchange.client_auth.client_id", Kind::String, "Client ID for token exchange",
     "ID"},
    {"--sts-client-secret", "token_exchange.client_auth.client_secret", Kind::String,
     "Client secret for token exchange", "SECRET"},
    {"--sts-audience", "token_exchange.audience", Kind::String, "Audience of the exchanged (cluster) token",
     "AUDIENCE"},
    {"--sts-scopes", "token_exchange.scopes", Kind::List, "Comma-separated scopes of the exchanged token",
     "LIST"},
    {"--plugin-dir", "plugin_dirs", Kind::Repeat,
     "Directory with toolset plugins (repeatable; replaces plugin_dirs)", "DIR"},
    {"--audit-log", "audit_log", Kind::String,
     "Write the audit log (one JSON line per tool call) to this file", "PATH"},
};

std::vector<std::string> splitList(const std::vector<std::string>& raw) {
    std::vector<std::string> out;
    for (const auto& item : raw) {
        std::string trimmed = item;
        trimmed.erase(0, trimmed.find_first_not_of(" \t"));
        trimmed.erase(trimmed.find_last_not_of(" \t") + 1);
        if (!trimmed.empty()) out.push_back(trimmed);
    }
    return out;
}

} // namespace

ParsedCommandLine parseCommandLine(int argc, const char* const* argv, const Loader::EnvLookup& env) {
    CLI::App app{"Kubernetes Model Context Protocol (MCP) server", "kubernetes-mcp-server"};
    app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    app.footer("A flag given here wins over the configuration files. Config keys: see etc/config.toml.");

    ParsedCommandLine out;
    bool version = false;
    app.add_flag("--version", version, "Print the version and exit");
    app.add_option("--config", out.invocation.configPath, "TOML configuration file (or $K8S_MCP_CONFIG_PATH)")
        ->type_name("PATH");
    app.add_option(
           "--config-dir", out.invocation.configDir,
           "Drop-in directory of *.toml files merged in lexical order (default: conf.d beside --config)")
        ->type_name("DIR");

    std::deque<std::string> strings;
    std::deque<bool> bools;
    std::deque<std::vector<std::string>> lists;
    std::vector<CLI::Option*> options;
    for (const auto& spec : specs) {
        const std::string name(spec.name);
        const std::string help(spec.help);
        const std::string valueName(spec.valueName);
        switch (spec.kind) {
        case Kind::String:
        case Kind::Integer:
            options.push_back(app.add_option(name, strings.emplace_back(), help)->type_name(valueName));
            break;
        case Kind::Bool:
            options.push_back(app.add_flag(name, bools.emplace_back(), help));
            break;
        case Kind::List:
            options.push_back(app.add_option(name, lists.emplace_back(), help)
                                  ->type_name(valueName)
                                  ->delimiter(',')
                                  ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll));
            break;
        case Kind::Repeat:
            options.push_back(app.add_option(name, lists.emplace_back(), help)
                                  ->type_name(valueName)
                                  ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll));
            break;
        }
    }
    bool disableMultiCluster = false;
    auto* disableMulti = app.add_flag("--disable-multi-cluster", disableMultiCluster,
                                      "Use only the current context (same as --cluster-provider disabled)");

    out.invocation.helpText = app.help();
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        out.invocation.showHelp = true;
        return out;
    } catch (const CLI::ParseError& e) {
        throw ConfigError(fmt::format("{} (see --help)", e.what()));
    }
    out.invocation.showVersion = version;
    if (out.invocation.configPath.empty()) {
        if (auto fromEnv = env("K8S_MCP_CONFIG_PATH")) out.invocation.configPath = *fromEnv;
    }

    size_t s = 0, b = 0, l = 0;
    for (size_t i = 0; i < std::size(specs); ++i) {
        const auto& spec = specs[i];
        const bool given = options[i]->count() > 0;
        FlagOverride o{std::string(spec.name), std::string(spec.key), {}};
        switch (spec.kind) {
        case Kind::String:
            o.value = strings[s++];
            break;
        case Kind::Integer: {
            const std::string& text = strings[s++];
            const bool numeric =
                !text.empty() && text.size() < 10 &&
                std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
            if (numeric) {
                o.value = static_cast<int64_t>(std::stoll(text));
            } else {
                o.value = text;
            }
            break;
        }
        case Kind::Bool:
            o.value = static_cast<bool>(bools[b++]);
            break;
        case Kind::List:
        case Kind::Repeat:
            o.value = splitList(lists[l++]);
            break;
        }
        if (given) out.overrides.push_back(std::move(o));
    }
    // As in the reference, --disable-multi-cluster=true beats --cluster-provider.
    if (disableMulti->count() > 0 && disableMultiCluster) {
        out.overrides.push_back(
            {"--disable-multi-cluster", "cluster_provider_strategy", std::string("disabled")});
    }
    return out;
}

} // namespace kmcp::config::detail
