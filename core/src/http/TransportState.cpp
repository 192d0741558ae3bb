#include "http/TransportState.hpp"

namespace kmcp::http {

void holdStream(SseOutbound& stream, std::chrono::milliseconds pingInterval,
                const std::function<bool()>& stillWanted) {
    // Ends when the stream closes; each wait is bounded by the ping interval.
    while (!stream.waitClosed(pingInterval)) {
        if (!stillWanted() || !stream.comment("ping")) break;
    }
}

} // namespace kmcp::http
