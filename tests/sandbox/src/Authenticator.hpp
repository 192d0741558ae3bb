#pragma once

#include "OidcVerifier.hpp"
#include "UserInfo.hpp"

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

namespace kmcp::sandbox {

// Bearer-token authentication: static tokens (seeded or from a kube-apiserver style token file)
// and, when configured, OIDC ID tokens. The static table is filled before serving starts and only
// read afterwards, so lookups need no lock.
class Authenticator {
public:
    void addToken(const std::string& token, UserInfo user);
    // CSV lines `token,user,uid,"group1,group2"`; throws std::runtime_error on unreadable files.
    void loadTokenFile(const std::string& path);
    void enableOidc(OidcConfig config);

    // Adds `system:authenticated`; returns nothing for unknown or invalid tokens.
    std::optional<UserInfo> authenticate(const std::string& bearerToken) const;

    static std::string sha256Hex(const std::string& text);

private:
    std::unordered_map<std::string, UserInfo> tokens_;
    std::unique_ptr<OidcVerifier> oidc_;
};

// Splits one CSV record honouring double quotes (the token file format).
std::vector<std::string> splitCsvLine(const std::string& line);

} // namespace kmcp::sandbox
