#include "http/OriginPolicy.hpp"

#include <algorithm>
#include <cctype>

namespace kmcp::http {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

} // namespace

std::string hostOfAuthority(std::string_view authority) {
    if (const size_t at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
    if (!authority.empty() && authority.front() == '[') {
        const size_t close = authority.find(']');
        return close == std::string_view::npos ? "" : lower(authority.substr(1, close - 1));
    }
    // More than one colon without brackets is a bare IPv6 address (no port).
    if (std::count(authority.begin(), authority.end(), ':') > 1) return lower(authority);
    return lower(authority.substr(0, authority.find(':')));
}

std::string hostOfUrl(std::string_view url) {
    const size_t scheme = url.find("://");
    if (scheme == std::string_view::npos) return "";
    std::string_view rest = url.substr(scheme + 3);
    rest = rest.substr(0, rest.find_first_of("/?#"));
    return hostOfAuthority(rest);
}

bool isLoopbackHost(std::string_view host) {
    const std::string h = lower(host);
    return h == "localhost" || h == "::1" || h == "[::1]" || h.rfind("127.", 0) == 0;
}

OriginPolicy::OriginPolicy(const std::string& bindAddress, const std::string& serverUrl)
    : loopbackBound_(!bindAddress.empty() && isLoopbackHost(hostOfAuthority(bindAddress))),
      serverHost_(hostOfUrl(serverUrl)) {}

bool OriginPolicy::originAllowed(const std::string& origin, const std::string& hostHeader) const {
    if (origin.empty()) return true;
    const std::string host = hostOfUrl(origin); // "null" (opaque origins) has none → refused
    if (host.empty()) return false;
    if (isLoopbackHost(host)) return true;
    if (!serverHost_.empty() && host == serverHost_) return true;
    return !hostHeader.empty() && host == hostOfAuthority(hostHeader);
}

std::optional<std::string> OriginPolicy::check(const std::string& origin,
                                               const std::string& hostHeader) const {
    if (loopbackBound_ && !hostHeader.empty()) {
        const std::string host = hostOfAuthority(hostHeader);
        if (!isLoopbackHost(host) && (serverHost_.empty() || host != serverHost_))
            return "Host header is not a loopback name";
    }
    if (!originAllowed(origin, hostHeader)) return "Origin not allowed";
    return std::nullopt;
}

} // namespace kmcp::http
