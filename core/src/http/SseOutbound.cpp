#include "http/SseOutbound.hpp"

#include <ostream>

namespace kmcp::http {

std::string formatSseEvent(std::string_view event, std::string_view data, std::string_view id) {
    std::string frame;
    frame.reserve(data.size() + event.size() + id.size() + 32);
    if (!event.empty()) frame.append("event: ").append(event).append("\n");
    if (!id.empty()) frame.append("id: ").append(id).append("\n");
    size_t pos = 0;
    do {
        size_t end = data.find('\n', pos);
        if (end == std::string_view::npos) end = data.size();
        std::string_view line = data.substr(pos, end - pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        frame.append("data: ").append(line).append("\n");
        pos = end + 1;
    } while (pos <= data.size());
    frame.append("\n");
    return frame;
}

SseOutbound::SseOutbound(std::ostream& out, std::string eventName)
    : out_(out), eventName_(std::move(eventName)) {}

bool SseOutbound::send(const json& message) {
    return sendSerialized(message.dump(-1, ' ', false, json::error_handler_t::replace));
}

bool SseOutbound::sendSerialized(const std::string& message) {
    // dump() escapes control characters, so the JSON is always a single data line.
    return write(formatSseEvent(eventName_, message));
}

bool SseOutbound::sendEvent(std::string_view event, std::string_view data, std::string_view id) {
    return write(formatSseEvent(event, data, id));
}

bool SseOutbound::comment(std::string_view text) {
    std::string frame(": ");
    frame.append(text).append("\n\n");
    return write(frame);
}

bool SseOutbound::write(const std::string& frame) {
    std::lock_guard lock(mutex_);
    if (closed_) return false;
    bool ok = false;
    try {
        out_.write(frame.data(), static_cast<std::streamsize>(frame.size()));
        out_.flush();
        ok = out_.good();
    } catch (const std::exception&) {
        ok = false;
    }
    if (!ok) {
        closed_ = true;
        closedCv_.notify_all();
    }
    return ok;
}

void SseOutbound::close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    closedCv_.notify_all();
}

bool SseOutbound::closed() const {
    std::lock_guard lock(mutex_);
    return closed_;
}

bool SseOutbound::waitClosed(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return closedCv_.wait_for(lock, timeout, [this] { return closed_; });
}

} // namespace kmcp::http
