#pragma once

// Helpers for kube unit tests: temp dirs, loopback HTTP(S) servers on port 0, test certificates.

#include "kube/Types.hpp"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <string>

namespace kmcp::kube::test {

class TempDir {
public:
    TempDir() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "kmcp-kube-XXXXXX").string();
        path_ = mkdtemp(tmpl.data());
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    std::string path(const std::string& name = "") const { return name.empty() ? path_ : path_ + "/" + name; }
    std::string write(const std::string& name, const std::string& text) const {
        std::ofstream(path(name), std::ios::binary) << text;
        return path(name);
    }

private:
    std::string path_;
};

using Handler = std::function<void(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&)>;

class FnHandler : public Poco::Net::HTTPRequestHandler {
public:
    explicit FnHandler(const Handler& h) : h_(h) {}
    void handleRequest(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& res) override {
        h_(req, res);
    }

private:
    const Handler& h_;
};

class FnFactory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit FnFactory(const Handler& h) : h_(h) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
        return new FnHandler(h_);
    }

private:
    const Handler& h_;
};

// A Poco HTTP server on 127.0.0.1:<ephemeral>; `socket` may be a SecureServerSocket.
class TestServer {
public:
    explicit TestServer(
        Handler handler,
        Poco::Net::ServerSocket socket = Poco::Net::ServerSocket(Poco::Net::SocketAddress("127.0.0.1", 0)),
        bool https = false)
        : handler_(std::move(handler)), https_(https) {
        auto* params = new Poco::Net::HTTPServerParams;
        params->setKeepAlive(true);
        params->setMaxKeepAliveRequests(1000);
        params->setMaxThreads(4);
        port_ = socket.address().port();
        server_ = std::make_unique<Poco::Net::HTTPServer>(new FnFactory(handler_), socket, params);
        server_->start();
    }
    ~TestServer() { server_->stopAll(true); }
    std::string url() const {
        return std::string(https_ ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_);
    }
    int connections() const { return server_->totalConnections(); }
    uint16_t port() const { return port_; }

private:
    Handler handler_;
    bool https_;
    uint16_t port_ = 0;
    std::unique_ptr<Poco::Net::HTTPServer> server_;
};

inline Request get(const std::string& path, const std::string& query = "") {
    Request r;
    r.path = path;
    r.query = query;
    return r;
}

inline void reply(Poco::Net::HTTPServerResponse& res, int status, const std::string& body,
                  const std::string& type = "application/json") {
    res.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    res.setContentType(type);
    res.setContentLength(static_cast<std::streamsize>(body.size()));
    res.send() << body;
}

inline std::string kubeconfigFor(const std::string& server,
                                 const std::string& userYaml = "    token: kc-token\n",
                                 const std::string& clusterExtra = "") {
    return "apiVersion: v1\nkind: Config\ncurrent-context: test\nclusters:\n- name: c\n  cluster:\n    "
           "server: " +
           server + "\n" + clusterExtra + "users:\n- name: u\n  user:\n" + userYaml +
           "contexts:\n- name: test\n  context:\n    cluster: c\n    user: u\n    namespace: ns1\n";
}

inline std::string b64(const std::string& s) {
    static const char* tbl = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    size_t i = 0;
    for (; i + 2 < s.size(); i += 3) {
        const unsigned v = (unsigned char)s[i] << 16 | (unsigned char)s[i + 1] << 8 | (unsigned char)s[i + 2];
        out += {tbl[v >> 18 & 63], tbl[v >> 12 & 63], tbl[v >> 6 & 63], tbl[v & 63]};
    }
    if (i + 1 == s.size()) {
        const unsigned v = (unsigned char)s[i] << 16;
        out += {tbl[v >> 18 & 63], tbl[v >> 12 & 63], '=', '='};
    } else if (i + 2 == s.size()) {
        const unsigned v = (unsigned char)s[i] << 16 | (unsigned char)s[i + 1] << 8;
        out += {tbl[v >> 18 & 63], tbl[v >> 12 & 63], tbl[v >> 6 & 63], '='};
    }
    return out;
}

inline std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// CA, server (SAN 127.0.0.1/localhost) and client ("alice", and its renewal "alice-renewed")
// certificates made with the openssl CLI.
struct TestPki {
    explicit TestPki(const TempDir& dir) : d(dir) {
        const std::string p = d.path();
        const std::string cmd =
            "cd " + p +
            " && "
            "openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 2 -subj /CN=test-ca "
            "2>/dev/null && "
            "openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=server "
            "2>/dev/null && "
            "printf 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:api.example.test\\n' > san.ext && "
            "openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt -days "
            "2 -extfile san.ext 2>/dev/null && "
            "openssl req -newkey rsa:2048 -nodes -keyout client.key -out client.csr -subj /CN=alice "
            "2>/dev/null && "
            "openssl x509 -req -in client.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out client.crt -days "
            "2 2>/dev/null && "
            "openssl req -newkey rsa:2048 -nodes -keyout renewed.key -out renewed.csr -subj "
            "/CN=alice-renewed "
            "2>/dev/null && "
            "openssl x509 -req -in renewed.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out renewed.crt "
            "-days 2 2>/dev/null && "
            "openssl req -x509 -newkey rsa:2048 -nodes -keyout other.key -out other.crt -days 2 -subj "
            "/CN=other-ca 2>/dev/null";
        ok = std::system(cmd.c_str()) == 0;
    }
    std::string path(const std::string& n) const { return d.path(n); }
    const TempDir& d;
    bool ok = false;
};

} // namespace kmcp::kube::test
