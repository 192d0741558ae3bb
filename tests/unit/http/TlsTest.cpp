#include "HttpTestSupport.hpp"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetSSL.h>
#include <Poco/TemporaryFile.h>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <thread>

using namespace kmcp;
using namespace kmcp::http;
using namespace kmcp::http::test;

TEST_CASE("TLS listener serves HTTPS with the configured certificate", "[http][tls]") {
    Poco::TemporaryFile dir;
    std::filesystem::create_directories(dir.path());
    const std::string cert = dir.path() + "/tls.crt";
    const std::string key = dir.path() + "/tls.key";
    const std::string cmd =
        "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost -keyout '" + key + "' -out '" +
        cert + "' >/dev/null 2>&1";
    REQUIRE(std::system(cmd.c_str()) == 0);

    auto options = testOptions();
    options.tlsCert = cert;
    options.tlsKey = key;
    options.requireTls = true;
    options.bindAddress = "127.0.0.1";
    TestServer ts(options);
    CHECK(ts.server.tls());

    Poco::Net::initializeSSL();
    Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", "",
                                                             Poco::Net::Context::VERIFY_NONE);
    Poco::Net::HTTPSClientSession session("127.0.0.1", ts.port(), context);
    session.setTimeout(Poco::Timespan(5, 0));
    session.setKeepAlive(true);
    Poco::Net::HTTPRequest req("GET", "/healthz", Poco::Net::HTTPMessage::HTTP_1_1);
    session.sendRequest(req);
    Poco::Net::HTTPResponse res;
    std::istream& in = session.receiveResponse(res);
    std::ostringstream body;
    body << in.rdbuf();
    CHECK(res.getStatus() == 200);
    CHECK(json::parse(body.str())["status"] == "ok");

    // The TLS connection waits between requests without a worker and carries the next ones.
    const auto localPort = session.socket().address().port();
    for (int i = 0; i < 3; ++i) {
        for (int w = 0; w < 50 && ts.server.idleConnections() == 0; ++w)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        CHECK(ts.server.idleConnections() == 1);
        Poco::Net::HTTPRequest again("GET", "/healthz", Poco::Net::HTTPMessage::HTTP_1_1);
        session.sendRequest(again);
        Poco::Net::HTTPResponse next;
        std::ostringstream nextBody;
        nextBody << session.receiveResponse(next).rdbuf();
        CHECK(next.getStatus() == 200);
        CHECK(session.socket().address().port() == localPort);
    }

    // Plain HTTP to the TLS port gets no HTTP answer.
    bool plainFailed = false;
    try {
        auto r = request(ts.port(), "GET", "/healthz");
        plainFailed = r.status != 200;
    } catch (const std::exception&) {
        plainFailed = true;
    }
    CHECK(plainFailed);

    auto bad = testOptions();
    bad.tlsCert = dir.path() + "/missing.crt";
    bad.tlsKey = key;
    obs::Metrics metrics;
    HttpServer broken(bad, std::make_shared<FakeHandler>(), metrics);
    CHECK_FALSE(broken.start().ok());
}
