#include "http/RateLimiter.hpp"

#include <algorithm>
#include <cmath>

namespace kmcp::http {
namespace {
// Above this many tracked clients, full (idle) buckets are forgotten: they carry no state.
constexpr size_t kMaxTrackedClients = 10000;
} // namespace

RateLimiter::RateLimiter(double rps, int burst)
    : rps_(rps), burst_(burst > 0 ? burst : std::max(1.0, std::ceil(rps))) {}

int RateLimiter::acquire(const std::string& client, Clock::time_point now) {
    if (!enabled()) return 0;
    std::lock_guard lock(mutex_);
    if (buckets_.size() >= kMaxTrackedClients) pruneLocked(now);
    auto [it, inserted] = buckets_.try_emplace(client, Bucket{burst_, now});
    Bucket& b = it->second;
    if (!inserted) {
        const double elapsed = std::chrono::duration<double>(now - b.last).count();
        b.tokens = std::min(burst_, b.tokens + std::max(0.0, elapsed) * rps_);
        b.last = now;
    }
    if (b.tokens >= 1.0) {
        b.tokens -= 1.0;
        return 0;
    }
    return std::max(1, static_cast<int>(std::ceil((1.0 - b.tokens) / rps_)));
}

void RateLimiter::pruneLocked(Clock::time_point now) {
    for (auto it = buckets_.begin(); it != buckets_.end();) {
        const double elapsed = std::chrono::duration<double>(now - it->second.last).count();
        if (it->second.tokens + elapsed * rps_ >= burst_)
            it = buckets_.erase(it);
        else
            ++it;
    }
}

} // namespace kmcp::http
