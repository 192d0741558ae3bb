#pragma once

#include "common/Result.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kmcp::auth {

// The token from an `Authorization: Bearer <token>` header (scheme case-insensitive, RFC 6750
// §2.1); nullopt for another scheme, an empty token, or a token with spaces in it.
std::optional<std::string_view> bearerToken(std::string_view authorizationHeader);

// How a verification failure is answered over HTTP.
struct OAuthFailure {
    int httpStatus = 401;
    std::string error;       // RFC 6750 code: invalid_token, insufficient_scope, invalid_request,
                             // or temporarily_unavailable (503) / server_error (500)
    std::string description; // safe for a quoted header value
};

// Unauthenticated → 401 invalid_token; Denied → 403 insufficient_scope; InvalidArgument → 400
// invalid_request; Unavailable/Timeout → 503 temporarily_unavailable; anything else → 500.
OAuthFailure describeFailure(const Error& error);

struct Challenge {
    std::string realm = "Kubernetes MCP Server";
    std::string resourceMetadata;    // URL of /.well-known/oauth-protected-resource (MCP spec)
    std::vector<std::string> scopes; // advertised with insufficient_scope (and when non-empty)
};

// The WWW-Authenticate value for a 401/403: `Bearer realm="…", resource_metadata="…"`, plus
// `error`/`error_description` when `failure` is given (none for a request without a token,
// RFC 6750 §3.1), plus `scope` when scopes are known. Both the Go server's parameters (realm,
// error) and the MCP authorization spec's (resource_metadata) are present.
std::string wwwAuthenticate(const Challenge& challenge, const Error* failure = nullptr);

} // namespace kmcp::auth
