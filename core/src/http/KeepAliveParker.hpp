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
    // Ends the watcher thread and closes every parked connection.
    void stop();

    size_t parked() const;

private:
    struct Entry {
        Poco::Net::StreamSocket socket;
        std::chrono::steady_clock::time_point deadline;
        bool headerStarted = false;
    };

    void run();
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
