#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kmcp::auth {

// base64url without padding (RFC 7515 §2), as JWS and JWK use it.
std::string base64UrlEncode(std::string_view bytes);
// Strict decode: only the URL-safe alphabet, no padding, no whitespace; nullopt otherwise.
std::optional<std::string> base64UrlDecode(std::string_view text);
// Standard base64 with padding (HTTP Basic credentials).
std::string base64Encode(std::string_view bytes);

} // namespace kmcp::auth
