#include "RequestLog.hpp"

namespace kmcp::sandbox {

void RequestLog::add(RequestRecord record) {
    std::lock_guard lock(mutex_);
    records_.push_back(std::move(record));
    while (records_.size() > capacity_) {
        records_.pop_front();
    }
}

nlohmann::json RequestLog::toJson() const {
    std::lock_guard lock(mutex_);
    nlohmann::json out = nlohmann::json::array();
    for (const auto& r : records_) {
        out.push_back({{"time", r.time},
                       {"method", r.method},
                       {"path", r.path},
                       {"query", r.query},
                       {"user", r.user},
                       {"groups", r.groups},
                       {"status", r.status},
                       {"authorizationSha256", r.authorizationSha256}});
    }
    return out;
}

void RequestLog::clear() {
    std::lock_guard lock(mutex_);
    records_.clear();
}

std::size_t RequestLog::size() const {
    std::lock_guard lock(mutex_);
    return records_.size();
}

} // namespace kmcp::sandbox
