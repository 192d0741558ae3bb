#include "auth/OidcProvider.hpp"

#include "obs/Log.hpp"

#include <Poco/URI.h>

#include <algorithm>

namespace kmcp::auth {
namespace {

std::string trimSlash(std::string s) {
    while (!s.empty() && s.back() == '/')
        s.pop_back();
    return s;
}

// Where the metadata may live, in the order we try: OpenID discovery, then RFC 8414 (path
// inserted after the well-known prefix), then RFC 8414 naively appended (some servers do that).
std::vector<std::string> discoveryUrls(const std::string& issuer) {
    const std::string base = trimSlash(issuer);
    std::vector<std::string> urls{base + "/.well-known/openid-configuration"};
    try {
        Poco::URI u(base);
        const std::string path = trimSlash(u.getPath());
        Poco::URI inserted(u);
        inserted.setPath("/.well-known/oauth-authorization-server" + path);
        urls.push_back(inserted.toString());
        if (!path.empty()) urls.push_back(base + "/.well-known/oauth-authorization-server");
    } catch (const std::exception&) {
        // An unparsable issuer fails on the first URL with a clear message.
    }
    return urls;
}

} // namespace

OidcProviderOptions OidcProviderOptions::fromConfig(const config::OAuth& oauth) {
    OidcProviderOptions o;
    o.issuer = oauth.authorizationUrl;
    o.caFile = oauth.certificateAuthority;
    return o;
}

OidcProvider::OidcProvider(OidcProviderOptions options)
    : options_(std::move(options)), http_(options_.caFile, options_.httpTimeout) {
    auto st = ensureLoaded();
    if (!st)
        obs::warn("OAuth: identity provider {} not usable yet ({}); will retry when tokens arrive",
                  options_.issuer, st.error().message);
}

Result<nlohmann::json> OidcProvider::fetchJson(const std::string& url) {
    IdpRequest req;
    req.url = url;
    auto resp = http_.send(req);
    if (!resp) return resp.error();
    if (resp->status != 200)
        return makeError(Error::Code::Unavailable, fmt::format("{} answered HTTP {}", url, resp->status));
    auto j = nlohmann::json::parse(resp->body, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object())
        return makeError(Error::Code::Unavailable, fmt::format("{} did not return a JSON object", url));
    return j;
}

void OidcProvider::noteFailureLocked(const Error& e) {
    ++failures_;
    auto delay = options_.retryBackoffMin;
    for (int i = 1; i < failures_ && delay < options_.retryBackoffMax; ++i)
        delay *= 2;
    delay = std::min(delay, options_.retryBackoffMax);
    nextAttempt_ = Clock::now() + delay;
    lastError_ = e.message;
}

Status OidcProvider::fetchJwksLocked() {
    std::string uri;
    {
        std::shared_lock lk(mu_);
        if (metadata_.contains("jwks_uri") && metadata_["jwks_uri"].is_string())
            uri = metadata_["jwks_uri"].get<std::string>();
    }
    if (uri.empty()) return makeError(Error::Code::Unavailable, "identity provider metadata has no jwks_uri");
    auto doc = fetchJson(uri);
    if (!doc) return doc.error();
    auto keys = parseJwks(*doc);
    if (!keys) return makeError(Error::Code::Unavailable, fmt::format("{}: {}", uri, keys.error().message));
    std::unique_lock lk(mu_);
    keys_ = std::move(keys.value());
    keysFetchedAt_ = Clock::now();
    obs::info(2, "OAuth: loaded {} signing key(s) from {}", keys_.size(), uri);
    return okStatus();
}

Status OidcProvider::loadLocked() {
    bool haveMetadata;
    {
        std::shared_lock lk(mu_);
        haveMetadata = !metadata_.is_null();
    }
    if (!haveMetadata) {
        Error last = makeError(Error::Code::Unavailable, "no discovery URL");
        nlohmann::json found;
        for (const auto& url : discoveryUrls(options_.issuer)) {
            auto doc = fetchJson(url);
            if (doc) {
                found = std::move(doc.value());
                break;
            }
            last = doc.error();
        }
        if (found.is_null()) return last;
        // Tokens are checked against the configured issuer; a document naming another one
        // usually means a proxy rewrote host names, which is worth a warning, not a refusal.
        if (!found.contains("issuer") || found["issuer"] != options_.issuer)
            obs::warn("OAuth: discovery document issuer {} differs from authorization_url {}",
                      found.value("issuer", std::string("(none)")), options_.issuer);
        std::unique_lock lk(mu_);
        metadata_ = std::move(found);
    }
    auto st = fetchJwksLocked();
    if (!st) return st;
    std::unique_lock lk(mu_);
    loaded_ = true;
    return okStatus();
}

Status OidcProvider::ensureLoaded() {
    {
        std::shared_lock lk(mu_);
        if (loaded_ && Clock::now() - keysFetchedAt_ < options_.jwksMaxAge) return okStatus();
    }
    std::unique_lock fetch(fetchMu_, std::try_to_lock);
    if (!fetch.owns_lock()) {
        // Someone is fetching right now. With keys in hand (only stale) use them; without,
        // answer at once instead of queueing every worker behind a slow IdP.
        std::shared_lock lk(mu_);
        if (loaded_) return okStatus();
        return makeError(Error::Code::Unavailable, "identity provider is being contacted; retry shortly");
    }
    bool loaded;
    {
        std::shared_lock lk(mu_);
        loaded = loaded_;
        if (loaded && Clock::now() - keysFetchedAt_ < options_.jwksMaxAge) return okStatus();
    }
    if (failures_ > 0 && Clock::now() < nextAttempt_) {
        if (loaded) return okStatus();
        return makeError(Error::Code::Unavailable,
                         fmt::format("identity provider unavailable: {}", lastError_));
    }
    auto st = loaded ? fetchJwksLocked() : loadLocked();
    if (!st) {
        noteFailureLocked(st.error());
        obs::warn("OAuth: identity provider {}: {}", options_.issuer, st.error().message);
        if (loaded) return okStatus(); // stale keys beat no keys
        return makeError(Error::Code::Unavailable,
                         fmt::format("identity provider unavailable: {}", st.error().message));
    }
    if (failures_ > 0) obs::info(1, "OAuth: identity provider {} reachable again", options_.issuer);
    failures_ = 0;
    return okStatus();
}

Result<nlohmann::json> OidcProvider::metadata() {
    auto st = ensureLoaded();
    if (!st) return st.error();
    std::shared_lock lk(mu_);
    return metadata_;
}

Result<std::string> OidcProvider::endpoint(const std::string& name) {
    auto md = metadata();
    if (!md) return md.error();
    auto it = md->find(name);
    if (it == md->end() || !it->is_string())
        return makeError(Error::Code::NotFound, fmt::format("identity provider metadata has no {}", name));
    return it->get<std::string>();
}

std::vector<Jwk> OidcProvider::candidates(const std::string& kid, JwsAlg alg, bool& kidKnown) const {
    std::shared_lock lk(mu_);
    std::vector<Jwk> out;
    kidKnown = false;
    for (const auto& k : keys_) {
        if (!kid.empty()) {
            if (k.kid != kid) continue;
            kidKnown = true;
        }
        if (keyFitsAlg(k, alg)) out.push_back(k);
    }
    return out;
}

Result<std::vector<Jwk>> OidcProvider::keysFor(const std::string& kid, JwsAlg alg) {
    auto st = ensureLoaded();
    if (!st) return st.error();
    bool kidKnown = false;
    auto keys = candidates(kid, alg, kidKnown);
    if (!keys.empty()) return keys;
    if (kidKnown)
        return makeError(Error::Code::Unauthenticated, "the token's signing key does not fit its algorithm");
    {
        std::lock_guard fetch(fetchMu_);
        // Another thread may have refreshed while we waited for the lock.
        keys = candidates(kid, alg, kidKnown);
        if (keys.empty() && !kidKnown &&
            (!kidRefreshUsed_ || Clock::now() - lastKidRefresh_ >= options_.unknownKidRefreshInterval)) {
            kidRefreshUsed_ = true;
            lastKidRefresh_ = Clock::now();
            obs::info(2, "OAuth: unknown signing key id, refreshing keys of {}", options_.issuer);
            auto refreshed = fetchJwksLocked();
            if (!refreshed)
                return makeError(Error::Code::Unavailable,
                                 fmt::format("identity provider unavailable: {}", refreshed.error().message));
            keys = candidates(kid, alg, kidKnown);
        }
    }
    if (!keys.empty()) return keys;
    return makeError(Error::Code::Unauthenticated, "no signing key of the issuer matches the token");
}

} // namespace kmcp::auth
