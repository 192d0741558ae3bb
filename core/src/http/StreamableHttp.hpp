#pragma once

#include "http/Exchange.hpp"
#include "http/TransportState.hpp"
#include "mcp/Caller.hpp"

namespace kmcp::http {

// The Streamable HTTP transport (MCP 2025-03-26 … 2025-11-25) on one endpoint, /mcp:
// POST carries client messages, GET opens the session's standalone notification stream,
// DELETE ends the session.
class StreamableHttp {
public:
    explicit StreamableHttp(TransportState& state) : state_(state) {}

    void handle(Exchange& ex, const mcp::Caller& caller);

private:
    void post(Exchange& ex, const mcp::Caller& caller);
    void get(Exchange& ex, const mcp::Caller& caller);
    void remove(Exchange& ex, const mcp::Caller& caller);

    // Resolves the Mcp-Session-Id header to a session the caller owns; on failure sends the
    // answer (400 missing, 404 unknown or someone else's) and returns null.
    std::shared_ptr<mcp::Session> requireSession(Exchange& ex, const mcp::Caller& caller);
    // Sends 400 and returns false when MCP-Protocol-Version names a version we don't speak.
    bool checkProtocolVersion(Exchange& ex);

    TransportState& state_;
};

} // namespace kmcp::http
