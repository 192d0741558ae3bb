#pragma once

#include "mcp/Caller.hpp"

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace kmcp::mcp {

using json = nlohmann::json;

// Receives server-initiated messages (notifications, progress) for a session or a single request.
// Implemented by transports: an SSE stream, stdout, or nothing.
class Outbound {
public:
    virtual ~Outbound() = default;
    // Returns false when the peer is gone; callers then stop sending.
    virtual bool send(const json& message) = 0;
    // The same for a message already serialized as one line of JSON (HandleResult::serialized()).
    virtual bool sendSerialized(const std::string& message) { return send(json::parse(message)); }
};

// One MCP session: negotiated protocol version, the subject it is bound to, logging level, the
// standalone notification stream (GET /mcp or legacy /sse) and in-flight requests (cancellation).
class Session {
public:
    Session(std::string id, std::string subject) : id_(std::move(id)), subject_(std::move(subject)) {}

    const std::string& id() const { return id_; }
    const std::string& subject() const { return subject_; }

    std::string protocolVersion() const;
    void setProtocolVersion(std::string v);
    bool initialized() const { return initialized_.load(); }
    void markInitialized() { initialized_.store(true); }
    // Lowest MCP log level (RFC 5424 names) the client wants notifications/message for.
    std::string logLevel() const;
    void setLogLevel(std::string level);

    // The stream for messages not tied to a request (list_changed, logging). May be null.
    void setNotificationStream(std::shared_ptr<Outbound> out);
    std::shared_ptr<Outbound> notificationStream() const;
    bool notify(const json& message);

    // Cancellation registry for in-flight requests, keyed by the JSON-RPC id's dump().
    std::shared_ptr<std::atomic<bool>> beginRequest(const std::string& requestId);
    void endRequest(const std::string& requestId);
    void cancel(const std::string& requestId);

    void touch() { lastUsed_.store(std::chrono::steady_clock::now().time_since_epoch().count()); }
    std::chrono::steady_clock::time_point lastUsed() const {
        return std::chrono::steady_clock::time_point(std::chrono::steady_clock::duration(lastUsed_.load()));
    }

private:
    const std::string id_;
    const std::string subject_;
    std::atomic<bool> initialized_{false};
    std::atomic<std::chrono::steady_clock::rep> lastUsed_{
        std::chrono::steady_clock::now().time_since_epoch().count()};
    mutable std::mutex mutex_;
    std::string protocolVersion_;
    std::string logLevel_ = "info";
    std::shared_ptr<Outbound> stream_;
    std::map<std::string, std::shared_ptr<std::atomic<bool>>> inFlight_;
};

// Thread-safe session table with ids from a CSPRNG and idle expiry.
class SessionManager {
public:
    explicit SessionManager(std::chrono::seconds idleTimeout = std::chrono::hours(1),
                            size_t maxSessions = 10000)
        : idleTimeout_(idleTimeout), maxSessions_(maxSessions) {}

    std::shared_ptr<Session> create(const std::string& subject);
    std::shared_ptr<Session> find(const std::string& id);
    bool remove(const std::string& id);
    size_t size() const;
    // Calls fn for every live session (used for list_changed broadcasts).
    void forEach(const std::function<void(Session&)>& fn);

private:
    void expireIdleLocked();

    const std::chrono::seconds idleTimeout_;
    const size_t maxSessions_;
    mutable std::mutex mutex_;
    std::map<std::string, std::shared_ptr<Session>> sessions_;
};

// 256 bits from the OS CSPRNG, hex encoded.
std::string randomSessionId();

} // namespace kmcp::mcp
