#pragma once

#include "RequestInfo.hpp"
#include "UserInfo.hpp"

#include <string>
#include <utility>
#include <vector>

namespace kmcp::sandbox {

// Transport-independent view of one API request.
struct ApiRequest {
    std::string method;
    std::string path;
    std::string rawQuery;
    std::vector<std::pair<std::string, std::string>> query; // decoded, in order, repeats kept
    std::string accept;
    std::string contentType;
    std::string body;
    UserInfo user;
    RequestInfo info;

    std::string param(const std::string& key, const std::string& fallback = "") const {
        for (const auto& [k, v] : query) {
            if (k == key) {
                return v;
            }
        }
        return fallback;
    }
    std::vector<std::string> params(const std::string& key) const {
        std::vector<std::string> out;
        for (const auto& [k, v] : query) {
            if (k == key) {
                out.push_back(v);
            }
        }
        return out;
    }
    bool flag(const std::string& key) const {
        std::string v = param(key);
        return v == "true" || v == "1";
    }
    bool wantsTable() const { return accept.find("as=Table") != std::string::npos; }
};

struct ApiResponse {
    int status = 200;
    std::string contentType = "application/json";
    std::string body;
};

} // namespace kmcp::sandbox
