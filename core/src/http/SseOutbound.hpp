#pragma once

#include "mcp/Session.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <condition_variable>
#include <iosfwd>
#include <mutex>
#include <string>
#include <string_view>

namespace kmcp::http {

using json = nlohmann::json;

// Writes Server-Sent Events to one HTTP response body. Any thread may send (notifications arrive
// from tool worker threads while the owning request thread waits); each event is written and
// flushed under one lock so events never interleave. The owner must close() before the response
// stream goes away: after close() nothing touches the stream, so late senders are harmless.
class SseOutbound : public mcp::Outbound {
public:
    // `eventName` labels JSON-RPC messages ("message" for the legacy transport, none for
    // Streamable HTTP, where the default event type is already "message").
    explicit SseOutbound(std::ostream& out, std::string eventName = "");

    bool send(const json& message) override;
    bool sendSerialized(const std::string& message) override;
    bool sendEvent(std::string_view event, std::string_view data, std::string_view id = {});
    // A comment line (": text"): keeps idle connections and proxies alive, detects gone peers.
    bool comment(std::string_view text);

    void close();
    bool closed() const;
    // Blocks up to `timeout`; true once closed (by close() or a failed write).
    bool waitClosed(std::chrono::milliseconds timeout);

private:
    bool write(const std::string& frame);

    std::ostream& out_;
    const std::string eventName_;
    mutable std::mutex mutex_;
    std::condition_variable closedCv_;
    bool closed_ = false;
};

// Formats one event: optional `event:` and `id:` lines, one `data:` line per line of data.
std::string formatSseEvent(std::string_view event, std::string_view data, std::string_view id = {});

} // namespace kmcp::http
