#include "mcp/Session.hpp"

#include <openssl/rand.h>

#include <stdexcept>

namespace kmcp::mcp {

std::string Session::protocolVersion() const {
    std::lock_guard lock(mutex_);
    return protocolVersion_;
}

void Session::setProtocolVersion(std::string v) {
    std::lock_guard lock(mutex_);
    protocolVersion_ = std::move(v);
}

std::string Session::logLevel() const {
    std::lock_guard lock(mutex_);
    return logLevel_;
}

void Session::setLogLevel(std::string level) {
    std::lock_guard lock(mutex_);
    logLevel_ = std::move(level);
}

void Session::setNotificationStream(std::shared_ptr<Outbound> out) {
    std::lock_guard lock(mutex_);
    stream_ = std::move(out);
}

std::shared_ptr<Outbound> Session::notificationStream() const {
    std::lock_guard lock(mutex_);
    return stream_;
}

bool Session::notify(const json& message) {
    auto stream = notificationStream();
    return stream && stream->send(message);
}

std::shared_ptr<std::atomic<bool>> Session::beginRequest(const std::string& requestId) {
    auto flag = std::make_shared<std::atomic<bool>>(false);
    std::lock_guard lock(mutex_);
    inFlight_[requestId] = flag;
    return flag;
}

void Session::endRequest(const std::string& requestId) {
    std::lock_guard lock(mutex_);
    inFlight_.erase(requestId);
}

void Session::cancel(const std::string& requestId) {
    std::lock_guard lock(mutex_);
    if (auto it = inFlight_.find(requestId); it != inFlight_.end()) it->second->store(true);
}

std::string randomSessionId() {
    unsigned char bytes[32];
    if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("CSPRNG unavailable");
    static const char* hex = "0123456789abcdef";
    std::string id;
    id.reserve(64);
    for (unsigned char b : bytes) {
        id.push_back(hex[b >> 4]);
        id.push_back(hex[b & 0xF]);
    }
    return id;
}

std::shared_ptr<Session> SessionManager::create(const std::string& subject) {
    auto session = std::make_shared<Session>(randomSessionId(), subject);
    std::lock_guard lock(mutex_);
    expireIdleLocked();
    if (sessions_.size() >= maxSessions_) {
        // Evict the least recently used session rather than refusing new clients.
        auto oldest = sessions_.begin();
        for (auto it = sessions_.begin(); it != sessions_.end(); ++it)
            if (it->second->lastUsed() < oldest->second->lastUsed()) oldest = it;
        sessions_.erase(oldest);
    }
    sessions_[session->id()] = session;
    return session;
}

std::shared_ptr<Session> SessionManager::find(const std::string& id) {
    std::lock_guard lock(mutex_);
    auto it = sessions_.find(id);
    if (it == sessions_.end()) return nullptr;
    if (std::chrono::steady_clock::now() - it->second->lastUsed() > idleTimeout_) {
        sessions_.erase(it);
        return nullptr;
    }
    it->second->touch();
    return it->second;
}

bool SessionManager::remove(const std::string& id) {
    std::lock_guard lock(mutex_);
    return sessions_.erase(id) > 0;
}

size_t SessionManager::size() const {
    std::lock_guard lock(mutex_);
    return sessions_.size();
}

void SessionManager::forEach(const std::function<void(Session&)>& fn) {
    std::vector<std::shared_ptr<Session>> snapshot;
    {
        std::lock_guard lock(mutex_);
        for (auto& [id, s] : sessions_)
            snapshot.push_back(s);
    }
    for (auto& s : snapshot)
        fn(*s);
}

void SessionManager::expireIdleLocked() {
    auto now = std::chrono::steady_clock::now();
    for (auto it = sessions_.begin(); it != sessions_.end();)
        it = now - it->second->lastUsed() > idleTimeout_ ? sessions_.erase(it) : std::next(it);
}

} // namespace kmcp::mcp
