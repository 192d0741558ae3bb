#include "config/Validator.hpp"

#include "config/Url.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace kmcp::config::detail {

namespace {

class Rules {
public:
    Rules(Config& c, const Provenance& p, std::vector<std::string>& warnings)
        : c_(c), p_(p), warnings_(warnings) {}

    void run() {
        tls();
        urls();
        oauth();
        tokenExchange();
        tools();
    }

private:
    std::string key(std::string_view path) const { return p_.displayKey(path) + p_.where(path, nullptr); }

    void tls() {
        if (c_.tlsCert.empty() != c_.tlsKey.empty()) {
            throw ConfigError(fmt::format("tls_cert and tls_key must be set together ({} is set, {} is not)",
                                          c_.tlsCert.empty() ? "tls_key" : "tls_cert",
                                          c_.tlsCert.empty() ? "tls_cert" : "tls_key"));
        }
        if (!c_.tlsCert.empty() && c_.port.empty()) {
            throw ConfigError(
                "tls_cert and tls_key need port: TLS is only served by the HTTP transport, and without "
                "port the server speaks stdio");
        }
        if (c_.requireTls && !c_.port.empty() && c_.tlsCert.empty()) {
            throw ConfigError("require_tls is true but TLS is not configured: set tls_cert and tls_key");
        }
    }

    void checkUrl(std::string_view path, const std::string& value, bool warnInsecure) {
        if (value.empty()) return;
        auto url = parseUrl(value);
        if (!url || (url->scheme != "https" && url->scheme != "http")) {
            throw ConfigError(fmt::format("invalid value \"{}\" for {}: expected an http:// or https:// URL",
                                          value, key(path)));
        }
        if (url->scheme == "http" && c_.requireTls) {
            throw ConfigError(
                fmt::format("{} is \"{}\", but require_tls forbids non-HTTPS URLs", key(path), value));
        }
        if (url->scheme == "http" && warnInsecure) {
            warnings_.push_back(
                fmt::format("{} uses http://; tokens and keys travel unencrypted (use https:// in "
                            "production)",
                            p_.displayKey(path)));
        }
    }

    void urls() {
        checkUrl("authorization_url", c_.oauth.authorizationUrl, true);
        checkUrl("server_url", c_.oauth.serverUrl, false);
        checkUrl("token_exchange.token_endpoint", c_.tokenExchange.tokenEndpoint, true);
    }

    void oauth() {
        auto& o = c_.oauth;
        // Like the reference: OAuth is an HTTP concept, so on stdio require_oauth is switched off.
        // Unlike the reference (which then fails with a puzzling "only valid if require-oauth"),
        // the OAuth settings are kept and reported as unused.
        if (o.requireOAuth && c_.port.empty()) {
            warnings_.push_back(
                "require_oauth is ignored: without port the server speaks stdio, which has no "
                "HTTP authorization; OAuth and token exchange settings are unused");
            o.requireOAuth = false;
            stdioIgnoresOAuth_ = true;
            return;
        }
        if (!o.requireOAuth) {
            std::vector<std::string> set;
            if (!o.oauthAudience.empty()) set.push_back(key("oauth_audience"));
            if (!o.authorizationUrl.empty()) set.push_back(key("authorization_url"));
            if (!o.serverUrl.empty()) set.push_back(key("server_url"));
            if (!o.certificateAuthority.empty()) set.push_back(key("certificate_authority"));
            if (!set.empty()) {
                throw ConfigError(
                    fmt::format("oauth_audience, authorization_url, server_url and certificate_authority "
                                "are only valid with require_oauth = true; set: {}",
                                fmt::join(set, ", ")));
            }
            return;
        }
        if (o.authorizationUrl.empty() && !o.skipJwtVerification) {
            throw ConfigError(
                "require_oauth is true but authorization_url is not set: tokens cannot be verified "
                "without the OIDC issuer. Set authorization_url, or skip_jwt_verification = true if a "
                "trusted proxy or the cluster verifies tokens");
        }
        if (!o.authorizationUrl.empty() && o.skipJwtVerification) {
            warnings_.push_back(
                "skip_jwt_verification has no effect because authorization_url is set: tokens are "
                "verified against the issuer");
        }
        if (c_.clusterAuthMode == ClusterAuthMode::Kubeconfig) {
            throw ConfigError(
                "cluster_auth_mode = \"kubeconfig\" cannot be combined with require_oauth = true: every "
                "caller would act as the kubeconfig identity; use \"passthrough\" or token exchange");
        }
    }

    void tokenExchange() {
        const auto& x = c_.tokenExchange;
        if (!x.enabled() || stdioIgnoresOAuth_) return;
        if (c_.clusterAuthMode == ClusterAuthMode::Kubeconfig) {
            throw ConfigError(
                "token exchange is configured but cluster_auth_mode = \"kubeconfig\" would never use "
                "the exchanged token");
        }
        if (!c_.oauth.requireOAuth) {
            throw ConfigError(
                "token exchange (sts_* or [token_exchange]) needs require_oauth = true: it exchanges "
                "the caller's verified OAuth token");
        }
        auto require = [&](const std::string& value, std::string_view path, std::string_view why) {
            if (value.empty()) {
                throw ConfigError(
                    fmt::format("{} is required {} ({})", p_.displayKey(path), why, spellings(path)));
            }
        };
        require(x.clientId, "token_exchange.client_auth.client_id", "for token exchange");
        const std::string method = "for client_auth method " + x.authMethod;
        if (x.authMethod == "client_secret_post" || x.authMethod == "client_secret_basic") {
            require(x.clientSecret, "token_exchange.client_auth.client_secret", method);
        } else if (x.authMethod == "private_key_jwt") {
            require(x.certificateFile, "token_exchange.client_auth.certificate_file", method);
            require(x.privateKeyFile, "token_exchange.client_auth.private_key_file", method);
        } else if (x.authMethod == "jwt_file") {
            require(x.tokenFile, "token_exchange.client_auth.token_file", method);
        }
    }

    // Both spellings of a token exchange key, for messages about a missing one.
    static std::string spellings(std::string_view canonical) {
        static constexpr std::pair<std::string_view, std::string_view> seed[] = {
            {"token_exchange.client_auth.client_id", "sts_client_id"},
            {"token_exchange.client_auth.client_secret", "sts_client_secret"},
            {"token_exchange.client_auth.certificate_file", "sts_client_cert_file"},
            {"token_exchange.client_auth.private_key_file", "sts_client_key_file"},
            {"token_exchange.client_auth.token_file", "sts_federated_token_file"}};
        for (const auto& [c, s] : seed) {
            if (c == canonical) return fmt::format("set {} or {}", s, c);
        }
        return fmt::format("set {}", canonical);
    }

    void tools() {
        for (const auto& tool : c_.enabledTools) {
            if (std::find(c_.disabledTools.begin(), c_.disabledTools.end(), tool) != c_.disabledTools.end()) {
                warnings_.push_back(
                    fmt::format("tool \"{}\" is in both enabled_tools and disabled_tools; it is "
                                "disabled",
                                tool));
            }
        }
        if (c_.toolsets.empty())
            warnings_.push_back("toolsets is empty: no toolset is loaded, so no tool is offered");
    }

    Config& c_;
    const Provenance& p_;
    std::vector<std::string>& warnings_;
    bool stdioIgnoresOAuth_ = false;
};

} // namespace

void validate(Config& config, const Provenance& provenance, std::vector<std::string>& warnings) {
    Rules(config, provenance, warnings).run();
}

} // namespace kmcp::config::detail
