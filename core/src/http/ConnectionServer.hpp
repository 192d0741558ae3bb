#pragma once

#include "http/KeepAliveParker.hpp"

#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace Poco::Net {
class HTTPServerRequest;
class HTTPServerResponse;
class TCPServerDispatcher;
} // namespace Poco::Net

namespace kmcp::http {

// HTTP/1.1 on one listening socket, served by a bounded pool of request workers instead of Poco's
// thread per connection. A worker holds a connection only while a request is being read and
// answered; between requests (and before the first) the connection waits in a KeepAliveParker.
// Long-lived responses (SSE streams) would pin a worker for hours, so requests that `isStream`
// picks get a thread of their own, up to `maxStreams`.
//
// Why: with a thread per keep-alive connection, N idle clients cost N threads (stack, malloc
// arena, upstream TLS connection) and N slow or idle clients exhaust the pool for everyone.
class ConnectionServer {
public:
    using Handler = std::function<void(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&)>;
    using IsStream = std::function<bool(const Poco::Net::HTTPServerRequest&)>;

    struct Options {
        int workers = 16;     // requests served at once; more wait in the queue
        int maxQueued = 1024; // readable connections waiting for a worker; beyond, they are closed
        int maxStreams = 256; // concurrent long-lived responses; beyond, 503
        std::chrono::milliseconds keepAliveTimeout{30000}; // idle connections close after this
        // A new connection must send a request header, and a started header must be complete,
        // within this (plain TCP; over TLS it bounds each read instead).
        std::chrono::milliseconds firstRequestTimeout{10000};
        bool tls = false;
    };

    // `params` carries Poco's per-request settings (socket timeout, keep-alive, Server header).
    ConnectionServer(Poco::Net::ServerSocket socket, Poco::Net::HTTPServerParams::Ptr params, Options options,
                     Handler handler, IsStream isStream);
    ~ConnectionServer();
    ConnectionServer(const ConnectionServer&) = delete;
    ConnectionServer& operator=(const ConnectionServer&) = delete;

    void start();
    // Stops accepting, closes idle connections, aborts the ones in flight, waits for workers and
    // stream threads. `beforeJoin` runs once nothing new can start (the router closes its streams).
    void stop(const std::function<void()>& beforeJoin = {});

    size_t parkedConnections() const { return parker_.parked(); }
    size_t closingConnections() const { return parker_.lingering(); }
    int openStreams() const;

private:
    class Session;
    class Connection;
    class Factory;
    class ActiveConnection;
    struct InFlight;

    void acceptLoop();
    void serve(const std::shared_ptr<Session>& session, bool onStreamThread);
    bool nextRequestArrives(Session& session);
    // The connection ends after this answer: the parker lingers on it so unread request bytes do
    // not reset it under the peer (KeepAliveParker::linger).
    void closeGracefully(Session& session);
    bool readRequest(Session& session, InFlight& inFlight);
    bool respond(Session& session, InFlight& inFlight);
    void startStream(const std::shared_ptr<Session>& session, std::unique_ptr<InFlight> inFlight);
    uint64_t track(const Poco::Net::StreamSocket& socket);
    void untrack(uint64_t token);

    Poco::Net::ServerSocket socket_;
    Poco::Net::HTTPServerParams::Ptr params_;
    const Options options_;
    const Handler handler_;
    const IsStream isStream_;
    Poco::ThreadPool pool_;
    Poco::Net::TCPServerDispatcher* dispatcher_ = nullptr; // reference-counted by Poco
    KeepAliveParker parker_;
    std::thread acceptor_;
    int stopFd_ = -1; // eventfd: wakes the acceptor on stop()
    std::atomic<bool> stopping_{false};

    // Connections a worker or stream thread is serving, so stop() can cut them off.
    std::mutex activeMutex_;
    std::unordered_map<uint64_t, Poco::Net::StreamSocket> active_;
    uint64_t nextToken_ = 1;

    // Stream threads are detached; stop() waits here until the last one has left.
    struct StreamCount {
        std::mutex mutex;
        std::condition_variable done;
        int open = 0;
    };
    std::shared_ptr<StreamCount> streams_ = std::make_shared<StreamCount>();
};

} // namespace kmcp::http
