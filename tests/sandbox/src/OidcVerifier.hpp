#pragma once

#include "UserInfo.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <mutex>
#include <optional>
#include <string>

namespace kmcp::sandbox {

struct OidcConfig {
    std::string issuerUrl;
    std::string audience;
    std::string usernameClaim = "sub";
    std::string groupsClaim;
    std::string caFile; // PEM bundle trusted for the issuer's HTTPS endpoints
};

// Verifies OIDC ID tokens (RS256, ES256) against the issuer's JWKS, found through
// /.well-known/openid-configuration. Keys are cached and refetched when an unknown kid appears.
class OidcVerifier {
public:
    explicit OidcVerifier(OidcConfig config) : config_(std::move(config)) {}

    std::optional<UserInfo> verify(const std::string& token);

    // Checks a compact JWS signature with one JWK; exposed for unit tests.
    static bool verifySignature(const std::string& signingInput, const std::string& signature,
                                const std::string& alg, const nlohmann::json& jwk);
    static std::string base64UrlDecode(const std::string& text);

private:
    nlohmann::json keysFor(const std::string& kid);
    std::string httpGet(const std::string& url) const;

    OidcConfig config_;
    std::mutex mutex_;
    nlohmann::json jwks_;
    std::chrono::steady_clock::time_point fetchedAt_{};
};

} // namespace kmcp::sandbox
