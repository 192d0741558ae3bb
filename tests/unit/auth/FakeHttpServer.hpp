#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace kmcp::test {

struct RecordedRequest {
    std::string method;
    std::string path;                           // with query
    std::map<std::string, std::string> headers; // names lower-cased
    std::string body;
};

struct FakeResponse {
    int status = 200;
    std::string body;
    std::string contentType = "application/json";
    std::chrono::milliseconds delay{0}; // answer late (timeout tests)
};

// A loopback HTTP(S) server for tests: 127.0.0.1, port picked by the OS, every request
// recorded and answered by `handler`. stop()/start() keep the port, to play an IdP outage.
class FakeHttpServer {
public:
    using Handler = std::function<FakeResponse(const RecordedRequest&)>;
    struct TlsFiles {
        std::string certFile;
        std::string keyFile;
    };

    explicit FakeHttpServer(Handler handler, std::optional<TlsFiles> tls = std::nullopt);
    ~FakeHttpServer();

    uint16_t port() const { return port_; }
    std::string url() const; // scheme://127.0.0.1:port
    void stop();
    void start();

    std::vector<RecordedRequest> requests() const;
    size_t count(const std::string& path) const;

    // Called from server threads.
    FakeResponse handle(RecordedRequest request);

private:
    struct Impl;
    Handler handler_;
    std::optional<TlsFiles> tls_;
    uint16_t port_ = 0;
    mutable std::mutex mu_;
    std::vector<RecordedRequest> requests_;
    std::unique_ptr<Impl> impl_;
};

} // namespace kmcp::test
