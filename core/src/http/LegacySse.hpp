#pragma once

#include "http/Exchange.hpp"
#include "http/TransportState.hpp"
#include "mcp/Caller.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace kmcp::http {

// The HTTP+SSE transport of MCP 2024-11-05, kept for clients (Llama Stack tool groups) that still
// use it: GET /sse opens a stream whose first event names the POST endpoint
// (`/message?sessionId=<id>`); every POST there answers 202 and its JSON-RPC response travels on
// the stream as `event: message`. The connection id is ours; the MCP session is created by
// initialize as on /mcp and ends with the stream.
class LegacySse {
public:
    explicit LegacySse(TransportState& state) : state_(state) {}

    void openStream(Exchange& ex, const mcp::Caller& caller);  // GET /sse
    void postMessage(Exchange& ex, const mcp::Caller& caller); // POST /message?sessionId=
    size_t connections() const;

private:
    struct Connection {
        std::string id;
        std::string subject;
        std::shared_ptr<SseOutbound> stream;
        std::mutex mutex; // guards session
        std::shared_ptr<mcp::Session> session;
    };

    std::shared_ptr<Connection> find(const std::string& id) const;
    void forget(const std::shared_ptr<Connection>& conn);

    TransportState& state_;
    mutable std::mutex mutex_;
    std::map<std::string, std::shared_ptr<Connection>> connections_;
};

} // namespace kmcp::http
