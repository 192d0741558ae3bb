#include "sts/ExchangedTokenCache.hpp"

#include <algorithm>

namespace kmcp::sts {
namespace {
constexpr std::chrono::seconds kPurgeEvery{60};
}

ExchangedTokenCache::ExchangedTokenCache(Options options) : options_(std::move(options)) {}

size_t ExchangedTokenCache::size() const {
    std::lock_guard lk(mu_);
    return entries_.size();
}

void ExchangedTokenCache::purgeLocked(std::chrono::system_clock::time_point now) {
    for (auto it = entries_.begin(); it != entries_.end();) {
        if (it->second.refreshAt <= now) {
            lru_.erase(it->second.lru);
            it = entries_.erase(it);
        } else {
            ++it;
        }
    }
    lastPurge_ = now;
}

void ExchangedTokenCache::storeLocked(const std::string& key, const ExchangedToken& token) {
    const auto now = options_.now();
    if (token.expiry <= now) return; // unknown or already expired lifetime: use once
    const auto lifetime = token.expiry - now;
    const auto margin = std::min<std::chrono::system_clock::duration>(options_.refreshMargin, lifetime / 10);
    const auto refreshAt = token.expiry - margin;
    if (now - lastPurge_ >= kPurgeEvery) purgeLocked(now);
    if (auto it = entries_.find(key); it != entries_.end()) {
        lru_.erase(it->second.lru);
        entries_.erase(it);
    }
    lru_.push_front(key);
    entries_.emplace(key, Entry{token, refreshAt, lru_.begin()});
    while (entries_.size() > options_.capacity && !lru_.empty()) {
        entries_.erase(lru_.back());
        lru_.pop_back();
    }
}

Result<ExchangedToken> ExchangedTokenCache::get(const std::string& key, const Loader& load) {
    std::shared_ptr<Flight> flight;
    bool leader = false;
    {
        std::lock_guard lk(mu_);
        if (auto it = entries_.find(key); it != entries_.end()) {
            if (options_.now() < it->second.refreshAt) {
                lru_.splice(lru_.begin(), lru_, it->second.lru);
                return it->second.token;
            }
            lru_.erase(it->second.lru);
            entries_.erase(it);
        }
        auto& f = flights_[key];
        if (!f) {
            f = std::make_shared<Flight>();
            leader = true;
        }
        flight = f;
    }

    if (!leader) {
        std::unique_lock lk(flight->mu);
        if (!flight->cv.wait_for(lk, options_.waitLimit, [&] { return flight->done; }))
            return makeError(Error::Code::Unavailable,
                             "token exchange: timed out waiting for a concurrent exchange");
        return *flight->result;
    }

    Result<ExchangedToken> result = makeError(Error::Code::Internal, "token exchange failed");
    try {
        result = load();
    } catch (const std::exception& e) {
        result = makeError(Error::Code::Internal, std::string("token exchange failed: ") + e.what());
    }
    {
        std::lock_guard lk(mu_);
        if (result.ok()) storeLocked(key, result.value());
        flights_.erase(key);
    }
    {
        std::lock_guard lk(flight->mu);
        flight->result = result;
        flight->done = true;
    }
    flight->cv.notify_all();
    return result;
}

} // namespace kmcp::sts
