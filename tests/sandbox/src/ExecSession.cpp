#include "ExecSession.hpp"

#include <Poco/Net/NetException.h>
#include <Poco/Net/WebSocket.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <thread>

namespace kmcp::sandbox {

using nlohmann::json;
using Poco::Net::WebSocket;

namespace {

constexpr int kIdleSeconds = 30;
constexpr int kClientSetupMs = 100;
constexpr int kMaxFrames = 10000;
constexpr unsigned char kStdin = 0;
constexpr unsigned char kStdout = 1;
constexpr unsigned char kStderr = 2;
constexpr unsigned char kError = 3;
constexpr unsigned char kClose = 255;

bool isInteractiveShell(const std::vector<std::string>& command) {
    if (command.size() != 1) {
        return false;
    }
    const std::string& c = command[0];
    return c == "sh" || c == "bash" || c == "ash" || c == "/bin/sh" || c == "/bin/bash";
}

std::string toTerminal(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '\n') {
            out += '\r';
        }
        out += c;
    }
    return out;
}

class Channels {
public:
    Channels(WebSocket& ws, const ExecStreams& streams) : ws_(ws), streams_(streams) {}

    void send(unsigned char channel, const std::string& data) {
        if (data.empty()) {
            return;
        }
        std::string frame(1, static_cast<char>(channel));
        frame += data;
        ws_.sendFrame(frame.data(), static_cast<int>(frame.size()), WebSocket::FRAME_BINARY);
    }

    void output(const ExecResult& r) {
        if (streams_.tty) {
            send(kStdout, toTerminal(r.out + r.err));
            return;
        }
        if (streams_.out) {
            send(kStdout, r.out);
        }
        if (streams_.err) {
            send(kStderr, r.err);
        }
    }

    // Next stdin bytes; false at end of input (close signal, close frame, idle timeout).
    bool readStdin(std::string& data) {
        char buffer[65536];
        for (int i = 0; i < kMaxFrames; ++i) {
            int flags = 0;
            int n = 0;
            try {
                n = ws_.receiveFrame(buffer, sizeof buffer, flags);
            } catch (const Poco::TimeoutException&) {
                return false;
            } catch (const Poco::Net::NetException&) {
                return false;
            }
            int op = flags & WebSocket::FRAME_OP_BITMASK;
            if (op == WebSocket::FRAME_OP_CLOSE || (n == 0 && flags == 0)) {
                closed_ = true;
                return false;
            }
            if (op == WebSocket::FRAME_OP_PING) {
                ws_.sendFrame(buffer, n,
                              static_cast<int>(WebSocket::FRAME_FLAG_FIN) |
                                  static_cast<int>(WebSocket::FRAME_OP_PONG));
                continue;
            }
            if (op == WebSocket::FRAME_OP_PONG || n < 1) {
                continue;
            }
            auto channel = static_cast<unsigned char>(buffer[0]);
            if (channel == kClose) {
                return false;
            }
            if (channel == kStdin) {
                data.assign(buffer + 1, static_cast<std::size_t>(n - 1));
                return true;
            }
        }
        return false;
    }

    bool closed() const { return closed_; }

private:
    WebSocket& ws_;
    const ExecStreams& streams_;
    bool closed_ = false;
};

} // namespace

std::string ExecSession::chooseProtocol(const std::string& offered) {
    for (const char* p : {"v5.channel.k8s.io", "v4.channel.k8s.io"}) {
        if (offered.find(p) != std::string::npos) {
            return p;
        }
    }
    return "";
}

std::string ExecSession::exitStatus(int exitCode, const std::vector<std::string>& command) {
    if (exitCode == 0) {
        return json{{"metadata", json::object()}, {"status", "Success"}}.dump();
    }
    std::string joined;
    for (std::size_t i = 0; i < command.size(); ++i) {
        joined += (i ? " " : "") + command[i];
    }
    return json{
        {"metadata", json::object()},
        {"status", "Failure"},
        {"message", "command terminated with non-zero exit code: error executing command [" + joined +
                        "], exit code " + std::to_string(exitCode)},
        {"reason", "NonZeroExitCode"},
        {"details",
         {{"causes", json::array({{{"reason", "ExitCode"}, {"message", std::to_string(exitCode)}}})}}}}
        .dump();
}

void ExecSession::run(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
                      const std::string& protocol, ExecContext context,
                      const std::vector<std::string>& command, const ExecStreams& streams) {
    response.set("Sec-WebSocket-Protocol", protocol);
    WebSocket ws(request, response);
    ws.setReceiveTimeout(Poco::Timespan(kIdleSeconds, 0));
    Channels channels(ws, streams);
    // client-go registers its stream readers only after the upgrade completes and drops frames
    // for streams it does not know yet ("Unknown stream id"), so give it a moment first.
    std::this_thread::sleep_for(std::chrono::milliseconds(kClientSetupMs));
    int exitCode = 0;
    try {
        if (streams.in && isInteractiveShell(command)) {
            std::string pending;
            std::string chunk;
            bool done = false;
            if (streams.tty) {
                channels.send(kStdout, "# ");
            }
            while (!done && channels.readStdin(chunk)) {
                pending += chunk;
                std::size_t nl;
                while (!done && (nl = pending.find_first_of("\r\n")) != std::string::npos) {
                    std::string line = pending.substr(0, nl);
                    pending.erase(0, nl + 1);
                    if (streams.tty) {
                        channels.send(kStdout, line + "\r\n");
                    }
                    auto words = ExecInterpreter::splitWords(line);
                    ExecResult r = ExecInterpreter::run({"sh", "-c", line}, context);
                    channels.output(r);
                    exitCode = r.exitCode;
                    done = !words.empty() && words[0] == "exit";
                    if (!done && streams.tty) {
                        channels.send(kStdout, "# ");
                    }
                }
            }
            if (!done && !pending.empty()) {
                ExecResult r = ExecInterpreter::run({"sh", "-c", pending}, context);
                channels.output(r);
                exitCode = r.exitCode;
            }
        } else {
            if (streams.in) {
                std::string chunk;
                while (channels.readStdin(chunk)) {
                    context.stdinData += chunk;
                }
            }
            ExecResult r = ExecInterpreter::run(command, context);
            channels.output(r);
            exitCode = r.exitCode;
        }
        channels.send(kError, exitStatus(exitCode, command));
        ws.shutdown();
    } catch (const Poco::Exception&) {
        // The client went away mid-session; there is nobody left to report to.
    }
}

} // namespace kmcp::sandbox
