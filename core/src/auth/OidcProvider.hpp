#pragma once

#include "auth/IdpHttpClient.hpp"
#include "auth/Jwk.hpp"
#include "auth/Jws.hpp"
#include "common/Result.hpp"
#include "config/Config.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

namespace kmcp::auth {

struct OidcProviderOptions {
    std::string issuer; // authorization_url
    std::string caFile; // certificate_authority ("" → system CAs only)
    std::chrono::milliseconds httpTimeout{10000};
    // A token with an unknown kid may trigger one JWKS refresh per interval, so a stream of
    // garbage tokens cannot turn into a stream of requests to the IdP.
    std::chrono::milliseconds unknownKidRefreshInterval{10000};
    // After a failed load the next attempt waits this long, doubling per failure up to the max.
    std::chrono::milliseconds retryBackoffMin{1000};
    std::chrono::milliseconds retryBackoffMax{60000};
    // Keys older than this are refetched on next use (a failed refetch keeps the old keys).
    std::chrono::milliseconds jwksMaxAge{std::chrono::hours(1)};

    // issuer = authorization_url, caFile = certificate_authority; the rest keeps its defaults.
    static OidcProviderOptions fromConfig(const config::OAuth& oauth);
};

// The authorization server behind `authorization_url`: its discovery document and its JWKS,
// fetched lazily and cached. Construction never fails because the IdP is down: it tries once,
// and later calls retry with backoff, answering Error{Unavailable} meanwhile. Thread-safe.
class OidcProvider {
public:
    explicit OidcProvider(OidcProviderOptions options);

    const std::string& issuer() const { return options_.issuer; }
    // The discovery document exactly as the IdP served it (OpenID discovery, or RFC 8414
    // metadata as fallback); the host serves it under its own well-known paths with overrides.
    Result<nlohmann::json> metadata();
    // A string member of the metadata, e.g. "token_endpoint"; NotFound when absent.
    Result<std::string> endpoint(const std::string& name);
    // Keys that may verify a token signed with `alg` and `kid` (empty kid → every key fitting
    // alg). An unknown kid triggers one rate-limited JWKS refresh (key rotation), then
    // Error{Unauthenticated}; IdP unreachable → Error{Unavailable}.
    Result<std::vector<Jwk>> keysFor(const std::string& kid, JwsAlg alg);

private:
    using Clock = std::chrono::steady_clock;

    Status ensureLoaded();
    Status loadLocked();      // fetchMu_ held: discovery (once) + JWKS
    Status fetchJwksLocked(); // fetchMu_ held
    Result<nlohmann::json> fetchJson(const std::string& url);
    void noteFailureLocked(const Error& e);
    std::vector<Jwk> candidates(const std::string& kid, JwsAlg alg, bool& kidKnown) const;

    OidcProviderOptions options_;
    IdpHttpClient http_;

    mutable std::shared_mutex mu_; // guards the published state below
    bool loaded_ = false;
    nlohmann::json metadata_;
    std::vector<Jwk> keys_;
    Clock::time_point keysFetchedAt_{};

    std::mutex fetchMu_; // one fetch at a time; guards the retry bookkeeping below
    int failures_ = 0;
    Clock::time_point nextAttempt_{};
    std::string lastError_;
    bool kidRefreshUsed_ = false;
    Clock::time_point lastKidRefresh_{};
};

} // namespace kmcp::auth
