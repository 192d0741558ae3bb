#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace kmcp::auth {

// The verified caller behind a bearer token.
struct Identity {
    std::string subject;             // `sub`
    std::string username;            // preferred_username, else email, else sub
    std::string token;               // the raw bearer (the subject token for exchange); never log it
    std::vector<std::string> groups; // `groups`, exactly as issued (Keycloak full paths keep their '/')
    std::vector<std::string> scopes; // `scope` (space separated) or `scp`
    std::vector<std::string> audiences;
    std::string issuer;
    std::chrono::system_clock::time_point expiry;
};

} // namespace kmcp::auth
