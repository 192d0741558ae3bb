#pragma once

#include "FakeIdp.hpp"

#include <map>
#include <string>

namespace kmcp::test {

// A form body as the IdP sees it; duplicate field names are kept so tests can spot them.
std::multimap<std::string, std::string> parseForm(const std::string& body);
// The single value of `name`, "" when absent; fails the test when it appears twice.
std::string field(const std::multimap<std::string, std::string>& form, const std::string& name);

FakeResponse tokenResponse(const std::string& accessToken, int expiresIn = 300);

} // namespace kmcp::test
