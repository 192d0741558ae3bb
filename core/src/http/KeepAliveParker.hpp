#pragma once

#include <Poco/Net/StreamSocket.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace kmcp::http {

// Holds idle keep-alive connections without a thread each: one epoll thread watches them and
// hands a connection back (`wake`) once its next request header is there. Connections idle longer
// than their timeout, or hung up by the peer, are closed here. This is what lets a
// small worker pool serve many keep-alive clients: a worker is busy only while a request is.
class KeepAliveParker {
public:
    using Wake = std::function<void(const Poco::Net::StreamSocket&)>;

    // `headerTimeout` > 0: plain-TCP connections are handed back only once a whole request
    // header has arrived (peeked, not read), and a client that started one must finish it within
    // `headerTimeout` — so a client trickling its header byte by byte never occupies a worker.
    // TLS connections (encrypted bytes cannot be judged) pass 0 and are handed back on any data.
    KeepAliveParker(Wake wake, std::chrono::milliseconds headerTimeout);
    ~KeepAliveParker();
    KeepAliveParker(const KeepAliveParker&) = delete;
    KeepAliveParker& operator=(const KeepAliveParker&) = delete;

    void start();
    // Takes the connection until it is readable again, or closes it after `idleTimeout`; after
    // stop() it is closed at once.
    void park(const Poco::Net::StreamSocket& socket, std::chrono::milliseconds idleTimeout);
    // Ends a connection whose answer has been sent without resetting it: sends FIN, then reads
    // and discards whatever the peer still sends (the unread rest of a refused request body) until
    // it closes or `timeout` passes. Closing with unread bytes would make the kernel send a reset,
    // and a client still writing its body would fail with it before reading our 413 or 400.
    void linger(const Poco::Net::StreamSocket& socket, std::chrono::milliseconds timeout);
    // Ends the watcher thread and closes every parked connection.
    void stop();

    // Connections waiting for their next request, and connections being drained before they close.
    size_t parked() const { return count(false); }
    size_t lingering() const { return count(true); }

private:
    struct Entry {
        Poco::Net::StreamSocket socket;
        std::chrono::steady_clock::time_point deadline;
        bool headerStarted = false;
        bool lingering = false; // being drained before it closes (linger), never handed back
    };

    void run();
    size_t count(bool lingering) const;
    void add(const Poco::Net::StreamSocket& socket, std::chrono::milliseconds timeout, bool lingering);
    enum class Next { Nothing, Wake, Drain };
    // What an epoll event on `token` calls for; a connection to wake is removed and put in `socket`.
    Next take(uint64_t token, uint32_t events, Poco::Net::StreamSocket& socket);
    void drain(uint64_t token);
    void closeExpired(std::chrono::steady_clock::time_point now);

    const Wake wake_;
    const std::chrono::milliseconds headerTimeout_;
    int epoll_ = -1;
    int wakeFd_ = -1; // eventfd: ends epoll_wait on stop()
    mutable std::mutex mutex_;
    // Keyed by a token that is never reused, not by file descriptor: an event still queued for a
    // connection closed in the meantime cannot be taken for a new one that got the same number.
    std::unordered_map<uint64_t, Entry> entries_;
    uint64_t nextToken_ = 1;
    bool stopped_ = false;
    std::thread thread_;
};

} // namespace kmcp::http
