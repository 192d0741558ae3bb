#pragma once

#include "http/SseOutbound.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace kmcp::http {

// The open standalone SSE streams, one per key (MCP session id or legacy connection id), so a
// DELETE, a replacing GET or server shutdown can end the request thread that serves a stream.
class StreamRegistry {
public:
    // Registers `stream` under `key`, closing the stream it replaces (one GET stream per session).
    void replace(const std::string& key, std::shared_ptr<SseOutbound> stream);
    // Unregisters `stream` if it is still the one under `key`; true when it was.
    bool releaseIfCurrent(const std::string& key, const std::shared_ptr<SseOutbound>& stream);
    void close(const std::string& key);
    // Closes every stream and refuses new ones (shutdown).
    void closeAll();
    bool closing() const;
    size_t size() const;

private:
    mutable std::mutex mutex_;
    std::map<std::string, std::shared_ptr<SseOutbound>> streams_;
    bool closing_ = false;
};

} // namespace kmcp::http
