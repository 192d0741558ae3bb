#pragma once

#include "http/MessageHandler.hpp"
#include "http/StreamRegistry.hpp"
#include "obs/Metrics.hpp"

#include <chrono>
#include <functional>
#include <memory>

namespace kmcp::http {

// MCP-specific JSON-RPC error codes for transport failures (the implementation-defined server
// range, as the official SDKs use them).
namespace transportError {
inline constexpr int BadRequest = -32000;
inline constexpr int SessionNotFound = -32001;
} // namespace transportError

// What the MCP transports (Streamable HTTP, legacy SSE) share inside one HttpServer.
struct TransportState {
    std::shared_ptr<MessageHandler> handler;
    obs::Metrics& metrics;
    bool stateless = false;
    size_t maxBodyBytes = 16 * 1024 * 1024;
    std::chrono::milliseconds pingInterval{15000};
    StreamRegistry streams; // standalone streams by MCP session id / legacy connection id

    void refreshSessionGauge() { metrics.setActiveSessions(handler->sessionCount()); }
};

// Keeps a standalone SSE stream open on the calling (request) thread: a comment ping every
// pingInterval detects gone peers; returns when the stream is closed (write failure, close() from
// a DELETE/replacement/shutdown) or `stillWanted` says the stream has lost its purpose.
void holdStream(SseOutbound& stream, std::chrono::milliseconds pingInterval,
                const std::function<bool()>& stillWanted);

} // namespace kmcp::http
