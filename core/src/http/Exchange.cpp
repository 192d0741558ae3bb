#include "http/Exchange.hpp"

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <array>
#include <istream>
#include <ostream>

namespace kmcp::http {
namespace {

// A small unread body is drained so the keep-alive connection survives; a larger one closes it.
constexpr std::streamsize kDrainLimit = 256 * 1024;

// Reads and discards up to `limit` bytes; true when the body ended within the limit.
bool drain(std::istream& in, std::streamsize limit) {
    std::array<char, 8192> buf{};
    std::streamsize total = 0;
    while (total <= limit) {
        in.read(buf.data(), buf.size());
        if (in.gcount() <= 0) break;
        total += in.gcount();
    }
    return total <= limit && in.eof();
}

} // namespace

std::string Exchange::header(const std::string& name) const {
    return request_.get(name, "");
}

Result<std::string> Exchange::readBody(size_t maxBytes) {
    bodyConsumed_ = true;
    if (request_.hasContentLength() && request_.getContentLength64() > static_cast<int64_t>(maxBytes)) {
        response_.setKeepAlive(false);
        return makeError(Error::Code::TooLarge, "request body exceeds the configured limit");
    }
    std::string body;
    if (request_.hasContentLength()) body.reserve(static_cast<size_t>(request_.getContentLength64()));
    std::istream& in = request_.stream();
    std::array<char, 8192> buf{};
    try {
        for (;;) {
            in.read(buf.data(), buf.size());
            if (in.gcount() <= 0) break;
            body.append(buf.data(), static_cast<size_t>(in.gcount()));
            if (body.size() > maxBytes) {
                // Reading the rest (boundedly) lets the peer see the 413 instead of a reset.
                drain(in, kDrainLimit);
                response_.setKeepAlive(false);
                return makeError(Error::Code::TooLarge, "request body exceeds the configured limit");
            }
        }
    } catch (const std::exception& e) {
        response_.setKeepAlive(false);
        return makeError(Error::Code::Timeout, std::string("reading the request body failed: ") + e.what());
    }
    return body;
}

void Exchange::settleUnreadBody() {
    if (bodyConsumed_) return;
    bodyConsumed_ = true;
    const bool hasBody = request_.getChunkedTransferEncoding() ||
                         (request_.hasContentLength() && request_.getContentLength64() > 0);
    if (!hasBody) return;
    if (request_.hasContentLength() && request_.getContentLength64() <= kDrainLimit) {
        try {
            if (drain(request_.stream(), kDrainLimit)) return;
        } catch (const std::exception&) {
        }
    }
    response_.setKeepAlive(false);
}

void Exchange::notifySend(int status) {
    if (!observer_) return;
    auto observer = std::move(observer_);
    observer_ = nullptr;
    observer(status);
}

void Exchange::send(const Reply& reply) {
    if (sent_) return;
    settleUnreadBody();
    response_.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(reply.status));
    for (const auto& [name, value] : reply.headers)
        response_.add(name, value);
    if (!reply.contentType.empty()) response_.setContentType(reply.contentType);
    response_.setContentLength64(static_cast<int64_t>(reply.body.size()));
    sent_ = true;
    notifySend(reply.status);
    std::ostream& out = response_.send();
    if (!reply.body.empty()) out.write(reply.body.data(), static_cast<std::streamsize>(reply.body.size()));
    out.flush();
}

std::ostream& Exchange::beginStream(int status, const std::string& contentType) {
    settleUnreadBody();
    response_.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    response_.setContentType(contentType);
    response_.set("Cache-Control", "no-cache, no-transform");
    // Reverse proxies (nginx) buffer responses by default, which would hold events back.
    response_.set("X-Accel-Buffering", "no");
    response_.setChunkedTransferEncoding(true);
    sent_ = true;
    notifySend(status);
    return response_.send();
}

} // namespace kmcp::http
