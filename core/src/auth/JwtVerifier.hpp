#pragma once

#include "auth/Identity.hpp"
#include "auth/OidcProvider.hpp"
#include "common/Result.hpp"
#include "config/Config.hpp"

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace kmcp::auth {

struct JwtVerifierOptions {
    std::string issuer;                      // required `iss` (not checked with skipSignature)
    std::vector<std::string> audiences;      // `aud` must contain one of these; empty → unchecked
    std::vector<std::string> requiredScopes; // all must be granted, else insufficient_scope
    std::chrono::seconds leeway{30};         // clock skew allowed on exp/nbf/iat
    size_t maxTokenBytes = 16 * 1024;
    // skip_jwt_verification: claims are parsed and exp/nbf/aud/scopes checked, but neither
    // the signature nor the issuer. For development against an IdP we cannot reach.
    bool skipSignature = false;

    // From the configuration: issuer = authorization_url; accepted audiences = oauth_audience
    // and server_url (the MCP resource identifier, RFC 8707), whichever are set. `oauth_scopes`
    // is advertised, not required: the seed's own client asks only for `mcp-server`, so its
    // tokens would fail a check for `openid`.
    static JwtVerifierOptions fromConfig(const config::OAuth& oauth);
};

// Verifies bearer JWTs (compact JWS) for the resource server. Failures are
//   Error{Unauthenticated}: invalid_token (message = error_description),
//   Error{Denied}:          insufficient_scope,
//   Error{Unavailable}:     the IdP cannot be reached to get keys (answer 503, retry later).
// Thread-safe; the raw token is never logged.
class JwtVerifier {
public:
    // `provider` may be null only with skipSignature.
    JwtVerifier(JwtVerifierOptions options, std::shared_ptr<OidcProvider> provider);

    Result<Identity> verify(std::string_view token) const;

    const JwtVerifierOptions& options() const { return options_; }

private:
    Result<Identity> checkClaims(const nlohmann::json& claims, std::string_view token) const;

    JwtVerifierOptions options_;
    std::shared_ptr<OidcProvider> provider_;
};

} // namespace kmcp::auth
