#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

namespace kmcp::sandbox {

struct RequestRecord {
    std::string time;
    std::string method;
    std::string path;
    std::string query;
    std::string user;
    std::vector<std::string> groups;
    int status = 0;
    std::string authorizationSha256; // of the raw bearer token, never the token itself
};

// Bounded ring of the most recent requests, exposed at /sandbox/requests so tests can assert what
// a client actually sent.
class RequestLog {
public:
    explicit RequestLog(std::size_t capacity = 10000) : capacity_(capacity) {}

    void add(RequestRecord record);
    nlohmann::json toJson() const;
    void clear();
    std::size_t size() const;

private:
    std::size_t capacity_;
    mutable std::mutex mutex_;
    std::deque<RequestRecord> records_;
};

} // namespace kmcp::sandbox
