#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kmcp::http {

// DNS-rebinding defence (MCP transports spec, "Security warning"): a browser lured to a hostile
// page whose name resolves to this server still sends that page's Origin and Host.
// - Origin, when present, must name a loopback host, the configured server_url host, or the host
//   the request itself was addressed to (same-origin browser clients).
// - When bound to loopback only, Host must be a loopback name (or the server_url host, for a
//   local reverse proxy that forwards the public name): a rebound name can't pass.
class OriginPolicy {
public:
    OriginPolicy(const std::string& bindAddress, const std::string& serverUrl);

    bool loopbackBound() const { return loopbackBound_; }
    // nullopt when allowed, else the reason (for the 403 body and the log).
    std::optional<std::string> check(const std::string& origin, const std::string& hostHeader) const;
    // Whether a present Origin may read responses (CORS); same rule as check().
    bool originAllowed(const std::string& origin, const std::string& hostHeader) const;

private:
    bool loopbackBound_;
    std::string serverHost_;
};

// Host part of "host[:port]" or "[v6]:port", lower-cased, without brackets.
std::string hostOfAuthority(std::string_view authority);
// Host of an absolute URL ("https://h:1/x" → "h"); "" when it has no authority.
std::string hostOfUrl(std::string_view url);
bool isLoopbackHost(std::string_view host);

} // namespace kmcp::http
