#pragma once

#include "common/Result.hpp"

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

typedef struct evp_pkey_st EVP_PKEY;

namespace kmcp::auth {

using PKeyPtr = std::shared_ptr<EVP_PKEY>;

// One public signing key from a JWKS (RFC 7517): RSA or EC (P-256/384/521).
struct Jwk {
    std::string kid;
    std::string kty; // RSA | EC
    std::string crv; // EC only
    std::string alg; // optional: when present the token's alg must equal it
    std::string use; // optional: "sig" or absent for keys we accept
    PKeyPtr key;
};

// Parses one JWK. Keys that are not public RSA/EC signing keys are errors (kty "oct" included:
// a symmetric key has no place in a JWKS we verify against).
Result<Jwk> parseJwk(const nlohmann::json& jwk);
// Parses the `keys` array of a JWKS, skipping keys it cannot use (other kty, use=enc); an error
// only when the document is malformed or holds no usable key.
Result<std::vector<Jwk>> parseJwks(const nlohmann::json& jwks);

// Takes ownership of a raw key (nullptr stays empty).
PKeyPtr adoptKey(EVP_PKEY* key);

} // namespace kmcp::auth
