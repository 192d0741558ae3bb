#include "auth/IdpHttpClient.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Timespan.h>
#include <Poco/URI.h>

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <fmt/format.h>

#include <istream>
#include <map>
#include <mutex>

namespace kmcp::auth {

// One TLS context per host: OpenSSL checks the peer's name against the context's verify
// parameters, so each host gets a context that names it.
struct IdpHttpClient::Tls {
    std::mutex mu;
    std::map<std::string, Poco::Net::Context::Ptr> byHost;
};

namespace {

constexpr size_t kMaxTlsHosts = 16; // discovery, JWKS and token endpoint: a handful of hosts

Error unavailable(std::string msg) {
    return makeError(Error::Code::Unavailable, std::move(msg));
}

Result<Poco::Net::Context::Ptr> makeContext(const std::string& caFile, const std::string& host) {
    try {
        Poco::Net::Context::Ptr ctx =
            new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", caFile,
                                   Poco::Net::Context::VERIFY_RELAXED, 9, /*loadDefaultCAs=*/true);
        ctx->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
        // OpenSSL's own verification fails the handshake on a bad chain or a wrong name. Poco's
        // callback would instead consult a process-wide "invalid certificate handler", which by
        // default may prompt on the console; we never want a prompt, only a refusal.
        SSL_CTX_set_verify(ctx->sslContext(), SSL_VERIFY_PEER, nullptr);
        X509_VERIFY_PARAM* param = SSL_CTX_get0_param(ctx->sslContext());
        X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
        if (X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str()) != 1 &&
            X509_VERIFY_PARAM_set1_host(param, host.c_str(), host.size()) != 1)
            return unavailable(fmt::format("cannot set up the TLS name check for {}", host));
        return ctx;
    } catch (const Poco::Exception& e) {
        return unavailable(fmt::format("cannot load certificate_authority {}: {}", caFile, e.displayText()));
    }
}

} // namespace

IdpHttpClient::IdpHttpClient(std::string caFile, std::chrono::milliseconds timeout, size_t maxResponseBytes)
    : caFile_(std::move(caFile)), timeout_(timeout), maxResponseBytes_(maxResponseBytes),
      tls_(std::make_unique<Tls>()) {
    static std::once_flag sslInit;
    std::call_once(sslInit, [] { Poco::Net::initializeSSL(); });
}

IdpHttpClient::~IdpHttpClient() = default;

Result<IdpResponse> IdpHttpClient::send(const IdpRequest& request) const {
    Poco::URI uri;
    try {
        uri = Poco::URI(request.url);
    } catch (const Poco::Exception&) {
        return makeError(Error::Code::InvalidArgument, "invalid identity provider URL");
    }
    const std::string scheme = uri.getScheme();
    if (scheme != "https" && scheme != "http")
        return makeError(Error::Code::InvalidArgument, "identity provider URL must be http(s)");
    const std::string where = fmt::format("{}://{}:{}", scheme, uri.getHost(), uri.getPort());
    Poco::Net::Context::Ptr context;
    if (scheme == "https") {
        std::lock_guard lk(tls_->mu);
        auto it = tls_->byHost.find(uri.getHost());
        if (it == tls_->byHost.end()) {
            auto made = makeContext(caFile_, uri.getHost());
            if (!made) return made.error();
            if (tls_->byHost.size() >= kMaxTlsHosts) tls_->byHost.clear();
            it = tls_->byHost.emplace(uri.getHost(), made.value()).first;
        }
        context = it->second;
    }
    try {
        std::unique_ptr<Poco::Net::HTTPClientSession> session;
        if (scheme == "https")
            session = std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(), context);
        else
            session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
        const Poco::Timespan t(std::chrono::duration_cast<std::chrono::microseconds>(timeout_).count());
        session->setTimeout(t, t, t);
        session->setKeepAlive(false);

        Poco::Net::HTTPRequest req(request.method,
                                   uri.getPathAndQuery().empty() ? "/" : uri.getPathAndQuery(),
                                   Poco::Net::HTTPMessage::HTTP_1_1);
        req.set("Accept", "application/json");
        for (const auto& [name, value] : request.headers)
            req.set(name, value);
        if (!request.body.empty() || request.method == "POST") {
            req.setContentType(request.contentType);
            req.setContentLength(std::streamsize(request.body.size()));
        }
        session->sendRequest(req) << request.body;

        Poco::Net::HTTPResponse resp;
        std::istream& in = session->receiveResponse(resp);
        IdpResponse out;
        out.status = int(resp.getStatus());
        out.contentType = resp.getContentType();
        char buf[8192];
        while (in.read(buf, sizeof buf) || in.gcount() > 0) {
            out.body.append(buf, size_t(in.gcount()));
            if (out.body.size() > maxResponseBytes_)
                return unavailable(fmt::format("identity provider {} sent an oversized response", where));
        }
        return out;
    } catch (const Poco::TimeoutException&) {
        return unavailable(fmt::format("identity provider {} timed out", where));
    } catch (const Poco::Exception& e) {
        return unavailable(fmt::format("identity provider {} unreachable: {}", where, e.displayText()));
    } catch (const std::exception& e) {
        return unavailable(fmt::format("identity provider {} unreachable: {}", where, e.what()));
    }
}

} // namespace kmcp::auth
