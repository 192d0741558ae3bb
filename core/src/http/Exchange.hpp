#pragma once

#include "common/Result.hpp"
#include "http/Reply.hpp"

#include <functional>
#include <iosfwd>
#include <string>

namespace Poco::Net {
class HTTPServerRequest;
class HTTPServerResponse;
} // namespace Poco::Net

namespace kmcp::http {

// One request/response pair with the bookkeeping Poco leaves to us: whether the request body was
// consumed (an unread body would be parsed as the next request on a keep-alive connection) and
// whether the response has gone out.
class Exchange {
public:
    Exchange(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response)
        : request_(request), response_(response) {}

    Poco::Net::HTTPServerRequest& request() { return request_; }
    Poco::Net::HTTPServerResponse& response() { return response_; }
    // Header value or "" when absent.
    std::string header(const std::string& name) const;

    // Reads the whole body, refusing (Error::TooLarge) as soon as it is known to exceed maxBytes:
    // from Content-Length before reading anything, else while counting a chunked body.
    Result<std::string> readBody(size_t maxBytes);

    void send(const Reply& reply);
    // Sends status and headers for a streamed (chunked) body and returns the body stream.
    std::ostream& beginStream(int status, const std::string& contentType);
    bool sent() const { return sent_; }
    // Called once with the status just before the response head goes out, so metrics are
    // recorded before the client can observe the answer (and streams count time to first byte).
    void onSend(std::function<void(int status)> observer) { observer_ = std::move(observer); }

private:
    void settleUnreadBody();
    void notifySend(int status);

    Poco::Net::HTTPServerRequest& request_;
    Poco::Net::HTTPServerResponse& response_;
    bool bodyConsumed_ = false;
    bool sent_ = false;
    std::function<void(int)> observer_;
};

} // namespace kmcp::http
