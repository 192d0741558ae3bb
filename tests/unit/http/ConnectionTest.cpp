// Connection handling: a small worker pool behind a keep-alive parker (http/ConnectionServer).
#include "HttpTestSupport.hpp"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/StreamCopier.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

using namespace kmcp;
using namespace kmcp::http;
using namespace kmcp::http::test;

namespace {

Poco::Net::StreamSocket connect(uint16_t port) {
    Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", port));
    socket.setReceiveTimeout(Poco::Timespan(10, 0));
    return socket;
}

void sendText(Poco::Net::StreamSocket& socket, const std::string& text) {
    socket.sendBytes(text.data(), static_cast<int>(text.size()));
}

// Reads until the peer closes (or `expect` occurrences of `marker` have arrived).
std::string receiveText(Poco::Net::StreamSocket& socket, const std::string& marker = "", int expect = 0) {
    std::string all;
    char buf[4096];
    for (;;) {
        int n = 0;
        try {
            n = socket.receiveBytes(buf, sizeof buf);
        } catch (const Poco::Net::NetException&) {
            break;
        }
        if (n <= 0) break;
        all.append(buf, static_cast<size_t>(n));
        if (expect > 0) {
            int seen = 0;
            for (size_t at = all.find(marker); at != std::string::npos; at = all.find(marker, at + 1))
                ++seen;
            if (seen >= expect) break;
        }
    }
    return all;
}

// True when the server has closed the connection (receive sees EOF or a reset within 5 s).
bool closedByServer(Poco::Net::StreamSocket& socket) {
    socket.setReceiveTimeout(Poco::Timespan(5, 0));
    char buf[64];
    try {
        return socket.receiveBytes(buf, sizeof buf) == 0;
    } catch (const Poco::TimeoutException&) {
        return false;
    } catch (const Poco::Net::NetException&) {
        return true;
    }
}

const std::string kHealthz = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

} // namespace

TEST_CASE("idle keep-alive connections hold no worker and stay reusable", "[http][connections]") {
    auto options = testOptions();
    options.workers = 2;
    TestServer ts(options);
    std::vector<std::unique_ptr<Poco::Net::HTTPClientSession>> clients;
    std::vector<uint16_t> localPorts;
    for (int i = 0; i < 30; ++i) {
        auto client = std::make_unique<Poco::Net::HTTPClientSession>("127.0.0.1", ts.port());
        client->setKeepAlive(true);
        Poco::Net::HTTPRequest req("GET", "/healthz", Poco::Net::HTTPMessage::HTTP_1_1);
        client->sendRequest(req);
        Poco::Net::HTTPResponse res;
        std::string body;
        Poco::StreamCopier::copyToString(client->receiveResponse(res), body);
        REQUIRE(res.getStatus() == 200);
        localPorts.push_back(client->socket().address().port());
        clients.push_back(std::move(client));
    }
    // Thirty open connections, two workers: a new client is still served at once.
    const auto started = std::chrono::steady_clock::now();
    CHECK(request(ts.port(), "GET", "/healthz").status == 200);
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(2));
    for (int i = 0; i < 50 && ts.server.idleConnections() < 30; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    CHECK(ts.server.idleConnections() == 30);

    // Each connection answers its second request on the same TCP connection.
    for (size_t i = 0; i < clients.size(); ++i) {
        Poco::Net::HTTPRequest req("GET", "/healthz", Poco::Net::HTTPMessage::HTTP_1_1);
        clients[i]->sendRequest(req);
        Poco::Net::HTTPResponse res;
        std::string body;
        Poco::StreamCopier::copyToString(clients[i]->receiveResponse(res), body);
        CHECK(res.getStatus() == 200);
        CHECK(clients[i]->socket().address().port() == localPorts[i]);
    }
}

TEST_CASE("clients that connect and say nothing do not block the workers", "[http][connections][security]") {
    auto options = testOptions();
    options.workers = 1;
    options.limits.readHeaderTimeout = std::chrono::milliseconds(1500);
    TestServer ts(options);
    std::vector<Poco::Net::StreamSocket> silent;
    for (int i = 0; i < 8; ++i)
        silent.push_back(connect(ts.port()));
    const auto started = std::chrono::steady_clock::now();
    CHECK(request(ts.port(), "GET", "/healthz").status == 200);
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::milliseconds(1000));
    // ... and they are dropped once the first-request timeout passes.
    CHECK(closedByServer(silent.front()));
}

TEST_CASE("a client trickling its header is cut off at read_header_timeout and holds no worker",
          "[http][connections][security][timeout]") {
    auto options = testOptions();
    options.workers = 1;
    options.limits.readHeaderTimeout = std::chrono::milliseconds(800);
    TestServer ts(options);
    auto trickler = connect(ts.port());
    const std::string header = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + std::string(200, 'a');
    const auto started = std::chrono::steady_clock::now();
    bool cutOff = false;
    // One byte every 50 ms: each read would beat any per-read timeout; only a deadline on the
    // whole header ends it. Meanwhile the single worker still serves everyone else.
    for (size_t i = 0; i < header.size() && !cutOff; ++i) {
        try {
            trickler.sendBytes(&header[i], 1);
        } catch (const Poco::Net::NetException&) {
            cutOff = true;
            break;
        }
        if (i == 5) CHECK(request(ts.port(), "GET", "/healthz").status == 200);
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        if (trickler.poll(Poco::Timespan(0), Poco::Net::Socket::SELECT_READ))
            cutOff = closedByServer(trickler);
    }
    CHECK(cutOff);
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(4));
}

TEST_CASE("an idle keep-alive connection is closed after the keep-alive timeout", "[http][connections]") {
    auto options = testOptions();
    options.keepAliveTimeout = std::chrono::seconds(1);
    TestServer ts(options);
    auto socket = connect(ts.port());
    sendText(socket, kHealthz);
    CHECK(receiveText(socket, "HTTP/1.1 200", 1).find("HTTP/1.1 200") == 0);
    const auto started = std::chrono::steady_clock::now();
    CHECK(closedByServer(socket));
    const auto waited = std::chrono::steady_clock::now() - started;
    CHECK(waited >= std::chrono::milliseconds(900));
    CHECK(waited < std::chrono::seconds(4));
    CHECK(ts.server.idleConnections() == 0);
}

TEST_CASE("pipelined requests are answered in order on one connection", "[http][connections]") {
    TestServer ts;
    auto socket = connect(ts.port());
    sendText(socket, kHealthz + "GET /nowhere HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" + kHealthz);
    const std::string all = receiveText(socket, "HTTP/1.1 ", 3);
    const auto first = all.find("HTTP/1.1 200");
    const auto second = all.find("HTTP/1.1 404");
    const auto third = all.find("HTTP/1.1 200", first + 1);
    CHECK(first == 0);
    CHECK(second != std::string::npos);
    CHECK(third != std::string::npos);
    CHECK(second < third);
}

TEST_CASE("a client that half-closes after its request still gets the answer", "[http][connections]") {
    TestServer ts;
    auto socket = connect(ts.port());
    sendText(socket, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    socket.shutdownSend();
    const std::string all = receiveText(socket);
    CHECK(all.find("HTTP/1.1 200") == 0);
    CHECK(all.find("\"ok\"") != std::string::npos);
}

TEST_CASE("streams beyond max_streams are refused with 503", "[http][connections][sse]") {
    auto options = testOptions();
    options.maxStreams = 2;
    TestServer ts(options);
    SseClient a(ts.port(), "GET", "/sse", Headers{{"Accept", "text/event-stream"}});
    SseClient b(ts.port(), "GET", "/sse", Headers{{"Accept", "text/event-stream"}});
    REQUIRE(a.nextEvent());
    REQUIRE(b.nextEvent());
    auto refused = request(ts.port(), "GET", "/sse", Headers{{"Accept", "text/event-stream"}});
    CHECK(refused.status == 503);
    CHECK(refused.header("Retry-After") == "5");
    // Ordinary requests are unaffected.
    CHECK(request(ts.port(), "GET", "/healthz").status == 200);
}

TEST_CASE("malformed request lines are 400 and the connection ends", "[http][connections]") {
    TestServer ts;
    auto socket = connect(ts.port());
    // A method name longer than any HTTP method is a malformed request line.
    sendText(socket, std::string(64, 'X') + " /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    const std::string all = receiveText(socket);
    CHECK(all.find("HTTP/1.1 400") == 0);
    CHECK(request(ts.port(), "GET", "/healthz").status == 200);
}
