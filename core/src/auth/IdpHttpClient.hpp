#pragma once

#include "common/Result.hpp"

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace kmcp::auth {

struct IdpRequest {
    std::string method = "GET";
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string contentType; // with a body
    std::string body;
};

struct IdpResponse {
    int status = 0;
    std::string contentType;
    std::string body;
};

// Short, rare requests to the identity provider (discovery, JWKS, token endpoint). One
// connection per request: the callers cache what they get, so pooling would buy nothing.
// TLS peers are verified against the system CAs plus `caFile` (the IdP's CA from
// `certificate_authority`), including the host name. Redirects are not followed.
class IdpHttpClient {
public:
    IdpHttpClient(std::string caFile, std::chrono::milliseconds timeout, size_t maxResponseBytes = 1 << 20);
    ~IdpHttpClient();
    IdpHttpClient(const IdpHttpClient&) = delete;
    IdpHttpClient& operator=(const IdpHttpClient&) = delete;

    // Any HTTP status is a value; transport failures (refused, DNS, TLS, timeout, oversized
    // answer) are Error{Unavailable} with a message naming the host, never the request body.
    Result<IdpResponse> send(const IdpRequest& request) const;

private:
    struct Tls;
    std::string caFile_;
    std::chrono::milliseconds timeout_;
    size_t maxResponseBytes_;
    std::unique_ptr<Tls> tls_;
};

} // namespace kmcp::auth
