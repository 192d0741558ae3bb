#include "auth/Bearer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace kmcp::auth {
namespace {

// RFC 6750 §3: quoted values may not contain '"' or '\' and must be printable ASCII.
std::string quotable(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (unsigned char c : s) {
        if (c == '"' || c == '\\')
            out += '\'';
        else if (c >= 0x20 && c <= 0x7E)
            out += char(c);
    }
    return out;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

} // namespace

std::optional<std::string_view> bearerToken(std::string_view header) {
    while (!header.empty() && (header.front() == ' ' || header.front() == '\t'))
        header.remove_prefix(1);
    while (!header.empty() && (header.back() == ' ' || header.back() == '\t'))
        header.remove_suffix(1);
    const size_t sp = header.find(' ');
    if (sp == std::string_view::npos || !iequals(header.substr(0, sp), "Bearer")) return std::nullopt;
    std::string_view token = header.substr(sp + 1);
    while (!token.empty() && token.front() == ' ')
        token.remove_prefix(1);
    if (token.empty() || token.find_first_of(" \t\r\n") != std::string_view::npos) return std::nullopt;
    return token;
}

OAuthFailure describeFailure(const Error& error) {
    OAuthFailure f;
    f.description = quotable(error.message);
    switch (error.code) {
    case Error::Code::Unauthenticated:
        f.httpStatus = 401;
        f.error = "invalid_token";
        break;
    case Error::Code::Denied:
        f.httpStatus = 403;
        f.error = "insufficient_scope";
        break;
    case Error::Code::InvalidArgument:
        f.httpStatus = 400;
        f.error = "invalid_request";
        break;
    case Error::Code::Unavailable:
    case Error::Code::Timeout:
        f.httpStatus = 503;
        f.error = "temporarily_unavailable";
        break;
    default:
        f.httpStatus = 500;
        f.error = "server_error";
        break;
    }
    return f;
}

std::string wwwAuthenticate(const Challenge& challenge, const Error* failure) {
    std::string v = fmt::format("Bearer realm=\"{}\"", quotable(challenge.realm));
    if (!challenge.resourceMetadata.empty())
        v += fmt::format(", resource_metadata=\"{}\"", quotable(challenge.resourceMetadata));
    if (failure) {
        const OAuthFailure f = describeFailure(*failure);
        v += fmt::format(", error=\"{}\"", f.error);
        if (!f.description.empty()) v += fmt::format(", error_description=\"{}\"", f.description);
    }
    if (!challenge.scopes.empty()) {
        std::string joined;
        for (const auto& s : challenge.scopes)
            joined += (joined.empty() ? "" : " ") + quotable(s);
        v += fmt::format(", scope=\"{}\"", joined);
    }
    return v;
}

} // namespace kmcp::auth
