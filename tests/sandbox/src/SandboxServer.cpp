#include "SandboxServer.hpp"

#include "ApiRequestHandler.hpp"
#include "KubeconfigWriter.hpp"
#include "Seed.hpp"
#include "SelfSignedCert.hpp"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace kmcp::sandbox {

SandboxServer::SandboxServer(SandboxOptions options)
    : options_(std::move(options)), context_(std::make_unique<SandboxContext>(options_.openshift)) {}

SandboxServer::~SandboxServer() {
    stop();
    if (!generatedTlsDir_.empty()) {
        std::remove((generatedTlsDir_ + "/tls.crt").c_str());
        std::remove((generatedTlsDir_ + "/tls.key").c_str());
        std::remove(generatedTlsDir_.c_str());
    }
}

std::string SandboxServer::url() const {
    bool tls = !options_.tlsCert.empty() || options_.tlsSelfSigned;
    std::string host =
        options_.bind.find(':') != std::string::npos ? "[" + options_.bind + "]" : options_.bind;
    return std::string(tls ? "https://" : "http://") + host + ":" + std::to_string(port_);
}

void SandboxServer::start() {
    if (options_.seed != "default" && options_.seed != "none") {
        throw std::runtime_error("--seed must be 'default' or 'none'");
    }
    seedUsers(context_->authenticator);
    if (!options_.tokensFile.empty()) {
        context_->authenticator.loadTokenFile(options_.tokensFile);
    }
    if (options_.oidcEnabled) {
        context_->authenticator.enableOidc(options_.oidc);
    }
    context_->latencyMs = options_.latencyMs;
    seedBase(*context_);
    if (options_.seed == "default") {
        seedDefault(*context_);
    }

    if (options_.tlsSelfSigned && options_.tlsCert.empty()) {
        char dir[] = "/tmp/kube-sandbox-tls-XXXXXX";
        if (mkdtemp(dir) == nullptr) {
            throw std::runtime_error("cannot create a directory for the generated certificate");
        }
        generatedTlsDir_ = dir;
        PemPair pem = generateSelfSigned({"localhost"}, {"127.0.0.1", "::1"});
        std::ofstream(generatedTlsDir_ + "/tls.crt") << pem.certificate;
        std::ofstream(generatedTlsDir_ + "/tls.key") << pem.privateKey;
        options_.tlsCert = generatedTlsDir_ + "/tls.crt";
        options_.tlsKey = generatedTlsDir_ + "/tls.key";
    }
    Poco::Net::SocketAddress address(options_.bind, static_cast<Poco::UInt16>(options_.port));
    std::unique_ptr<Poco::Net::ServerSocket> socket;
    std::string caPem;
    if (!options_.tlsCert.empty()) {
        if (options_.tlsKey.empty()) {
            throw std::runtime_error("--tls-cert needs --tls-key");
        }
        Poco::Net::initializeSSL();
        Poco::Net::Context::Ptr tls =
            new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, options_.tlsKey, options_.tlsCert, "",
                                   Poco::Net::Context::VERIFY_NONE);
        socket = std::make_unique<Poco::Net::SecureServerSocket>(address, 256, tls);
        std::ifstream cert(options_.tlsCert);
        std::stringstream buffer;
        buffer << cert.rdbuf();
        caPem = buffer.str();
    } else {
        socket = std::make_unique<Poco::Net::ServerSocket>(address, 256);
    }
    port_ = socket->address().port();

    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(options_.maxThreads);
    params->setMaxQueued(1024);
    params->setKeepAlive(true);
    params->setMaxKeepAliveRequests(0);
    params->setKeepAliveTimeout(Poco::Timespan(60, 0));
    params->setTimeout(Poco::Timespan(60, 0));
    params->setServerName("kube-sandbox");
    pool_ = std::make_unique<Poco::ThreadPool>(8, options_.maxThreads, 60);
    server_ = std::make_unique<Poco::Net::HTTPServer>(new ApiRequestHandlerFactory(*context_), *pool_,
                                                      *socket, params);
    server_->start();

    if (!options_.kubeconfigPath.empty()) {
        writeKubeconfig(options_.kubeconfigPath,
                        renderKubeconfig(url(), caPem,
                                         {{"sandbox-admin", "admin-token", "default"},
                                          {"sandbox-alice", "alice-token", "dev"},
                                          {"sandbox-bob", "bob-token", "qa"}}));
    }
    if (!options_.readyFile.empty()) {
        std::string tmp = options_.readyFile + ".tmp";
        {
            std::ofstream out(tmp, std::ios::trunc);
            out << port_ << "\n";
        }
        std::rename(tmp.c_str(), options_.readyFile.c_str());
    }
}

void SandboxServer::stop() {
    context_->stopping = true;
    if (server_) {
        server_->stopAll(true);
        server_.reset();
    }
    if (pool_) {
        pool_->joinAll();
        pool_.reset();
    }
}

} // namespace kmcp::sandbox
