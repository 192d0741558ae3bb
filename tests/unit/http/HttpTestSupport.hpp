#pragma once

#include "http/HttpServer.hpp"
#include "http/MessageHandler.hpp"
#include "obs/Metrics.hpp"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPResponse.h>

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace kmcp::http::test {

using Headers = std::vector<std::pair<std::string, std::string>>;

// Stands in for mcp::Server: initialize creates a session bound to the caller, tools/call with a
// progressToken emits two progress notifications on the request stream, any other request is
// echoed back with what the transport put in the context.
class FakeHandler : public MessageHandler {
public:
    mcp::HandleResult handle(const json& message, mcp::RequestContext& ctx) override;
    std::shared_ptr<mcp::Session> findSession(const std::string& id) override;
    bool removeSession(const std::string& id) override;
    size_t sessionCount() override;
    void setNotificationStream(mcp::Session& session, std::shared_ptr<mcp::Outbound> out) override;
    bool supportsProtocolVersion(const std::string& version) override;

    // Sends through the session's attached notification stream; false without one.
    bool notify(const std::string& sessionId, const json& message);
    bool hasStream(const std::string& sessionId);
    std::vector<json> handled();

private:
    json handleOne(const json& message, mcp::RequestContext& ctx, mcp::HandleResult& out);

    std::mutex mutex_;
    int nextId_ = 0;
    std::map<std::string, std::shared_ptr<mcp::Session>> sessions_;
    std::map<std::string, std::shared_ptr<mcp::Outbound>> streams_;
    std::vector<json> handled_;
};

// Options for a server on 127.0.0.1, ephemeral port, short SSE pings.
HttpServerOptions testOptions();

// A started server with a fake handler and private metrics.
struct TestServer {
    explicit TestServer(HttpServerOptions options = testOptions(), Authenticator auth = {});
    uint16_t port() const { return server.port(); }

    std::shared_ptr<FakeHandler> handler = std::make_shared<FakeHandler>();
    obs::Metrics metrics;
    HttpServer server;
};

struct Response {
    int status = 0;
    std::map<std::string, std::string> headers; // lower-cased names
    std::string body;

    std::string header(const std::string& name) const;
    nlohmann::json parsed() const;
};

// One request on a fresh connection.
Response request(uint16_t port, const std::string& method, const std::string& path,
                 const Headers& headers = {}, const std::string& body = "", bool chunked = false);

// Accept + Content-Type for an MCP POST, plus Mcp-Session-Id when given.
Headers mcpHeaders(const std::string& sessionId = "");
json rpcRequest(int id, const std::string& method, json params = json::object());
// Initializes a session and returns its id (asserts success).
std::string initializeSession(uint16_t port, const Headers& extra = {});

struct SseEvent {
    std::string event;
    std::string data;
    std::string comment;
};

// Reads an event stream response line by line (bounded by the session's 5 s timeout).
class SseClient {
public:
    SseClient(uint16_t port, const std::string& method, const std::string& path, const Headers& headers,
              const std::string& body = "");
    int status() const { return response_.getStatus(); }
    std::string header(const std::string& name) const { return response_.get(name, ""); }
    // The next event or comment block; nullopt at end of stream or on error/timeout.
    std::optional<SseEvent> next();
    // The next event that is not a comment.
    std::optional<SseEvent> nextEvent();

private:
    Poco::Net::HTTPClientSession session_;
    Poco::Net::HTTPResponse response_;
    std::istream* in_ = nullptr;
};

} // namespace kmcp::http::test
