#pragma once

#include "http/Reply.hpp"
#include "mcp/Caller.hpp"

#include <functional>

namespace Poco::Net {
class HTTPServerRequest;
}

namespace kmcp::http {

// The verdict of the authentication hook for one request to /mcp, /sse or /message.
struct AuthOutcome {
    bool allowed = false;
    mcp::Caller caller; // when allowed
    Reply rejection;    // when not: status, headers (e.g. WWW-Authenticate) and body sent verbatim

    static AuthOutcome allow(mcp::Caller caller) { return AuthOutcome{true, std::move(caller), {}}; }
    static AuthOutcome reject(Reply reply) { return AuthOutcome{false, {}, std::move(reply)}; }
};

// Called on a Poco worker thread before any MCP processing; must be thread-safe. Without one,
// every request runs as an anonymous caller (empty subject).
using Authenticator = std::function<AuthOutcome(const Poco::Net::HTTPServerRequest&)>;

// Extra GET routes (OAuth well-known documents): the request in, a buffered reply out.
using RouteHandler = std::function<Reply(const Poco::Net::HTTPServerRequest&)>;

} // namespace kmcp::http
