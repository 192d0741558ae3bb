#pragma once

#include "auth/JwtVerifier.hpp"
#include "auth/OidcProvider.hpp"
#include "config/Config.hpp"
#include "http/Authenticator.hpp"
#include "http/Reply.hpp"

#include <memory>
#include <string>
#include <vector>

namespace kmcp::http {
class HttpServer;
}

namespace kmcp::app {

// The parts of an HTTP request the guard looks at, so the logic does not depend on Poco's
// request objects (and unit tests can build one).
struct GuardRequest {
    std::string authorization;  // the Authorization header ("" when absent)
    std::string host;           // the Host header
    std::string forwardedHost;  // X-Forwarded-Host (only read with trust_proxy_headers)
    std::string forwardedProto; // X-Forwarded-Proto (idem)

    static GuardRequest from(const Poco::Net::HTTPServerRequest& request);
};

// The OAuth 2.1 resource-server side of the HTTP transport (require_oauth): every request to
// /mcp, /sse and /message must carry `Authorization: Bearer <JWT>` issued by authorization_url;
// the verified claims become the mcp::Caller. Also serves the discovery documents MCP clients
// need: RFC 9728 protected-resource metadata and the IdP's RFC 8414 / OpenID metadata under our
// own well-known paths. Tokens are never logged nor echoed in answers. Thread-safe.
class OAuthGuard {
public:
    // `provider` null → one built from the configuration (none with skip_jwt_verification and
    // no authorization_url).
    explicit OAuthGuard(const config::Config& config, std::shared_ptr<auth::OidcProvider> provider = nullptr);

    // The authenticator plus the well-known routes.
    void install(http::HttpServer& server) const;

    // 401 (missing/invalid token), 403 (insufficient_scope), 503 (IdP unreachable) or a caller.
    http::AuthOutcome authenticate(const GuardRequest& request) const;
    // RFC 9728 document; `mcpPath` for /.well-known/oauth-protected-resource/mcp.
    http::Reply protectedResourceMetadata(const GuardRequest& request, bool mcpPath) const;
    // The IdP's metadata with our overrides (scopes_supported, registration_endpoint).
    http::Reply authorizationServerMetadata() const;

    // "scheme://host[:port]" of this server as clients reach it: server_url's origin when set,
    // else derived from Host (and X-Forwarded-* with trust_proxy_headers).
    std::string baseUrl(const GuardRequest& request) const;

    const std::shared_ptr<auth::OidcProvider>& provider() const { return provider_; }
    // oauth_scopes minus OpenID Connect's identity scopes (openid, profile, email, …): those
    // shape ID tokens and userinfo, and Keycloak lists `openid` in an access token only when the
    // client asked for it, so requiring them would refuse the seed's own tokens.
    const std::vector<std::string>& requiredScopes() const { return verifier_->options().requiredScopes; }

private:
    http::Reply reject(const GuardRequest& request, const Error* failure) const;

    config::OAuth oauth_;
    bool tls_ = false;
    std::shared_ptr<auth::OidcProvider> provider_;
    std::unique_ptr<auth::JwtVerifier> verifier_;
};

} // namespace kmcp::app
