#pragma once

#include <chrono>
#include <string>

namespace kmcp::sts {

// A token obtained for the caller from the IdP's token endpoint; never log accessToken.
struct ExchangedToken {
    std::string accessToken;
    std::string tokenType = "Bearer";
    std::string issuedTokenType;
    // From expires_in, else the token's own exp claim; the epoch when neither says (such a
    // token is used once and not cached).
    std::chrono::system_clock::time_point expiry{};
};

} // namespace kmcp::sts
