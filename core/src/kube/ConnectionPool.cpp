#include "kube/ConnectionPool.hpp"

#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetSSL.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/URI.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <utility>

namespace kmcp::kube {
namespace {

// HTTPSClientSession verifies (and sends as SNI) the host it connects to; tls-server-name
// replaces that name while the TCP connection still goes to the server URL's host.
class NamedHTTPSClientSession : public Poco::Net::HTTPSClientSession {
public:
    NamedHTTPSClientSession(const std::string& host, Poco::UInt16 port, Poco::Net::Context::Ptr ctx,
                            std::string serverName)
        : HTTPSClientSession(host, port, std::move(ctx)), serverName_(std::move(serverName)) {}

protected:
    void connect(const Poco::Net::SocketAddress& address) override {
        Poco::Net::SecureStreamSocket sss(socket());
        sss.setPeerHostName(serverName_);
        HTTPSClientSession::connect(address);
    }

private:
    std::string serverName_;
};

std::string opensslError() {
    const unsigned long e = ERR_get_error();
    ERR_clear_error();
    if (e == 0) return "unknown OpenSSL error";
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    return buf;
}

struct BioDeleter {
    void operator()(BIO* b) const { BIO_free(b); }
};
using BioPtr = std::unique_ptr<BIO, BioDeleter>;

BioPtr memBio(const std::string& pem) {
    return BioPtr(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
}

Status addCas(SSL_CTX* ctx, const std::string& pem) {
    BioPtr bio = memBio(pem);
    X509_STORE* store = SSL_CTX_get_cert_store(ctx);
    int added = 0;
    while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
        X509_STORE_add_cert(store, cert);
        X509_free(cert);
        ++added;
    }
    ERR_clear_error(); // the loop ends with a "no start line" error
    if (added == 0)
        return makeError(Error::Code::InvalidArgument, "certificate authority contains no PEM certificate");
    return okStatus();
}

Status useClientCert(SSL_CTX* ctx, const std::string& certPem, const std::string& keyPem) {
    BioPtr certBio = memBio(certPem);
    X509* leaf = PEM_read_bio_X509(certBio.get(), nullptr, nullptr, nullptr);
    if (!leaf)
        return makeError(Error::Code::InvalidArgument, "client certificate is not PEM: " + opensslError());
    const int used = SSL_CTX_use_certificate(ctx, leaf);
    X509_free(leaf);
    if (used != 1)
        return makeError(Error::Code::InvalidArgument, "client certificate rejected: " + opensslError());
    while (X509* extra = PEM_read_bio_X509(certBio.get(), nullptr, nullptr, nullptr))
        SSL_CTX_add_extra_chain_cert(ctx, extra); // takes ownership
    ERR_clear_error();
    BioPtr keyBio = memBio(keyPem);
    EVP_PKEY* key = PEM_read_bio_PrivateKey(keyBio.get(), nullptr, nullptr, nullptr);
    if (!key)
        return makeError(Error::Code::InvalidArgument,
                         "client key is not a PEM private key: " + opensslError());
    const int keyUsed = SSL_CTX_use_PrivateKey(ctx, key);
    EVP_PKEY_free(key);
    if (keyUsed != 1 || SSL_CTX_check_private_key(ctx) != 1)
        return makeError(Error::Code::InvalidArgument,
                         "client key does not match the client certificate: " + opensslError());
    return okStatus();
}

} // namespace

Result<Endpoint> parseEndpoint(const std::string& server, const std::string& tlsServerName,
                               const std::string& proxyUrl) {
    Endpoint ep;
    ep.url = server;
    ep.tlsServerName = tlsServerName;
    try {
        const Poco::URI uri(server);
        if (uri.getScheme() != "https" && uri.getScheme() != "http")
            return makeError(Error::Code::InvalidArgument, "cluster server URL must be http(s): " + server);
        if (uri.getHost().empty())
            return makeError(Error::Code::InvalidArgument, "cluster server URL has no host: " + server);
        ep.https = uri.getScheme() == "https";
        ep.host = uri.getHost();
        ep.port = uri.getPort();
        ep.basePath = uri.getPath();
        while (!ep.basePath.empty() && ep.basePath.back() == '/')
            ep.basePath.pop_back();
        if (!proxyUrl.empty()) {
            const Poco::URI proxy(proxyUrl);
            if (proxy.getScheme() != "http")
                return makeError(Error::Code::InvalidArgument,
                                 "only http:// proxy-url is supported: " + proxyUrl);
            ep.proxyHost = proxy.getHost();
            ep.proxyPort = proxy.getPort();
        }
    } catch (const Poco::Exception& e) {
        return makeError(Error::Code::InvalidArgument,
                         "bad cluster server URL " + server + ": " + e.displayText());
    }
    return ep;
}

Result<Poco::Net::Context::Ptr> makeClientContext(const TlsMaterial& tls) {
    static std::once_flag sslInit;
    std::call_once(sslInit, [] { Poco::Net::initializeSSL(); });
    try {
        Poco::Net::Context::Params params;
        params.verificationMode =
            tls.insecure ? Poco::Net::Context::VERIFY_NONE : Poco::Net::Context::VERIFY_RELAXED;
        params.loadDefaultCAs = tls.caPem.empty() && !tls.insecure;
        params.cipherList = "HIGH:!aNULL:!MD5";
        Poco::Net::Context::Ptr ctx = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
        SSL_CTX* raw = ctx->sslContext();
        if (!tls.caPem.empty() && !tls.insecure) {
            if (auto st = addCas(raw, tls.caPem); !st) return st.error();
        }
        if (!tls.certPem.empty() || !tls.keyPem.empty()) {
            if (auto st = useClientCert(raw, tls.certPem, tls.keyPem); !st) return st.error();
        }
        return ctx;
    } catch (const Poco::Exception& e) {
        return makeError(Error::Code::InvalidArgument, "cannot set up TLS: " + e.displayText());
    }
}

ConnectionPool::ConnectionPool(Endpoint endpoint, Poco::Net::Context::Ptr context, size_t maxIdle,
                               size_t maxActive, std::chrono::milliseconds connectTimeout)
    : endpoint_(std::move(endpoint)), context_(std::move(context)), maxIdle_(maxIdle),
      maxActive_(std::max<size_t>(1, maxActive)), connectTimeout_(connectTimeout) {}

ConnectionPool::Lease::Lease(Lease&& other) noexcept
    : session(std::move(other.session)), reused(other.reused), pool_(std::exchange(other.pool_, nullptr)) {}

ConnectionPool::Lease& ConnectionPool::Lease::operator=(Lease&& other) noexcept {
    if (this != &other) {
        if (pool_) pool_->freeSlot();
        session = std::move(other.session);
        reused = other.reused;
        pool_ = std::exchange(other.pool_, nullptr);
    }
    return *this;
}

ConnectionPool::Lease::~Lease() {
    session.reset();
    if (pool_) pool_->freeSlot();
}

void ConnectionPool::freeSlot() {
    {
        std::lock_guard lock(mu_);
        if (active_ > 0) --active_;
    }
    slotFreed_.notify_one();
}

Result<ConnectionPool::Lease> ConnectionPool::acquire(bool freshOnly, std::chrono::milliseconds wait) {
    Lease lease;
    {
        std::unique_lock lock(mu_);
        if (!slotFreed_.wait_for(lock, wait, [&] { return active_ < maxActive_; }))
            return makeError(Error::Code::Unavailable,
                             "all " + std::to_string(maxActive_) + " connections to " + endpoint_.url +
                                 " stayed busy for " + std::to_string(wait.count()) + " ms");
        ++active_;
        lease.pool_ = this;
        if (!freshOnly && !idle_.empty()) {
            lease.session = std::move(idle_.back());
            idle_.pop_back();
            lease.reused = true;
            return lease;
        }
    }
    lease.session = fresh();
    return lease;
}

std::unique_ptr<Poco::Net::HTTPClientSession> ConnectionPool::fresh() {
    std::unique_ptr<Poco::Net::HTTPClientSession> s;
    if (endpoint_.https) {
        if (!endpoint_.tlsServerName.empty())
            s = std::make_unique<NamedHTTPSClientSession>(endpoint_.host, endpoint_.port, context_,
                                                          endpoint_.tlsServerName);
        else
            s = std::make_unique<Poco::Net::HTTPSClientSession>(endpoint_.host, endpoint_.port, context_);
    } else {
        s = std::make_unique<Poco::Net::HTTPClientSession>(endpoint_.host, endpoint_.port);
    }
    if (!endpoint_.proxyHost.empty()) s->setProxy(endpoint_.proxyHost, endpoint_.proxyPort);
    s->setKeepAlive(true);
    const Poco::Timespan t(std::chrono::duration_cast<std::chrono::microseconds>(connectTimeout_).count());
    s->setTimeout(t, t, t);
    return s;
}

void ConnectionPool::release(Lease& lease) {
    if (lease.pool_ != this) return;
    std::unique_ptr<Poco::Net::HTTPClientSession> session = std::move(lease.session);
    if (session && session->connected()) {
        std::lock_guard lock(mu_);
        if (idle_.size() < maxIdle_) idle_.push_back(std::move(session));
    }
    lease.pool_ = nullptr;
    freeSlot();
}

size_t ConnectionPool::idle() const {
    std::lock_guard lock(mu_);
    return idle_.size();
}

} // namespace kmcp::kube
