#include "http/StreamableHttp.hpp"

#include "http/JsonBody.hpp"
#include "http/MediaType.hpp"
#include "obs/Log.hpp"

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

namespace kmcp::http {
namespace {

constexpr const char* kSessionHeader = "Mcp-Session-Id";
constexpr const char* kProtocolHeader = "MCP-Protocol-Version";
constexpr const char* kEventStream = "text/event-stream";

bool isRequest(const json& m) {
    return m.is_object() && m.contains("method") && m.contains("id");
}

bool carriesProgressToken(const json& m) {
    if (!isRequest(m)) return false;
    const auto params = m.find("params");
    if (params == m.end() || !params->is_object()) return false;
    const auto meta = params->find("_meta");
    return meta != params->end() && meta->is_object() && meta->contains("progressToken");
}

// Applies `pred` to a message or to each message of a batch.
template <typename Pred> bool anyMessage(const json& body, Pred pred) {
    if (body.is_array()) {
        for (const auto& m : body)
            if (pred(m)) return true;
        return false;
    }
    return pred(body);
}

bool isInitialize(const json& body) {
    return body.is_object() && body.value("method", "") == "initialize" && body.contains("id");
}

Reply methodNotAllowed(const char* allow) {
    Reply r = Reply::rpcError(405, transportError::BadRequest, "Method not allowed");
    r.headers.emplace_back("Allow", allow);
    return r;
}

} // namespace

void StreamableHttp::handle(Exchange& ex, const mcp::Caller& caller) {
    const std::string& method = ex.request().getMethod();
    if (method == "POST") return post(ex, caller);
    if (method == "GET") return get(ex, caller);
    if (method == "DELETE") return remove(ex, caller);
    ex.send(methodNotAllowed(state_.stateless ? "POST, OPTIONS" : "GET, POST, DELETE, OPTIONS"));
}

bool StreamableHttp::checkProtocolVersion(Exchange& ex) {
    // Absent means 2025-03-26 (the spec's backwards-compatibility rule), which we speak.
    const std::string version = ex.header(kProtocolHeader);
    if (version.empty() || state_.handler->supportsProtocolVersion(version)) return true;
    ex.send(Reply::rpcError(400, transportError::BadRequest,
                            "Bad Request: unsupported MCP-Protocol-Version " + version));
    return false;
}

std::shared_ptr<mcp::Session> StreamableHttp::requireSession(Exchange& ex, const mcp::Caller& caller) {
    const std::string id = ex.header(kSessionHeader);
    if (id.empty()) {
        ex.send(Reply::rpcError(400, transportError::BadRequest,
                                "Bad Request: Mcp-Session-Id header is required"));
        return nullptr;
    }
    auto session = state_.handler->findSession(id);
    // Someone else's session answers exactly like an unknown one: existence must not leak.
    if (!session || session->subject() != caller.subject) {
        ex.send(Reply::rpcError(404, transportError::SessionNotFound, "Session not found"));
        return nullptr;
    }
    return session;
}

void StreamableHttp::post(Exchange& ex, const mcp::Caller& caller) {
    const std::string accept = ex.header("Accept");
    if (!acceptsMediaType(accept, "application/json") || !acceptsMediaType(accept, kEventStream)) {
        ex.send(
            Reply::rpcError(406, transportError::BadRequest,
                            "Not Acceptable: Accept must include application/json and text/event-stream"));
        return;
    }
    if (mediaTypeOf(ex.request().getContentType()) != "application/json") {
        ex.send(Reply::rpcError(415, transportError::BadRequest,
                                "Unsupported Media Type: Content-Type must be application/json"));
        return;
    }
    if (!checkProtocolVersion(ex)) return;

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
    if (!(body.is_object() || (body.is_array() && !body.empty()))) {
        ex.send(Reply::rpcError(400, mcp::rpc::InvalidRequest, "Invalid Request"));
        return;
    }

    mcp::RequestContext ctx;
    ctx.caller = caller;
    ctx.stateless = state_.stateless;
    if (!state_.stateless && !(isInitialize(body) && ex.header(kSessionHeader).empty())) {
        ctx.session = requireSession(ex, caller);
        if (!ctx.session) return;
    }

    if (!anyMessage(body, isRequest)) {
        state_.handler->handle(body, ctx);
        ex.send(Reply::empty(202));
        return;
    }

    // initialize stays JSON: its Mcp-Session-Id header is only known after handling.
    if (anyMessage(body, carriesProgressToken) && !isInitialize(body)) {
        // The client asked for progress: answer as an event stream so progress notifications
        // can precede the response.
        std::ostream& out = ex.beginStream(200, kEventStream);
        auto stream = std::make_shared<SseOutbound>(out);
        ctx.requestStream = stream;
        try {
            mcp::HandleResult result = state_.handler->handle(body, ctx);
            if (!result.response.is_null()) stream->sendSerialized(result.serialized());
        } catch (const std::exception& e) {
            obs::error("http: handling a streamed POST failed: {}", e.what());
        }
        stream->close();
        return;
    }

    mcp::HandleResult result = state_.handler->handle(body, ctx);
    Reply reply = result.response.is_null() ? Reply::empty(202)
                                            : Reply{200, "application/json", result.serialized(), {}};
    if (result.createdSession) {
        reply.headers.emplace_back(kSessionHeader, result.createdSession->id());
        state_.refreshSessionGauge();
    }
    ex.send(reply);
}

void StreamableHttp::get(Exchange& ex, const mcp::Caller& caller) {
    if (state_.stateless) return ex.send(methodNotAllowed("POST, OPTIONS"));
    if (!acceptsMediaType(ex.header("Accept"), kEventStream))
        return ex.send(methodNotAllowed("POST, DELETE"));
    if (!checkProtocolVersion(ex)) return;
    auto session = requireSession(ex, caller);
    if (!session) return;

    std::ostream& out = ex.beginStream(200, kEventStream);
    auto stream = std::make_shared<SseOutbound>(out);
    const std::string id = session->id();
    state_.streams.replace(id, stream);
    state_.handler->setNotificationStream(*session, stream);
    // Tells the client the stream is live (and flushes the chunked framing at once).
    stream->comment("stream open");
    holdStream(*stream, state_.pingInterval, [&] { return state_.handler->findSession(id) != nullptr; });
    stream->close();
    if (state_.streams.releaseIfCurrent(id, stream)) state_.handler->setNotificationStream(*session, nullptr);
}

void StreamableHttp::remove(Exchange& ex, const mcp::Caller& caller) {
    if (state_.stateless) return ex.send(methodNotAllowed("POST, OPTIONS"));
    if (!checkProtocolVersion(ex)) return;
    auto session = requireSession(ex, caller);
    if (!session) return;
    state_.streams.close(session->id());
    state_.handler->removeSession(session->id());
    state_.refreshSessionGauge();
    ex.send(Reply::empty(204));
}

} // namespace kmcp::http
