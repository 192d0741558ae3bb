#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace kmcp {

// The authenticated party behind a request, as the transport established it. `token` is the raw
// bearer token: never logged and never handed to a plugin; empty when OAuth is off.
struct Caller {
    std::string subject;
    std::string username;
    std::vector<std::string> groups;
    std::vector<std::string> scopes;
    std::string token;
    std::chrono::system_clock::time_point expiry{};

    bool authenticated() const { return !subject.empty(); }
};

} // namespace kmcp
