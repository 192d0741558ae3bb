#pragma once

#include "common/Result.hpp"
#include "config/Config.hpp"
#include "sts/FormEncoding.hpp"

#include <chrono>
#include <string>

namespace kmcp::sts {

// What goes to the token endpoint besides the grant itself.
struct ClientCredentials {
    FormFields form;
    FormFields headers;
};

// The client authentication of `[token_exchange.client_auth]` for a request to `tokenEndpoint`:
//   client_secret_post  form client_id + client_secret
//   client_secret_basic Authorization: Basic of form-encoded id:secret (RFC 6749 §2.3.1)
//   private_key_jwt     client_assertion signed with private_key_file (RFC 7523), fresh each time
//   jwt_file            client_assertion read from token_file each time (projected/federated
//                       workload identity tokens rotate on disk)
// Errors are InvalidArgument (configuration) or Internal (key unreadable); messages name files,
// never secrets.
Result<ClientCredentials> clientCredentials(const config::TokenExchange& cfg,
                                            const std::string& tokenEndpoint);

// The private_key_jwt assertion: iss = sub = clientId, aud = tokenEndpoint, random jti, iat,
// exp = iat + lifetime. Signed RS256 (RSA key) or ES256/ES384 (EC key). The header carries
// kid = base64url SHA-256 of the public key (Keycloak's key id convention) and, with a
// certificate, x5t and x5t#S256 (Entra ID and others look the key up by thumbprint).
Result<std::string> makeClientAssertion(const std::string& clientId, const std::string& tokenEndpoint,
                                        const std::string& privateKeyFile, const std::string& certificateFile,
                                        std::chrono::seconds lifetime = std::chrono::seconds(120));

} // namespace kmcp::sts
