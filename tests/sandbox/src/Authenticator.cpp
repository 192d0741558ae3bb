#include "Authenticator.hpp"

#include <openssl/evp.h>

#include <fstream>
#include <stdexcept>

namespace kmcp::sandbox {

void Authenticator::addToken(const std::string& token, UserInfo user) {
    user.tokenSha256 = sha256Hex(token);
    if (!user.inGroup("system:authenticated")) {
        user.groups.push_back("system:authenticated");
    }
    tokens_[token] = std::move(user);
}

std::vector<std::string> splitCsvLine(const std::string& line) {
    std::vector<std::string> fields;
    std::string current;
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        char c = line[i];
        if (c == '"') {
            if (quoted && i + 1 < line.size() && line[i + 1] == '"') {
                current += '"';
                ++i;
            } else {
                quoted = !quoted;
            }
        } else if (c == ',' && !quoted) {
            fields.push_back(current);
            current.clear();
        } else if (c != '\r') {
            current += c;
        }
    }
    fields.push_back(current);
    return fields;
}

void Authenticator::loadTokenFile(const std::string& path) {
    std::ifstream in(path);
    if (!in) {
        throw std::runtime_error("cannot read token file " + path);
    }
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') {
            continue;
        }
        auto fields = splitCsvLine(line);
        if (fields.size() < 3) {
            throw std::runtime_error("token file " + path + ": need at least token,user,uid in: " + line);
        }
        UserInfo user{fields[1], fields[2], {}, ""};
        if (fields.size() > 3) {
            std::string groups = fields[3];
            std::size_t start = 0;
            while (start <= groups.size()) {
                auto comma = groups.find(',', start);
                std::string g =
                    groups.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
                if (!g.empty()) {
                    user.groups.push_back(g);
                }
                if (comma == std::string::npos) {
                    break;
                }
                start = comma + 1;
            }
        }
        addToken(fields[0], std::move(user));
    }
}

void Authenticator::enableOidc(OidcConfig config) {
    oidc_ = std::make_unique<OidcVerifier>(std::move(config));
}

std::optional<UserInfo> Authenticator::authenticate(const std::string& bearerToken) const {
    if (bearerToken.empty()) {
        return std::nullopt;
    }
    if (auto it = tokens_.find(bearerToken); it != tokens_.end()) {
        return it->second;
    }
    if (oidc_) {
        if (auto user = oidc_->verify(bearerToken)) {
            user->tokenSha256 = sha256Hex(bearerToken);
            user->groups.push_back("system:authenticated");
            return user;
        }
    }
    return std::nullopt;
}

std::string Authenticator::sha256Hex(const std::string& text) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(text.data(), text.size(), digest, &len, EVP_sha256(), nullptr);
    static const char hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < len; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 0xF];
    }
    return out;
}

} // namespace kmcp::sandbox
