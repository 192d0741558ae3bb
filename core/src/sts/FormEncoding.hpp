#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kmcp::sts {

using FormFields = std::vector<std::pair<std::string, std::string>>;

// application/x-www-form-urlencoded (HTML form encoding: unreserved kept, space as '+').
std::string formUrlEncode(std::string_view value);
std::string formBody(const FormFields& fields);

// Lower-case hex SHA-256, and its first 12 characters as a log-safe fingerprint of a secret.
std::string sha256Hex(std::string_view data);
std::string fingerprint(std::string_view secret);

} // namespace kmcp::sts
