#pragma once

#include "auth/Jwk.hpp"
#include "common/Result.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace kmcp::auth {

// The asymmetric JWS algorithms we accept. `none` and HS* are deliberately absent: a resource
// server holds only public keys, so an HMAC "signature" would be forgeable by anyone.
enum class JwsAlg { RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512 };

std::optional<JwsAlg> parseJwsAlg(std::string_view name);
std::string_view jwsAlgName(JwsAlg alg);
// True when `key` may verify `alg`: kty (and EC curve) match, and the JWK's own alg, if any, agrees.
bool keyFitsAlg(const Jwk& key, JwsAlg alg);

// A compact JWS split and decoded; header and payload parsed as JSON objects.
struct CompactJws {
    nlohmann::json header;
    nlohmann::json payload;
    std::string signingInput; // "<header b64>.<payload b64>"
    std::string signature;    // raw bytes
};

// Parses `header.payload.signature`. Rejects (InvalidArgument) anything malformed: wrong segment
// count, bad base64url, non-object JSON, duplicate member names at any depth (RFC 7515 §5.2
// lets us reject rather than guess which value counts), nesting deeper than a few levels.
Result<CompactJws> parseCompactJws(std::string_view token);
// Parses JSON text the same strict way (no duplicate names, bounded depth).
Result<nlohmann::json> parseStrictJson(std::string_view text);

bool verifyJwsSignature(JwsAlg alg, EVP_PKEY* key, std::string_view signingInput, std::string_view signature);
// Signs and returns the JWS signature bytes (ES*: raw R||S as RFC 7518 §3.4 requires).
Result<std::string> signJws(JwsAlg alg, EVP_PKEY* key, std::string_view signingInput);
// Builds a complete compact JWS; header gets "alg" set from `alg`.
Result<std::string> makeCompactJws(JwsAlg alg, EVP_PKEY* key, nlohmann::json header,
                                   const nlohmann::json& payload);

} // namespace kmcp::auth
