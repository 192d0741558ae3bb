#pragma once

#include "auth/Jwk.hpp"
#include "auth/Jws.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <string>

namespace kmcp::test {

// Keys are generated at test time; these are cached per process because RSA generation is slow.
const auth::PKeyPtr& rsaKey(int index = 0); // 2048-bit, distinct per index (0..3)
const auth::PKeyPtr& ecKey(const std::string& curve = "P-256");
auth::PKeyPtr freshRsaKey(int bits);

// The public half as a JWK (RSA n/e or EC crv/x/y), optionally with "alg".
nlohmann::json publicJwk(EVP_PKEY* key, const std::string& kid, const std::string& alg = "");
std::string publicPem(EVP_PKEY* key);
std::string privatePem(EVP_PKEY* key);
// Self-signed CA-capable certificate for CN with subjectAltName `san` (TLS tests, x5t).
std::string selfSignedCertPem(EVP_PKEY* key, const std::string& commonName,
                              const std::string& san = "IP:127.0.0.1");

// A file in a per-process temp directory holding `content`; returns its path.
std::string writeTempFile(const std::string& name, const std::string& content);

// Typical Keycloak access-token claims for `issuer`, valid for `lifetime` from now.
nlohmann::json claimsFor(const std::string& issuer,
                         std::chrono::seconds lifetime = std::chrono::seconds(300));
std::string signToken(auth::JwsAlg alg, EVP_PKEY* key, const std::string& kid, const nlohmann::json& claims);
// An HS256 token with `secret` as the HMAC key (the classic "public key as secret" attack).
std::string hs256Token(const std::string& secret, const nlohmann::json& header, const nlohmann::json& claims);
// Seconds since the epoch, now + offset.
long long epochIn(std::chrono::seconds offset);

} // namespace kmcp::test
