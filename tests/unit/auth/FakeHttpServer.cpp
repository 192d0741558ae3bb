#include "FakeHttpServer.hpp"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/ThreadPool.h>

#include <algorithm>
#include <cctype>
#include <thread>

namespace kmcp::test {
namespace {

class Handler : public Poco::Net::HTTPRequestHandler {
public:
    explicit Handler(FakeHttpServer& s) : server_(s) {}
    void handleRequest(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp) override {
        RecordedRequest r;
        r.method = req.getMethod();
        r.path = req.getURI();
        for (const auto& [name, value] : req) {
            std::string lower = name;
            std::transform(lower.begin(), lower.end(), lower.begin(),
                           [](unsigned char c) { return std::tolower(c); });
            r.headers[lower] = value;
        }
        Poco::StreamCopier::copyToString(req.stream(), r.body);
        FakeResponse answer = server_.handle(std::move(r));
        if (answer.delay.count() > 0) std::this_thread::sleep_for(answer.delay);
        resp.setStatus(Poco::Net::HTTPResponse::HTTPStatus(answer.status));
        resp.setContentType(answer.contentType);
        resp.setContentLength(std::streamsize(answer.body.size()));
        resp.send() << answer.body;
    }

private:
    FakeHttpServer& server_;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit Factory(FakeHttpServer& s) : server_(s) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
        return new Handler(server_);
    }

private:
    FakeHttpServer& server_;
};

} // namespace

struct FakeHttpServer::Impl {
    // Our own pool, so stop() can wait for handlers still running (a delayed answer) instead of
    // leaving them to outlive the test.
    std::unique_ptr<Poco::ThreadPool> pool;
    std::unique_ptr<Poco::Net::HTTPServer> server;
};

FakeHttpServer::FakeHttpServer(Handler handler, std::optional<TlsFiles> tls)
    : handler_(std::move(handler)), tls_(std::move(tls)), impl_(std::make_unique<Impl>()) {
    start();
}

FakeHttpServer::~FakeHttpServer() {
    stop();
}

std::string FakeHttpServer::url() const {
    return std::string(tls_ ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_);
}

void FakeHttpServer::start() {
    if (impl_->server) return;
    impl_->pool = std::make_unique<Poco::ThreadPool>(2, 16);
    const Poco::Net::SocketAddress addr("127.0.0.1", port_);
    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(16);
    params->setKeepAlive(false);
    if (tls_) {
        Poco::Net::Context::Ptr ctx =
            new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, tls_->keyFile, tls_->certFile, "",
                                   Poco::Net::Context::VERIFY_NONE);
        Poco::Net::SecureServerSocket socket(addr, 64, ctx);
        impl_->server =
            std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), *impl_->pool, socket, params);
    } else {
        Poco::Net::ServerSocket socket(addr);
        impl_->server =
            std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), *impl_->pool, socket, params);
    }
    impl_->server->start();
    port_ = impl_->server->port();
}

void FakeHttpServer::stop() {
    if (!impl_->server) return;
    impl_->server->stopAll(true);
    impl_->pool->joinAll();
    impl_->server.reset();
    impl_->pool.reset();
}

FakeResponse FakeHttpServer::handle(RecordedRequest request) {
    {
        std::lock_guard lk(mu_);
        requests_.push_back(request);
    }
    return handler_(request);
}

std::vector<RecordedRequest> FakeHttpServer::requests() const {
    std::lock_guard lk(mu_);
    return requests_;
}

size_t FakeHttpServer::count(const std::string& path) const {
    std::lock_guard lk(mu_);
    return size_t(std::count_if(requests_.begin(), requests_.end(),
                                [&](const RecordedRequest& r) { return r.path == path; }));
}

} // namespace kmcp::test
