#include "config/Decoder.hpp"

#include "config/GoDuration.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace kmcp::config::detail {

namespace {

class TableDecoder {
public:
    TableDecoder(const Provenance& provenance, std::vector<std::string>& warnings)
        : reader_(provenance), warnings_(warnings) {}

    Config decode(const toml::table& t) {
        Config c;
        str(t, "bind_address", c.bindAddress);
        str(t, "kubeconfig", c.kubeconfig);
        str(t, "log_file", c.logFile);
        str(t, "tls_cert", c.tlsCert);
        str(t, "tls_key", c.tlsKey);
        str(t, "server_instructions", c.serverInstructions);
        str(t, "audit_log", c.auditLog);
        flag(t, "read_only", c.readOnly);
        flag(t, "disable_destructive", c.disableDestructive);
        flag(t, "stateless", c.stateless);
        flag(t, "require_tls", c.requireTls);
        if (auto* n = t.get("port")) c.port = port("port", *n);
        if (auto* n = t.get("metrics_port")) c.metricsPort = port("metrics_port", *n);
        if (auto* n = t.get("log_level")) {
            auto level = reader_.integer("log_level", *n);
            if (level < 0 || level > 9) reader_.valueError("log_level", *n, "an integer from 0 to 9");
            c.logLevel = static_cast<int>(level);
        }
        if (auto* n = t.get("list_output")) {
            c.listOutput = reader_.oneOf("list_output", *n, {"table", "yaml"}) == "yaml" ? ListOutput::Yaml
                                                                                         : ListOutput::Table;
        }
        if (auto* n = t.get("cluster_provider_strategy")) {
            auto v =
                reader_.oneOf("cluster_provider_strategy", *n, {"kubeconfig", "in-cluster", "disabled", ""});
            c.clusterProvider = v == "kubeconfig"   ? ClusterProvider::Kubeconfig
                                : v == "in-cluster" ? ClusterProvider::InCluster
                                : v == "disabled"   ? ClusterProvider::Disabled
                                                    : ClusterProvider::Auto;
        }
        c.disableMultiCluster = c.clusterProvider == ClusterProvider::Disabled;
        if (auto* n = t.get("cluster_auth_mode")) {
            auto v = reader_.oneOf("cluster_auth_mode", *n, {"passthrough", "kubeconfig", ""});
            c.clusterAuthMode = v == "passthrough"  ? ClusterAuthMode::Passthrough
                                : v == "kubeconfig" ? ClusterAuthMode::Kubeconfig
                                                    : ClusterAuthMode::Auto;
        }
        if (auto* n = t.get("toolsets")) c.toolsets = names("toolsets", *n);
        if (auto* n = t.get("enabled_tools")) c.enabledTools = names("enabled_tools", *n);
        if (auto* n = t.get("disabled_tools")) c.disabledTools = names("disabled_tools", *n);
        if (auto* n = t.get("plugin_dirs")) c.pluginDirs = names("plugin_dirs", *n);
        if (auto* n = t.get("denied_resources")) c.deniedResources = deniedResources(*n);
        if (auto* n = t.get("tool_overrides")) c.toolDescriptionOverrides = toolOverrides(*n);
        if (auto* n = t.get("prompts")) c.prompts = decodePrompts(reader_, *n, warnings_);
        if (auto* n = t.get("toolset_configs")) c.toolsetConfigs = decodeToolsetConfigs(reader_, *n);
        if (auto* n = t.get("http")) c.http = http(reader_.table("http", *n));
        oauth(t, c.oauth);
        if (auto* n = t.get("token_exchange"))
            c.tokenExchange = tokenExchange(reader_.table("token_exchange", *n));
        return c;
    }

private:
    void str(const toml::table& t, std::string_view key, std::string& out) {
        if (auto* n = t.get(key)) out = reader_.string(key, *n);
    }
    void flag(const toml::table& t, std::string_view key, bool& out) {
        if (auto* n = t.get(key)) out = reader_.boolean(key, *n);
    }
    void strs(const toml::table& t, std::string_view key, const std::string& path,
              std::vector<std::string>& out) {
        if (auto* n = t.get(key)) out = reader_.strings(path, *n);
    }

    // The reference types `port` as a string; integers are accepted too since `port = 8080` is natural.
    std::string port(std::string_view key, const toml::node& n) {
        const std::string_view allowed = "a TCP port number 0-65535 (string or integer), or \"\" for stdio";
        if (n.is_integer()) {
            auto v = *n.value<int64_t>();
            if (v < 0 || v > 65535) reader_.valueError(key, n, allowed);
            return std::to_string(v);
        }
        if (!n.is_string()) reader_.typeError(key, n, allowed);
        auto v = *n.value<std::string>();
        if (v.empty()) return v;
        const bool digits =
            v.size() <= 5 && std::all_of(v.begin(), v.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
        if (!digits || std::stoi(v) > 65535) reader_.valueError(key, n, allowed);
        return std::to_string(std::stoi(v)); // "08080" → "8080"
    }

    // Lists of names: empty entries dropped, duplicates removed, order kept.
    std::vector<std::string> names(std::string_view key, const toml::node& n) {
        std::vector<std::string> out;
        for (auto& v : reader_.strings(key, n)) {
            if (v.empty() || std::find(out.begin(), out.end(), v) != out.end()) continue;
            out.push_back(std::move(v));
        }
        return out;
    }

    std::vector<DeniedResource> deniedResources(const toml::node& n) {
        std::vector<DeniedResource> out;
        const auto& array = reader_.array("denied_resources", n);
        for (size_t i = 0; i < array.size(); ++i) {
            const std::string path = fmt::format("denied_resources[{}]", i);
            const auto& entry = reader_.table(path, *array.get(i));
            DeniedResource r;
            str(entry, "group", r.group, path);
            str(entry, "version", r.version, path);
            str(entry, "kind", r.kind, path);
            if (r.version.empty()) {
                throw ConfigError(
                    fmt::format("{} needs a version (group \"{}\", kind \"{}\"); an empty kind denies "
                                "the whole group/version",
                                reader_.describeKey(path, array.get(i)), r.group, r.kind));
            }
            out.push_back(std::move(r));
        }
        return out;
    }

    void str(const toml::table& t, std::string_view key, std::string& out, const std::string& parent) {
        if (auto* n = t.get(key)) out = reader_.string(joinPath(parent, key), *n);
    }

    std::map<std::string, std::string> toolOverrides(const toml::node& n) {
        std::map<std::string, std::string> out;
        for (const auto& [tool, value] : reader_.table("tool_overrides", n)) {
            const std::string path = joinPath("tool_overrides", tool.str());
            const auto& entry = reader_.table(path, value);
            std::string description;
            str(entry, "description", description, path);
            // The reference ignores empty descriptions; the tool keeps its own.
            if (!description.empty()) out[std::string(tool.str())] = description;
        }
        return out;
    }

    HttpLimits http(const toml::table& t) {
        HttpLimits h;
        if (auto* n = t.get("max_body_bytes")) {
            auto v = reader_.integer("http.max_body_bytes", *n);
            if (v <= 0) reader_.valueError("http.max_body_bytes", *n, "a positive number of bytes");
            h.maxBodyBytes = static_cast<size_t>(v);
        }
        if (auto* n = t.get("read_header_timeout")) {
            const std::string_view allowed =
                "a non-negative Go duration such as \"10s\", \"1m30s\" or \"500ms\"";
            if (!n->is_string()) reader_.typeError("http.read_header_timeout", *n, allowed);
            auto d = parseGoDuration(*n->value<std::string>());
            if (!d || d->count() < 0) reader_.valueError("http.read_header_timeout", *n, allowed);
            h.readHeaderTimeout = std::chrono::duration_cast<std::chrono::milliseconds>(*d);
        }
        if (auto* n = t.get("rate_limit_rps")) {
            h.rateLimitRps = reader_.number("http.rate_limit_rps", *n);
            if (h.rateLimitRps < 0)
                reader_.valueError("http.rate_limit_rps", *n, "a number >= 0 (0 disables)");
        }
        if (auto* n = t.get("rate_limit_burst")) {
            auto v = reader_.integer("http.rate_limit_burst", *n);
            if (v < 0 || v > 1000000)
                reader_.valueError("http.rate_limit_burst", *n, "an integer from 0 to 1000000");
            h.rateLimitBurst = static_cast<int>(v);
        }
        if (auto* n = t.get("max_workers")) {
            auto v = reader_.integer("http.max_workers", *n);
            if (v < 1 || v > 4096) reader_.valueError("http.max_workers", *n, "an integer from 1 to 4096");
            h.maxWorkers = static_cast<int>(v);
        }
        if (auto* n = t.get("max_streams")) {
            auto v = reader_.integer("http.max_streams", *n);
            if (v < 0 || v > 65536) reader_.valueError("http.max_streams", *n, "an integer from 0 to 65536");
            h.maxStreams = static_cast<int>(v);
        }
        // Same default as the reference: a rate without a burst allows bursts of 10.
        if (h.rateLimitRps > 0 && h.rateLimitBurst == 0) h.rateLimitBurst = 10;
        return h;
    }

    void oauth(const toml::table& t, OAuth& o) {
        flag(t, "require_oauth", o.requireOAuth);
        str(t, "oauth_audience", o.oauthAudience);
        str(t, "authorization_url", o.authorizationUrl);
        str(t, "server_url", o.serverUrl);
        str(t, "certificate_authority", o.certificateAuthority);
        if (auto* n = t.get("oauth_scopes")) o.oauthScopes = names("oauth_scopes", *n);
        flag(t, "disable_dynamic_client_registration", o.disableDynamicClientRegistration);
        flag(t, "skip_jwt_verification", o.skipJwtVerification);
        flag(t, "trust_proxy_headers", o.trustProxyHeaders);
    }

    TokenExchange tokenExchange(const toml::table& t) {
        TokenExchange x;
        if (t.empty()) return x;
        const std::string base = "token_exchange";
        if (auto* n = t.get("strategy"))
            x.strategy = reader_.oneOf(base + ".strategy", *n, {"rfc8693", "keycloak-v1", "entra-obo", ""});
        // Any token exchange setting turns exchange on. Without a strategy it is plain RFC 8693,
        // which is what the seed's Keycloak realm enables ("standard.token.exchange.enabled") and
        // exactly the request the seed guide tests by hand (it sends requested_token_type).
        if (x.strategy.empty()) x.strategy = "rfc8693";
        str(t, "audience", x.audience, base);
        strs(t, "scopes", base + ".scopes", x.scopes);
        // Token types are URNs (RFC 8693 section 3); anything else is a typo the IdP would reject.
        auto tokenType = [&](std::string_view key, std::string& out) {
            if (auto* n = t.get(key)) {
                out = reader_.string(joinPath(base, key), *n);
                if (out.rfind("urn:", 0) != 0) {
                    reader_.valueError(
                        joinPath(base, key), *n,
                        "a token type URN such as \"urn:ietf:params:oauth:token-type:access_token\"");
                }
            }
        };
        tokenType("subject_token_type", x.subjectTokenType);
        tokenType("requested_token_type", x.requestedTokenType);
        str(t, "token_endpoint", x.tokenEndpoint, base);
        if (auto* n = t.get("client_auth")) {
            const std::string path = base + ".client_auth";
            const auto& auth = reader_.table(path, *n);
            if (auto* m = auth.get("method")) {
                x.authMethod = reader_.oneOf(
                    path + ".method", *m,
                    {"client_secret_post", "client_secret_basic", "private_key_jwt", "jwt_file"});
            }
            str(auth, "client_id", x.clientId, path);
            str(auth, "client_secret", x.clientSecret, path);
            str(auth, "certificate_file", x.certificateFile, path);
            str(auth, "private_key_file", x.privateKeyFile, path);
            str(auth, "token_file", x.tokenFile, path);
        }
        return x;
    }

    ValueReader reader_;
    std::vector<std::string>& warnings_;
};

} // namespace

Config decode(const toml::table& merged, const Provenance& provenance, std::vector<std::string>& warnings) {
    return TableDecoder(provenance, warnings).decode(merged);
}

} // namespace kmcp::config::detail
