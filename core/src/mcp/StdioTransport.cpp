#include "mcp/StdioTransport.hpp"

#include "obs/Log.hpp"

#include <condition_variable>
#include <mutex>
#include <thread>

namespace kmcp::mcp {
namespace {

constexpr size_t kMaxLineBytes = 16 * 1024 * 1024;
constexpr int kMaxConcurrentCalls = 16;

class LineWriter : public Outbound {
public:
    explicit LineWriter(std::ostream& out) : out_(out) {}
    bool send(const json& message) override {
        return sendSerialized(message.dump(-1, ' ', false, json::error_handler_t::replace));
    }
    bool sendSerialized(const std::string& line) override {
        std::lock_guard lock(mutex_);
        out_ << line << '\n';
        out_.flush();
        return static_cast<bool>(out_);
    }

private:
    std::ostream& out_;
    std::mutex mutex_;
};

bool isRequest(const json& m) {
    return m.is_object() && m.contains("method") && m.contains("id");
}

} // namespace

int StdioTransport::run(std::istream& in, std::ostream& out) {
    auto writer = std::make_shared<LineWriter>(out);
    std::shared_ptr<Session> session;
    std::mutex mutex;
    std::condition_variable cv;
    int running = 0;

    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line == "\r") continue;
        if (line.size() > kMaxLineBytes) {
            writer->send(makeError(nullptr, rpc::InvalidRequest, "Invalid Request: message too large"));
            continue;
        }
        json message = json::parse(line, nullptr, false);
        if (message.is_discarded()) {
            writer->send(makeError(nullptr, rpc::ParseError, "Parse error"));
            continue;
        }
        RequestContext ctx;
        ctx.caller = caller_;
        ctx.requestStream = writer;
        {
            std::lock_guard lock(mutex);
            ctx.session = session;
        }
        // initialize, notifications and batches run inline: they are quick and their order matters.
        if (!isRequest(message) || message.value("method", "") == "initialize") {
            auto result = server_.handle(message, ctx);
            if (result.createdSession) {
                std::lock_guard lock(mutex);
                session = result.createdSession;
                session->setNotificationStream(writer);
            }
            if (!result.response.is_null()) writer->sendSerialized(result.serialized());
            continue;
        }
        {
            std::unique_lock lock(mutex);
            cv.wait(lock, [&] { return running < kMaxConcurrentCalls; });
            ++running;
        }
        std::thread([this, message = std::move(message), ctx, writer, &mutex, &cv, &running]() mutable {
            auto result = server_.handle(message, ctx);
            if (!result.response.is_null()) writer->sendSerialized(result.serialized());
            std::lock_guard lock(mutex);
            --running;
            cv.notify_all();
        }).detach();
    }
    std::unique_lock lock(mutex);
    cv.wait(lock, [&] { return running == 0; });
    obs::info(2, "stdin closed; exiting");
    return 0;
}

} // namespace kmcp::mcp
