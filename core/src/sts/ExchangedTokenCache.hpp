#pragma once

#include "common/Result.hpp"
#include "sts/ExchangedToken.hpp"

#include <chrono>
#include <condition_variable>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace kmcp::sts {

// Exchanged tokens by key until shortly before they expire, with one load in flight per key
// (callers asking for a key being loaded wait for that load: N requests of one user → one
// exchange) and bounded memory (LRU eviction past `capacity`, periodic purge of stale entries).
// Failed loads are shared with the waiters but not cached. Thread-safe.
class ExchangedTokenCache {
public:
    using Clock = std::function<std::chrono::system_clock::time_point()>;
    using Loader = std::function<Result<ExchangedToken>()>;

    struct Options {
        size_t capacity = 10000;
        // Refresh this long before expiry, or 10% of the token's lifetime if that is shorter.
        std::chrono::seconds refreshMargin{30};
        // A waiter gives up on a load that takes longer than this (the loader has its own timeout).
        std::chrono::milliseconds waitLimit{30000};
        Clock now = [] { return std::chrono::system_clock::now(); };
    };

    explicit ExchangedTokenCache(Options options);

    Result<ExchangedToken> get(const std::string& key, const Loader& load);
    size_t size() const;

private:
    struct Entry {
        ExchangedToken token;
        std::chrono::system_clock::time_point refreshAt;
        std::list<std::string>::iterator lru;
    };
    struct Flight {
        std::mutex mu;
        std::condition_variable cv;
        bool done = false;
        std::optional<Result<ExchangedToken>> result;
    };

    void storeLocked(const std::string& key, const ExchangedToken& token);
    void purgeLocked(std::chrono::system_clock::time_point now);

    Options options_;
    mutable std::mutex mu_;
    std::unordered_map<std::string, Entry> entries_;
    std::list<std::string> lru_; // front = most recently used
    std::unordered_map<std::string, std::shared_ptr<Flight>> flights_;
    std::chrono::system_clock::time_point lastPurge_{};
};

} // namespace kmcp::sts
