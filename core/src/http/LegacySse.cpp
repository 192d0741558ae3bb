#include "http/LegacySse.hpp"

#include "http/JsonBody.hpp"
#include "http/MediaType.hpp"
#include "obs/Log.hpp"

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/URI.h>

#include <fmt/format.h>

#include <array>
#include <random>

namespace kmcp::http {
namespace {

// 128 random bits, hex: the connection id is a capability (anyone holding it may POST).
std::string newConnectionId() {
    std::random_device rd; // getrandom(2) on Linux
    std::array<uint32_t, 4> words{};
    for (auto& w : words)
        w = rd();
    return fmt::format("{:08x}{:08x}{:08x}{:08x}", words[0], words[1], words[2], words[3]);
}

std::string queryParam(const Poco::Net::HTTPServerRequest& request, const std::string& name) {
    try {
        for (const auto& [key, value] : Poco::URI(request.getURI()).getQueryParameters())
            if (key == name) return value;
    } catch (const std::exception&) {
    }
    return "";
}

} // namespace

std::shared_ptr<LegacySse::Connection> LegacySse::find(const std::string& id) const {
    std::lock_guard lock(mutex_);
    auto it = connections_.find(id);
    return it == connections_.end() ? nullptr : it->second;
}

size_t LegacySse::connections() const {
    std::lock_guard lock(mutex_);
    return connections_.size();
}

void LegacySse::forget(const std::shared_ptr<Connection>& conn) {
    {
        std::lock_guard lock(mutex_);
        connections_.erase(conn->id);
    }
    state_.streams.releaseIfCurrent("legacy:" + conn->id, conn->stream);
    std::shared_ptr<mcp::Session> session;
    {
        std::lock_guard lock(conn->mutex);
        session.swap(conn->session);
    }
    if (session) {
        state_.handler->setNotificationStream(*session, nullptr);
        state_.handler->removeSession(session->id());
        state_.refreshSessionGauge();
    }
}

void LegacySse::openStream(Exchange& ex, const mcp::Caller& caller) {
    auto conn = std::make_shared<Connection>();
    conn->id = newConnectionId();
    conn->subject = caller.subject;
    std::ostream& out = ex.beginStream(200, "text/event-stream");
    conn->stream = std::make_shared<SseOutbound>(out, "message");
    {
        std::lock_guard lock(mutex_);
        connections_[conn->id] = conn;
    }
    // Registered so shutdown closes it like any other stream.
    state_.streams.replace("legacy:" + conn->id, conn->stream);
    conn->stream->sendEvent("endpoint", "/message?sessionId=" + conn->id);
    holdStream(*conn->stream, state_.pingInterval, [] { return true; });
    conn->stream->close();
    forget(conn);
}

void LegacySse::postMessage(Exchange& ex, const mcp::Caller& caller) {
    const std::string id = queryParam(ex.request(), "sessionId");
    if (id.empty()) {
        ex.send(Reply::rpcError(400, transportError::BadRequest,
                                "Bad Request: sessionId query parameter is required"));
        return;
    }
    auto conn = find(id);
    if (!conn || conn->subject != caller.subject) {
        ex.send(Reply::rpcError(404, transportError::SessionNotFound, "Session not found"));
        return;
    }
    if (mediaTypeOf(ex.request().getContentType()) != "application/json") {
        ex.send(Reply::rpcError(415, transportError::BadRequest,
                                "Unsupported Media Type: Content-Type must be application/json"));
        return;
    }
    auto raw = ex.readBody(state_.maxBodyBytes);
    if (!raw) {
        const bool tooLarge = raw.error().code == Error::Code::TooLarge;
        ex.send(Reply::rpcError(tooLarge ? 413 : 400, transportError::BadRequest, raw.error().message));
        return;
    }
    auto parsed = parseJsonBody(raw.value());
    if (!parsed) {
        ex.send(Reply::rpcError(400, mcp::rpc::ParseError, "Parse error"));
        return;
    }
    const json body = std::move(*parsed);
    // Accepted before handling: the answer goes out on the stream, and a slow tool call must not
    // hold the POST (a notifications/cancelled for it may follow on another connection).
    ex.send(Reply::text(202, "Accepted"));

    mcp::RequestContext ctx;
    ctx.caller = caller;
    ctx.stateless = state_.stateless;
    ctx.requestStream = conn->stream;
    {
        std::lock_guard lock(conn->mutex);
        ctx.session = conn->session;
    }
    try {
        mcp::HandleResult result = state_.handler->handle(body, ctx);
        if (result.createdSession) {
            {
                std::lock_guard lock(conn->mutex);
                conn->session = result.createdSession;
            }
            state_.handler->setNotificationStream(*result.createdSession, conn->stream);
            state_.refreshSessionGauge();
            // The stream may have ended while initialize ran; don't leave an orphan session.
            if (!find(id)) forget(conn);
        }
        if (!result.response.is_null()) conn->stream->sendSerialized(result.serialized());
    } catch (const std::exception& e) {
        obs::error("http: legacy /message handling failed: {}", e.what());
        if (body.is_object() && body.contains("id"))
            conn->stream->send(
                {{"jsonrpc", "2.0"},
                 {"id", body["id"]},
                 {"error", {{"code", mcp::rpc::InternalError}, {"message", "Internal error"}}}});
    }
}

} // namespace kmcp::http
