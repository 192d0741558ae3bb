#include "http/ConnectionServer.hpp"

#include "obs/Log.hpp"

#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponseImpl.h>
#include <Poco/Net/HTTPServerSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/TCPServerConnection.h>
#include <Poco/Net/TCPServerConnectionFactory.h>
#include <Poco/Net/TCPServerDispatcher.h>
#include <Poco/Timestamp.h>

#include <cerrno>
#include <poll.h>
#include <sys/eventfd.h>
#include <system_error>
#include <unistd.h>

namespace kmcp::http {

// Poco's session, with the one question parking needs answered: is anything of the next request
// already here (in Poco's buffer, in TLS's, or in the kernel's)? A session closes its socket when
// it goes away, so a parked connection's socket is detached from it first.
class ConnectionServer::Session : public Poco::Net::HTTPServerSession {
public:
    using HTTPServerSession::HTTPServerSession;
    bool idle() {
        return buffered() == 0 && socket().available() == 0 &&
               !socket().poll(Poco::Timespan(0), Poco::Net::Socket::SELECT_READ);
    }
};

// The response is declared first so the request (which refers to it) is destroyed first, as in
// Poco's own connection loop; destroying the response finishes a chunked body.
struct ConnectionServer::InFlight {
    std::unique_ptr<Poco::Net::HTTPServerResponseImpl> response;
    std::unique_ptr<Poco::Net::HTTPServerRequestImpl> request;
};

class ConnectionServer::Connection : public Poco::Net::TCPServerConnection {
public:
    Connection(const Poco::Net::StreamSocket& socket, ConnectionServer& server)
        : TCPServerConnection(socket), server_(server) {}
    void run() override { server_.serve(std::make_shared<Session>(socket(), server_.params_), false); }

private:
    ConnectionServer& server_;
};

// Registers a connection a thread is serving for as long as it does, so stop() can cut it off.
class ConnectionServer::ActiveConnection {
public:
    ActiveConnection(ConnectionServer& server, const Poco::Net::StreamSocket& socket)
        : server_(server), token_(server.track(socket)) {}
    ~ActiveConnection() { server_.untrack(token_); }
    ActiveConnection(const ActiveConnection&) = delete;
    ActiveConnection& operator=(const ActiveConnection&) = delete;

private:
    ConnectionServer& server_;
    const uint64_t token_;
};

class ConnectionServer::Factory : public Poco::Net::TCPServerConnectionFactory {
public:
    explicit Factory(ConnectionServer& server) : server_(server) {}
    Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override {
        return new Connection(socket, server_);
    }

private:
    ConnectionServer& server_;
};

namespace {

const Poco::Timespan kLinger(0, 1000);
// How long a closing connection may keep sending what we did not read (nginx's lingering_timeout).
constexpr std::chrono::milliseconds kCloseLinger(5000);

void sendBareStatus(Poco::Net::HTTPServerSession& session, Poco::Net::HTTPResponse::HTTPStatus status) {
    Poco::Net::HTTPServerResponseImpl response(session);
    response.setVersion(Poco::Net::HTTPMessage::HTTP_1_1);
    response.setStatusAndReason(status);
    response.setKeepAlive(false);
    response.send();
    session.setKeepAlive(false);
}

} // namespace

ConnectionServer::ConnectionServer(Poco::Net::ServerSocket socket, Poco::Net::HTTPServerParams::Ptr params,
                                   Options options, Handler handler, IsStream isStream)
    : socket_(std::move(socket)), params_(std::move(params)), options_(options), handler_(std::move(handler)),
      isStream_(std::move(isStream)), pool_(1, std::max(1, options.workers), 60),
      parker_([this](const Poco::Net::StreamSocket& s) { dispatcher_->enqueue(s); },
              options.tls ? std::chrono::milliseconds(0) : options.firstRequestTimeout) {
    params_->setMaxThreads(std::max(1, options_.workers));
    params_->setMaxQueued(options_.maxQueued);
    dispatcher_ = new Poco::Net::TCPServerDispatcher(new Factory(*this), pool_,
                                                     Poco::Net::TCPServerParams::Ptr(params_.get(), true));
}

ConnectionServer::~ConnectionServer() {
    stop();
    dispatcher_->release();
}

void ConnectionServer::start() {
    stopFd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (stopFd_ < 0) throw std::system_error(errno, std::generic_category(), "eventfd");
    parker_.start();
    acceptor_ = std::thread([this] { acceptLoop(); });
}

void ConnectionServer::acceptLoop() {
    pollfd fds[2] = {{socket_.impl()->sockfd(), POLLIN, 0}, {stopFd_, POLLIN, 0}};
    while (!stopping_) {
        if (::poll(fds, 2, -1) < 0) continue; // EINTR
        if (stopping_ || (fds[0].revents & POLLIN) == 0) continue;
        try {
            Poco::Net::StreamSocket connection = socket_.acceptConnection();
            connection.setNoDelay(true);
            // Even the first request waits in the parker: a client that connects and says
            // nothing costs no worker.
            parker_.park(connection, options_.firstRequestTimeout);
        } catch (const Poco::Exception& e) {
            if (stopping_) return;
            obs::warn("http: accepting a connection failed: {}", e.displayText());
            std::this_thread::sleep_for(std::chrono::milliseconds(50)); // e.g. out of descriptors
        }
    }
}

uint64_t ConnectionServer::track(const Poco::Net::StreamSocket& socket) {
    std::lock_guard lock(activeMutex_);
    const uint64_t token = nextToken_++;
    active_.emplace(token, socket);
    return token;
}

void ConnectionServer::untrack(uint64_t token) {
    std::lock_guard lock(activeMutex_);
    active_.erase(token);
}

void ConnectionServer::serve(const std::shared_ptr<Session>& session, bool onStreamThread) {
    const ActiveConnection active(*this, session->socket());
    while (!stopping_ && session->hasMoreRequests()) {
        auto inFlight = std::make_unique<InFlight>();
        if (!readRequest(*session, *inFlight)) return;
        if (!onStreamThread && isStream_ && isStream_(*inFlight->request)) {
            startStream(session, std::move(inFlight));
            return;
        }
        if (!respond(*session, *inFlight)) return;
        inFlight.reset();
        if (!session->getKeepAlive()) return closeGracefully(*session);
        // A next request that is already here, or arrives within a moment while no other
        // connection waits for a worker, is served right here; otherwise the connection waits
        // for it without a thread.
        if (!nextRequestArrives(*session)) {
            parker_.park(session->detachSocket(), options_.keepAliveTimeout);
            return;
        }
    }
}

void ConnectionServer::closeGracefully(Session& session) {
    if (!stopping_) parker_.linger(session.detachSocket(), kCloseLinger);
}

bool ConnectionServer::nextRequestArrives(Session& session) {
    if (!session.idle()) return true;
    // Lingering costs a worker for at most kLinger and saves a client in a request loop two
    // thread hand-offs (worker → parker → worker); with others queued, the worker is theirs.
    if (dispatcher_->queuedConnections() > 0) return false;
    return session.socket().poll(kLinger, Poco::Net::Socket::SELECT_READ);
}

bool ConnectionServer::readRequest(Session& session, InFlight& inFlight) {
    inFlight.response = std::make_unique<Poco::Net::HTTPServerResponseImpl>(session);
    try {
        inFlight.request =
            std::make_unique<Poco::Net::HTTPServerRequestImpl>(*inFlight.response, session, params_.get());
    } catch (const Poco::Net::NoMessageException&) {
        return false; // the peer closed between requests
    } catch (const Poco::Net::MessageException&) {
        try {
            sendBareStatus(session, Poco::Net::HTTPResponse::HTTP_BAD_REQUEST);
            closeGracefully(session);
        } catch (const Poco::Exception&) {
        }
        return false;
    } catch (const Poco::Exception&) {
        return false; // timeout or reset while reading the header
    }
    auto& response = *inFlight.response;
    response.setDate(Poco::Timestamp());
    response.setVersion(inFlight.request->getVersion());
    response.setKeepAlive(params_->getKeepAlive() && inFlight.request->getKeepAlive() &&
                          session.canKeepAlive());
    if (const std::string& server = params_->getSoftwareVersion(); !server.empty())
        response.set("Server", server);
    return true;
}

bool ConnectionServer::respond(Session& session, InFlight& inFlight) {
    auto& request = *inFlight.request;
    auto& response = *inFlight.response;
    try {
        if (request.getExpectContinue() && response.getStatus() == Poco::Net::HTTPResponse::HTTP_OK)
            response.sendContinue();
        handler_(request, response);
        session.setKeepAlive(params_->getKeepAlive() && response.getKeepAlive() && session.canKeepAlive());
        return true;
    } catch (const std::exception& e) {
        // The handler answers its own errors; this is a write to a peer that went away.
        obs::info(4, "http: connection from {} ended: {}", request.clientAddress().toString(), e.what());
        if (!response.sent()) {
            try {
                sendBareStatus(session, Poco::Net::HTTPResponse::HTTP_INTERNAL_SERVER_ERROR);
            } catch (const Poco::Exception&) {
            }
        }
        return false;
    }
}

void ConnectionServer::startStream(const std::shared_ptr<Session>& session,
                                   std::unique_ptr<InFlight> inFlight) {
    auto refuse = [&] {
        obs::warn("http: {} open streams: refusing another from {}", options_.maxStreams,
                  inFlight->request->clientAddress().toString());
        auto& response = *inFlight->response;
        response.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_SERVICE_UNAVAILABLE);
        response.set("Retry-After", "5");
        response.setKeepAlive(false);
        response.setContentLength(0);
        try {
            response.send();
        } catch (const Poco::Exception&) {
        }
    };
    {
        std::lock_guard lock(streams_->mutex);
        if (streams_->open >= options_.maxStreams) return refuse();
        ++streams_->open;
    }
    auto count = streams_;
    auto release = [count] {
        std::lock_guard lock(count->mutex);
        --count->open;
        count->done.notify_all();
    };
    try {
        std::thread([this, session = std::shared_ptr<Session>(session), inFlight = std::move(inFlight), count,
                     release]() mutable {
            {
                const ActiveConnection active(*this, session->socket());
                const bool answered = respond(*session, *inFlight);
                inFlight.reset();
                if (answered && !session->getKeepAlive())
                    closeGracefully(*session);
                else if (answered && !stopping_ && !nextRequestArrives(*session))
                    parker_.park(session->detachSocket(), options_.keepAliveTimeout);
                else if (answered && !stopping_)
                    serve(session, true);
            }
            session.reset();
            // The last touch of this server; `count` outlives it.
            release();
        }).detach();
    } catch (const std::system_error& e) {
        // The request went with the thread object that could not start: the connection closes.
        obs::error("http: cannot start a stream thread: {}", e.what());
        release();
    }
}

void ConnectionServer::stop(const std::function<void()>& beforeJoin) {
    if (stopping_.exchange(true)) return;
    if (acceptor_.joinable()) {
        const uint64_t one = 1;
        [[maybe_unused]] auto w = ::write(stopFd_, &one, sizeof one);
        acceptor_.join();
    }
    if (stopFd_ >= 0) ::close(stopFd_);
    stopFd_ = -1;
    parker_.stop();
    if (beforeJoin) beforeJoin();
    {
        std::lock_guard lock(activeMutex_);
        for (auto& [token, socket] : active_) {
            try {
                socket.shutdown();
            } catch (const Poco::Exception&) {
            }
        }
    }
    dispatcher_->stop();
    pool_.joinAll();
    {
        std::unique_lock lock(streams_->mutex);
        streams_->done.wait_for(lock, std::chrono::seconds(10), [this] { return streams_->open == 0; });
    }
    try {
        socket_.close();
    } catch (const Poco::Exception&) {
    }
}

int ConnectionServer::openStreams() const {
    std::lock_guard lock(streams_->mutex);
    return streams_->open;
}

} // namespace kmcp::http
