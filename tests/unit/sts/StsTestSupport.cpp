#include "StsTestSupport.hpp"

#include <Poco/URI.h>

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>

namespace kmcp::test {

std::multimap<std::string, std::string> parseForm(const std::string& body) {
    std::multimap<std::string, std::string> out;
    size_t start = 0;
    while (start <= body.size() && !body.empty()) {
        size_t end = body.find('&', start);
        if (end == std::string::npos) end = body.size();
        std::string pair = body.substr(start, end - start);
        std::replace(pair.begin(), pair.end(), '+', ' '); // form encoding's space
        const size_t eq = pair.find('=');
        std::string name, value;
        Poco::URI::decode(pair.substr(0, eq), name);
        if (eq != std::string::npos) Poco::URI::decode(pair.substr(eq + 1), value);
        out.emplace(name, value);
        start = end + 1;
    }
    return out;
}

std::string field(const std::multimap<std::string, std::string>& form, const std::string& name) {
    INFO("form field " << name);
    REQUIRE(form.count(name) <= 1);
    auto it = form.find(name);
    return it == form.end() ? "" : it->second;
}

FakeResponse tokenResponse(const std::string& accessToken, int expiresIn) {
    nlohmann::json j{{"access_token", accessToken},
                     {"token_type", "Bearer"},
                     {"expires_in", expiresIn},
                     {"issued_token_type", "urn:ietf:params:oauth:token-type:access_token"}};
    return {200, j.dump()};
}

} // namespace kmcp::test
