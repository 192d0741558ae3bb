#include "http/StreamRegistry.hpp"

namespace kmcp::http {

void StreamRegistry::replace(const std::string& key, std::shared_ptr<SseOutbound> stream) {
    std::shared_ptr<SseOutbound> previous;
    {
        std::lock_guard lock(mutex_);
        if (closing_) {
            stream->close();
            return;
        }
        auto& slot = streams_[key];
        previous = std::move(slot);
        slot = std::move(stream);
    }
    if (previous) previous->close();
}

bool StreamRegistry::releaseIfCurrent(const std::string& key, const std::shared_ptr<SseOutbound>& stream) {
    std::lock_guard lock(mutex_);
    auto it = streams_.find(key);
    if (it == streams_.end() || it->second != stream) return false;
    streams_.erase(it);
    return true;
}

void StreamRegistry::close(const std::string& key) {
    std::shared_ptr<SseOutbound> stream;
    {
        std::lock_guard lock(mutex_);
        auto it = streams_.find(key);
        if (it == streams_.end()) return;
        stream = std::move(it->second);
        streams_.erase(it);
    }
    stream->close();
}

void StreamRegistry::closeAll() {
    std::map<std::string, std::shared_ptr<SseOutbound>> streams;
    {
        std::lock_guard lock(mutex_);
        closing_ = true;
        streams.swap(streams_);
    }
    for (auto& [key, stream] : streams)
        stream->close();
}

bool StreamRegistry::closing() const {
    std::lock_guard lock(mutex_);
    return closing_;
}

size_t StreamRegistry::size() const {
    std::lock_guard lock(mutex_);
    return streams_.size();
}

} // namespace kmcp::http
