#pragma once

#include "ChartSource.hpp"

#include <string>

namespace kmcp::helm {

// Chart downloads over HTTP(S) with Poco: redirects followed (at most 5), anonymous registry
// bearer tokens obtained from a 401 challenge, bodies capped at maxBytes, per-request timeout.
class HttpFetcher : public Fetcher {
public:
    explicit HttpFetcher(size_t maxBytes = size_t(128) << 20, int timeoutSeconds = 30)
        : maxBytes_(maxBytes), timeoutSeconds_(timeoutSeconds) {}
    std::string get(const std::string& url, const std::string& accept = "") override;

private:
    struct Response {
        int status = 0;
        std::string body;
        std::string location;
        std::string challenge; // WWW-Authenticate
    };
    Response once(const std::string& url, const std::string& accept, const std::string& bearer);
    std::string anonymousToken(const std::string& challenge);

    size_t maxBytes_;
    int timeoutSeconds_;
};

} // namespace kmcp::helm
