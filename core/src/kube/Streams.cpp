#include "kube/Streams.hpp"

#include "kube/ApiStatus.hpp"
#include "kube/ClusterConnection.hpp"

#include <Poco/Buffer.h>
#include <Poco/Exception.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/WebSocket.h>
#include <nlohmann/json.hpp>

namespace kmcp::kube {
namespace {

using Clock = std::chrono::steady_clock;

Poco::Timespan span(std::chrono::milliseconds ms) {
    return Poco::Timespan(std::chrono::duration_cast<std::chrono::microseconds>(ms).count());
}

Clock::time_point deadlineFor(const Request& request) {
    return Clock::now() +
           (request.timeout.count() > 0
                ? request.timeout
                : std::chrono::duration_cast<std::chrono::milliseconds>(kDefaultStreamDeadline));
}

bool cancelled(const std::atomic<bool>* cancel) {
    return cancel && cancel->load();
}

Error cancelledError() {
    return Error{Error::Code::Cancelled, "stream cancelled"};
}

// Delivers at most the bytes left under maxBytes; false when the stream must stop.
bool deliver(const ChunkFn& onChunk, uint32_t channel, std::string_view data, uint64_t maxBytes,
             uint64_t& total) {
    const uint64_t left = maxBytes > total ? maxBytes - total : 0;
    const bool cut = data.size() > left;
    if (cut) data = data.substr(0, left);
    total += data.size();
    if (!data.empty() && !onChunk(channel, data)) return false;
    return !cut && total < maxBytes;
}

std::string readBounded(std::istream& is, size_t max) {
    std::string body;
    char buf[8192];
    while (body.size() < max && (is.read(buf, sizeof buf) || is.gcount() > 0))
        body.append(buf, static_cast<size_t>(is.gcount()));
    return body;
}

} // namespace

Result<int> execExitCode(std::string_view statusJson) {
    const nlohmann::json doc = nlohmann::json::parse(statusJson, nullptr, false);
    if (!doc.is_object()) {
        // v1/v2 servers write plain text errors on channel 3.
        return Error{Error::Code::InvalidArgument, std::string(statusJson)};
    }
    if (doc.value("status", "") == "Success") return 0;
    if (doc.value("reason", "") == "NonZeroExitCode") {
        if (auto d = doc.find("details"); d != doc.end() && d->is_object()) {
            if (auto causes = d->find("causes"); causes != d->end() && causes->is_array()) {
                for (const auto& c : *causes) {
                    if (c.value("reason", "") != "ExitCode") continue;
                    try {
                        return std::stoi(c.value("message", ""));
                    } catch (const std::exception&) {
                        break;
                    }
                }
            }
        }
    }
    std::string msg = doc.value("message", "");
    if (msg.empty()) msg = "exec failed: " + std::string(statusJson);
    return Error{Error::Code::InvalidArgument, msg};
}

Result<int> httpStream(ClusterConnection& conn, const Request& request, const Credentials& creds,
                       uint64_t maxBytes, const ChunkFn& onChunk, const std::atomic<bool>* cancel) {
    if (cancelled(cancel)) return cancelledError();
    auto prepared = conn.prepare(creds);
    if (!prepared) return prepared.error();
    auto session = prepared->pool->fresh();
    conn.countOpened();
    const auto deadline = deadlineFor(request);
    const auto headerTimeout = conn.timeoutFor(request);
    Poco::Net::HTTPRequest http(request.method, conn.target(request.path, request.query),
                                Poco::Net::HTTPMessage::HTTP_1_1);
    Request headers = request;
    if (headers.accept.empty()) headers.accept = "*/*";
    conn.applyHeaders(http, headers, prepared->authorization);
    uint64_t total = 0;
    try {
        session->setTimeout(span(conn.options().connectTimeout), span(headerTimeout), span(headerTimeout));
        std::ostream& os = session->sendRequest(http);
        if (!request.body.empty())
            os.write(request.body.data(), static_cast<std::streamsize>(request.body.size()));
        Poco::Net::HTTPResponse res;
        std::istream& is = session->receiveResponse(res);
        const int status = static_cast<int>(res.getStatus());
        if (status < 200 || status >= 300) {
            if (status == 401) conn.unauthorized(prepared.value());
            Response r;
            r.status = status;
            r.body = readBounded(is, 1024 * 1024);
            r.message = statusMessage(status, r.body, res.getReason());
            return errorFromResponse(r);
        }
        // Short socket timeouts from here on let cancellation and the deadline be checked while
        // a followed log is idle.
        session->socket().setReceiveTimeout(span(kStreamPoll));
        is.exceptions(std::ios::badbit);
        char buf[32768];
        while (Clock::now() < deadline) {
            if (cancelled(cancel)) return cancelledError();
            std::streamsize n = 0;
            try {
                if (!is.read(buf, 1)) break; // end of body
                n = 1 + is.readsome(buf + 1, sizeof buf - 1);
            } catch (const Poco::TimeoutException&) {
                is.clear();
                continue;
            }
            if (!deliver(onChunk, 1, std::string_view(buf, static_cast<size_t>(n)), maxBytes, total)) break;
        }
    } catch (const Poco::TimeoutException&) {
        return Error{Error::Code::Timeout, "the Kubernetes API server at " + conn.endpoint().url +
                                               " did not answer " + request.method + " " + request.path +
                                               " within " + std::to_string(headerTimeout.count()) + " ms"};
    } catch (const Poco::Exception& e) {
        if (total > 0) return 0; // the server ended a stream we already delivered from
        return conn.unreachable(e.displayText());
    } catch (const std::exception& e) {
        if (total > 0) return 0;
        return conn.unreachable(e.what());
    }
    return 0;
}

Result<int> websocketExec(ClusterConnection& conn, const Request& request, const Credentials& creds,
                          std::string_view stdinData, uint64_t maxBytes, const ChunkFn& onChunk,
                          const std::atomic<bool>* cancel) {
    if (cancelled(cancel)) return cancelledError();
    auto prepared = conn.prepare(creds);
    if (!prepared) return prepared.error();
    auto session = prepared->pool->fresh();
    conn.countOpened();
    const auto deadline = deadlineFor(request);
    const auto handshakeTimeout = conn.timeoutFor(request);
    Poco::Net::HTTPRequest http(request.method.empty() ? std::string("GET") : request.method,
                                conn.target(request.path, request.query), Poco::Net::HTTPMessage::HTTP_1_1);
    Request headers = request;
    headers.body.clear();
    if (headers.accept.empty()) headers.accept = "*/*";
    conn.applyHeaders(http, headers, prepared->authorization);
    http.set("Sec-WebSocket-Protocol", "v5.channel.k8s.io, v4.channel.k8s.io");
    Poco::Net::HTTPResponse res;
    std::unique_ptr<Poco::Net::WebSocket> ws;
    try {
        session->setTimeout(span(conn.options().connectTimeout), span(handshakeTimeout),
                            span(handshakeTimeout));
        ws = std::make_unique<Poco::Net::WebSocket>(*session, http, res);
    } catch (const Poco::Net::WebSocketException& e) {
        const int status = static_cast<int>(res.getStatus());
        if (status >= 400) {
            if (status == 401) conn.unauthorized(prepared.value());
            // Poco drops the refusal's body; the same request without the upgrade is refused the
            // same way (authorization runs first) and carries the Status message.
            Request plain = request;
            plain.body.clear();
            auto answer = conn.send(plain, creds, cancel);
            if (answer && !answer->ok() && answer->status == status) return errorFromResponse(answer.value());
            Response r;
            r.status = status;
            r.message = statusMessage(status, "", res.getReason());
            return errorFromResponse(r);
        }
        return conn.unreachable("WebSocket upgrade failed: " + e.displayText());
    } catch (const Poco::TimeoutException&) {
        return Error{Error::Code::Timeout, "the Kubernetes API server at " + conn.endpoint().url +
                                               " did not accept the exec session within " +
                                               std::to_string(handshakeTimeout.count()) + " ms"};
    } catch (const Poco::Exception& e) {
        return conn.unreachable(e.displayText());
    }
    const bool v5 = res.get("Sec-WebSocket-Protocol", "") == "v5.channel.k8s.io";
    uint64_t total = 0;
    std::string errorChannel;
    bool gotStatus = false;
    bool stoppedEarly = false;
    try {
        ws->setMaxPayloadSize(16 * 1024 * 1024);
        constexpr size_t kFrame = 32 * 1024;
        for (size_t off = 0; off < stdinData.size(); off += kFrame) {
            const std::string_view part = stdinData.substr(off, kFrame);
            std::string frame(1, '\0');
            frame.append(part);
            ws->sendFrame(frame.data(), static_cast<int>(frame.size()), Poco::Net::WebSocket::FRAME_BINARY);
        }
        if (v5) {
            const char closeStdin[2] = {static_cast<char>(255), 0};
            ws->sendFrame(closeStdin, 2, Poco::Net::WebSocket::FRAME_BINARY);
        }
        ws->setReceiveTimeout(span(kStreamPoll));
        Poco::Buffer<char> buffer(0);
        while (Clock::now() < deadline) {
            if (cancelled(cancel)) {
                try {
                    ws->shutdown();
                } catch (const Poco::Exception&) {
                }
                return cancelledError();
            }
            int flags = 0;
            int n = 0;
            buffer.resize(0);
            try {
                n = ws->receiveFrame(buffer, flags);
            } catch (const Poco::TimeoutException&) {
                continue;
            }
            const int op = flags & Poco::Net::WebSocket::FRAME_OP_BITMASK;
            if ((n == 0 && flags == 0) || op == Poco::Net::WebSocket::FRAME_OP_CLOSE) break;
            if (op == Poco::Net::WebSocket::FRAME_OP_PING) {
                ws->sendFrame(buffer.begin(), n,
                              static_cast<int>(Poco::Net::WebSocket::FRAME_FLAG_FIN) |
                                  static_cast<int>(Poco::Net::WebSocket::FRAME_OP_PONG));
                continue;
            }
            if (n < 1) continue;
            const auto channel = static_cast<uint32_t>(static_cast<unsigned char>(buffer[0]));
            const std::string_view payload(buffer.begin() + 1, static_cast<size_t>(n - 1));
            if (channel == 3) {
                errorChannel.append(payload);
                gotStatus = !errorChannel.empty();
                continue;
            }
            if (channel != 1 && channel != 2) continue;
            if (!deliver(onChunk, channel, payload, maxBytes, total)) {
                stoppedEarly = true;
                break;
            }
        }
        try {
            ws->shutdown();
        } catch (const Poco::Exception&) {
        }
    } catch (const Poco::Exception& e) {
        if (!gotStatus && total == 0) return conn.unreachable("exec session failed: " + e.displayText());
    }
    if (gotStatus) return execExitCode(errorChannel);
    if (stoppedEarly || Clock::now() >= deadline) return -1;
    return 0;
}

} // namespace kmcp::kube
