#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace kmcp::http {

// Per-client token buckets: `rps` tokens per second refill a bucket holding at most `burst`.
class RateLimiter {
public:
    using Clock = std::chrono::steady_clock;

    // rps <= 0 disables limiting; burst <= 0 means max(1, ceil(rps)).
    RateLimiter(double rps, int burst);

    bool enabled() const { return rps_ > 0; }
    // 0 when the request may proceed, else whole seconds until a token is available (Retry-After).
    int acquire(const std::string& client, Clock::time_point now = Clock::now());

private:
    struct Bucket {
        double tokens;
        Clock::time_point last;
    };
    void pruneLocked(Clock::time_point now);

    const double rps_;
    const double burst_;
    std::mutex mutex_;
    std::unordered_map<std::string, Bucket> buckets_;
};

} // namespace kmcp::http
