#include "HttpTestSupport.hpp"

#include <Poco/Net/HTTPRequest.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <istream>
#include <ostream>
#include <sstream>
#include <stdexcept>

namespace kmcp::http::test {
namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

bool isRequest(const json& m) {
    return m.is_object() && m.contains("method") && m.contains("id");
}

} // namespace

mcp::HandleResult FakeHandler::handle(const json& message, mcp::RequestContext& ctx) {
    mcp::HandleResult out;
    if (message.is_array()) {
        json responses = json::array();
        for (const auto& m : message) {
            json r = handleOne(m, ctx, out);
            if (!r.is_null()) responses.push_back(r);
        }
        if (!responses.empty()) out.response = responses;
        return out;
    }
    out.response = handleOne(message, ctx, out);
    return out;
}

json FakeHandler::handleOne(const json& message, mcp::RequestContext& ctx, mcp::HandleResult& out) {
    {
        std::lock_guard lock(mutex_);
        handled_.push_back(message);
    }
    if (!isRequest(message)) return nullptr;
    const std::string method = message["method"];
    const json& id = message["id"];
    if (method == "explode") throw std::runtime_error("engine failure");
    if (method == "initialize" && !ctx.session && !ctx.stateless) {
        std::lock_guard lock(mutex_);
        auto session =
            std::make_shared<mcp::Session>("session-" + std::to_string(++nextId_), ctx.caller.subject);
        sessions_[session->id()] = session;
        out.createdSession = session;
        ctx.session = session;
    }
    const json params = message.value("params", json::object());
    if (method == "tools/call" && params.contains("_meta") && ctx.requestStream) {
        const json token = params["_meta"]["progressToken"];
        for (int i = 1; i <= 2; ++i)
            ctx.requestStream->send({{"jsonrpc", "2.0"},
                                     {"method", "notifications/progress"},
                                     {"params", {{"progressToken", token}, {"progress", i}, {"total", 2}}}});
    }
    return {{"jsonrpc", "2.0"},
            {"id", id},
            {"result",
             {{"method", method},
              {"session", ctx.session ? json(ctx.session->id()) : json(nullptr)},
              {"subject", ctx.caller.subject},
              {"stateless", ctx.stateless},
              {"streamed", ctx.requestStream != nullptr}}}};
}

std::shared_ptr<mcp::Session> FakeHandler::findSession(const std::string& id) {
    std::lock_guard lock(mutex_);
    auto it = sessions_.find(id);
    return it == sessions_.end() ? nullptr : it->second;
}

bool FakeHandler::removeSession(const std::string& id) {
    std::lock_guard lock(mutex_);
    streams_.erase(id);
    return sessions_.erase(id) > 0;
}

size_t FakeHandler::sessionCount() {
    std::lock_guard lock(mutex_);
    return sessions_.size();
}

void FakeHandler::setNotificationStream(mcp::Session& session, std::shared_ptr<mcp::Outbound> out) {
    std::lock_guard lock(mutex_);
    if (out)
        streams_[session.id()] = std::move(out);
    else
        streams_.erase(session.id());
}

bool FakeHandler::supportsProtocolVersion(const std::string& version) {
    return version == "2025-11-25" || version == "2025-06-18" || version == "2025-03-26" ||
           version == "2024-11-05";
}

bool FakeHandler::notify(const std::string& sessionId, const json& message) {
    std::shared_ptr<mcp::Outbound> out;
    {
        std::lock_guard lock(mutex_);
        auto it = streams_.find(sessionId);
        if (it == streams_.end()) return false;
        out = it->second;
    }
    return out->send(message);
}

bool FakeHandler::hasStream(const std::string& sessionId) {
    std::lock_guard lock(mutex_);
    return streams_.count(sessionId) > 0;
}

std::vector<json> FakeHandler::handled() {
    std::lock_guard lock(mutex_);
    return handled_;
}

HttpServerOptions testOptions() {
    HttpServerOptions o;
    o.bindAddress = "127.0.0.1";
    o.port = 0;
    o.pingInterval = std::chrono::milliseconds(200);
    o.limits.readHeaderTimeout = std::chrono::milliseconds(3000);
    o.workers = 4;
    return o;
}

TestServer::TestServer(HttpServerOptions options, Authenticator auth)
    : server(std::move(options), handler, metrics) {
    if (auth) server.setAuthenticator(std::move(auth));
    auto started = server.start();
    INFO((started ? std::string() : started.error().message));
    REQUIRE(started.ok());
    REQUIRE(server.port() != 0);
}

std::string Response::header(const std::string& name) const {
    auto it = headers.find(lower(name));
    return it == headers.end() ? "" : it->second;
}

nlohmann::json Response::parsed() const {
    return json::parse(body, nullptr, false);
}

Response request(uint16_t port, const std::string& method, const std::string& path, const Headers& headers,
                 const std::string& body, bool chunked) {
    Poco::Net::HTTPClientSession session("127.0.0.1", port);
    session.setTimeout(Poco::Timespan(5, 0));
    Poco::Net::HTTPRequest req(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto& [name, value] : headers)
        req.set(name, value);
    if (chunked)
        req.setChunkedTransferEncoding(true);
    else if (!body.empty() || method == "POST")
        req.setContentLength(static_cast<std::streamsize>(body.size()));
    std::ostream& out = session.sendRequest(req);
    out << body;
    Poco::Net::HTTPResponse res;
    std::istream& in = session.receiveResponse(res);
    Response r;
    r.status = res.getStatus();
    for (const auto& [name, value] : res)
        r.headers[lower(name)] = value;
    std::ostringstream text;
    text << in.rdbuf();
    r.body = text.str();
    return r;
}

Headers mcpHeaders(const std::string& sessionId) {
    Headers h{{"Accept", "application/json, text/event-stream"}, {"Content-Type", "application/json"}};
    if (!sessionId.empty()) h.emplace_back("Mcp-Session-Id", sessionId);
    return h;
}

json rpcRequest(int id, const std::string& method, json params) {
    return {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}};
}

std::string initializeSession(uint16_t port, const Headers& extra) {
    Headers h = mcpHeaders();
    h.insert(h.end(), extra.begin(), extra.end());
    auto r = request(
        port, "POST", "/mcp", h,
        rpcRequest(1, "initialize", {{"protocolVersion", "2025-11-25"}, {"capabilities", json::object()}})
            .dump());
    REQUIRE(r.status == 200);
    REQUIRE_FALSE(r.header("Mcp-Session-Id").empty());
    return r.header("Mcp-Session-Id");
}

SseClient::SseClient(uint16_t port, const std::string& method, const std::string& path,
                     const Headers& headers, const std::string& body)
    : session_("127.0.0.1", port) {
    session_.setTimeout(Poco::Timespan(5, 0));
    Poco::Net::HTTPRequest req(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto& [name, value] : headers)
        req.set(name, value);
    if (method == "POST") req.setContentLength(static_cast<std::streamsize>(body.size()));
    session_.sendRequest(req) << body;
    in_ = &session_.receiveResponse(response_);
}

std::optional<SseEvent> SseClient::next() {
    SseEvent ev;
    bool any = false;
    std::string line;
    // An event is at most a handful of lines; the bound only guards against a runaway stream.
    for (int i = 0; i < 1000; ++i) {
        try {
            if (!std::getline(*in_, line)) return std::nullopt;
        } catch (const std::exception&) {
            return std::nullopt;
        }
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) {
            if (any) return ev;
            continue;
        }
        any = true;
        if (line.rfind(":", 0) == 0)
            ev.comment = line.substr(1);
        else if (line.rfind("event:", 0) == 0)
            ev.event = line.substr(line[6] == ' ' ? 7 : 6);
        else if (line.rfind("data:", 0) == 0) {
            if (!ev.data.empty()) ev.data += "\n";
            ev.data += line.substr(line.size() > 5 && line[5] == ' ' ? 6 : 5);
        }
    }
    return std::nullopt;
}

std::optional<SseEvent> SseClient::nextEvent() {
    for (int i = 0; i < 100; ++i) {
        auto ev = next();
        if (!ev || !ev->data.empty() || !ev->event.empty()) return ev;
    }
    return std::nullopt;
}

} // namespace kmcp::http::test
