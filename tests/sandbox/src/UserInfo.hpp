#pragma once

#include <string>
#include <vector>

namespace kmcp::sandbox {

struct UserInfo {
    std::string name;
    std::string uid;
    std::vector<std::string> groups;
    // sha256 hex of the bearer token that authenticated this user, for request records.
    std::string tokenSha256;

    bool inGroup(const std::string& group) const {
        for (const auto& g : groups) {
            if (g == group) {
                return true;
            }
        }
        return false;
    }
};

} // namespace kmcp::sandbox
