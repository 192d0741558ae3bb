#pragma once

#include "auth/Identity.hpp"
#include "auth/IdpHttpClient.hpp"
#include "auth/OidcProvider.hpp"
#include "common/Result.hpp"
#include "config/Config.hpp"
#include "sts/ExchangedToken.hpp"
#include "sts/ExchangedTokenCache.hpp"

#include <chrono>
#include <memory>
#include <string>

namespace kmcp::sts {

struct TokenExchangerOptions {
    std::chrono::milliseconds httpTimeout{10000};
    ExchangedTokenCache::Options cache;
};

// Turns the caller's token into a token for the cluster (RFC 8693 token exchange, Keycloak's
// v1 dialect, or Entra ID on-behalf-of) at the IdP's token endpoint, with caching and
// single-flight per (subject token, audience, scopes).
//
// There is no fallback: when the exchange fails the caller gets the error, never another
// credential. Tokens never appear in logs or messages (a 12-hex-digit SHA-256 prefix at most).
class TokenExchanger {
public:
    // `provider` supplies token_endpoint when the config has none; `caFile` is the IdP's CA
    // (certificate_authority).
    TokenExchanger(config::TokenExchange config, std::shared_ptr<auth::OidcProvider> provider,
                   std::string caFile, TokenExchangerOptions options = {});

    // The token for `caller` at `audienceOverride` (a per-cluster audience), else the
    // configured audience. Errors:
    //   Unauthenticated  invalid_grant (the caller's token was refused: re-authenticate)
    //   Denied           other OAuth errors (invalid_client, unauthorized_client, invalid_target…)
    //   Unavailable      IdP unreachable, timed out, HTTP 5xx, or an unusable answer
    //   InvalidArgument  the exchange is misconfigured
    // Messages read "token exchange failed: <error>: <error_description>".
    Result<ExchangedToken> exchange(const auth::Identity& caller, const std::string& audienceOverride = "");

    size_t cachedTokens() const { return cache_.size(); }

private:
    Result<std::string> tokenEndpoint();
    Result<ExchangedToken> requestToken(const std::string& subjectToken, const std::string& audience);
    Result<ExchangedToken> parseSuccess(const std::string& body) const;
    Error parseFailure(int status, const std::string& body, const std::string& subjectToken) const;

    config::TokenExchange config_;
    std::shared_ptr<auth::OidcProvider> provider_;
    auth::IdpHttpClient http_;
    ExchangedTokenCache cache_;
    std::string scopeParam_;
};

} // namespace kmcp::sts
