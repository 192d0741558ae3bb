#include "kube/ConnectionPool.hpp"

#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/IPAddress.h>
#include <Poco/Net/NetException.h>
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

// Throws Poco::Net::NetException with `what` when the proxy closes before `n` bytes arrived.
void receiveExactly(Poco::Net::StreamSocket& socket, unsigned char* buf, int n, const char* what) {
    for (int got = 0; got < n;) {
        const int r = socket.receiveBytes(buf + got, n - got);
        if (r <= 0) throw Poco::Net::NetException(std::string("SOCKS5 proxy closed the connection ") + what);
        got += r;
    }
}

void sendAll(Poco::Net::StreamSocket& socket, const std::string& bytes) {
    for (size_t sent = 0; sent < bytes.size();)
        sent +=
            static_cast<size_t>(socket.sendBytes(bytes.data() + sent, static_cast<int>(bytes.size() - sent)));
}

std::string socks5Refusal(unsigned char code) {
    switch (code) {
    case 1:
        return "general failure";
    case 2:
        return "not allowed by its rules";
    case 3:
        return "network unreachable";
    case 4:
        return "host unreachable";
    case 5:
        return "connection refused";
    case 6:
        return "TTL expired";
    case 7:
        return "command not supported";
    case 8:
        return "address type not supported";
    default:
        return "reply code " + std::to_string(code);
    }
}

// Connects to the SOCKS5 proxy at `proxy` and has it open a TCP tunnel to the API server
// (RFC 1928; username/password per RFC 1929 when the proxy URL carries them). The server's name
// goes to the proxy unresolved: a tunnel into a private network resolves names there.
Poco::Net::StreamSocket socks5Tunnel(const Poco::Net::SocketAddress& proxy, const Endpoint& ep,
                                     const Poco::Timespan& timeout) {
    Poco::Net::StreamSocket socket;
    socket.connect(proxy, timeout);
    socket.setNoDelay(true);
    socket.setReceiveTimeout(timeout);
    const bool withPassword = !ep.proxyUser.empty();
    sendAll(socket, withPassword ? std::string("\x05\x01\x02", 3) : std::string("\x05\x01\x00", 3));
    unsigned char choice[2];
    receiveExactly(socket, choice, 2, "during the greeting");
    if (choice[0] != 5) throw Poco::Net::NetException("proxy-url does not answer as a SOCKS5 proxy");
    if (choice[1] == 2 && withPassword) {
        if (ep.proxyUser.size() > 255 || ep.proxyPassword.size() > 255)
            throw Poco::Net::NetException("SOCKS5 user name or password longer than 255 bytes");
        std::string auth("\x01", 1);
        auth += static_cast<char>(ep.proxyUser.size());
        auth += ep.proxyUser;
        auth += static_cast<char>(ep.proxyPassword.size());
        auth += ep.proxyPassword;
        sendAll(socket, auth);
        unsigned char verdict[2];
        receiveExactly(socket, verdict, 2, "during authentication");
        if (verdict[1] != 0) throw Poco::Net::NetException("SOCKS5 proxy refused the user name and password");
    } else if (choice[1] != 0) {
        throw Poco::Net::NetException(withPassword
                                          ? "SOCKS5 proxy accepts none of our authentication methods"
                                          : "SOCKS5 proxy requires authentication (put user:password "
                                            "in proxy-url)");
    }
    std::string connect("\x05\x01\x00", 3);
    Poco::Net::IPAddress ip;
    if (Poco::Net::IPAddress::tryParse(ep.host, ip)) {
        connect += ip.family() == Poco::Net::IPAddress::IPv4 ? '\x01' : '\x04';
        connect.append(static_cast<const char*>(ip.addr()), ip.length());
    } else {
        if (ep.host.size() > 255) throw Poco::Net::NetException("API server host name longer than 255 bytes");
        connect += '\x03';
        connect += static_cast<char>(ep.host.size());
        connect += ep.host;
    }
    connect += static_cast<char>(ep.port >> 8);
    connect += static_cast<char>(ep.port & 0xff);
    sendAll(socket, connect);
    unsigned char reply[4];
    receiveExactly(socket, reply, 4, "before answering CONNECT");
    if (reply[0] != 5) throw Poco::Net::NetException("proxy-url does not answer as a SOCKS5 proxy");
    if (reply[1] != 0)
        throw Poco::Net::NetException("SOCKS5 proxy " + proxy.toString() + " could not connect to " +
                                      ep.host + ":" + std::to_string(ep.port) + ": " +
                                      socks5Refusal(reply[1]));
    // The address the proxy bound: skipped, the tunnel is what matters.
    unsigned char bound[258];
    int rest = 0;
    if (reply[3] == 1) {
        rest = 4 + 2;
    } else if (reply[3] == 4) {
        rest = 16 + 2;
    } else if (reply[3] == 3) {
        receiveExactly(socket, bound, 1, "in its CONNECT answer");
        rest = bound[0] + 2;
    } else {
        throw Poco::Net::NetException("SOCKS5 proxy answered with an unknown address type");
    }
    receiveExactly(socket, bound, rest, "in its CONNECT answer");
    return socket;
}

// With a SOCKS5 proxy the session's own host and port are the proxy's (Poco resolves and hands
// connect() that address), and connect() builds the tunnel; ClusterConnection sets Host itself.
class SocksHTTPClientSession : public Poco::Net::HTTPClientSession {
public:
    SocksHTTPClientSession(const Endpoint& endpoint, Poco::Timespan connectTimeout)
        : HTTPClientSession(endpoint.proxyHost, endpoint.proxyPort), endpoint_(endpoint),
          connectTimeout_(connectTimeout) {}

protected:
    void connect(const Poco::Net::SocketAddress& proxy) override {
        attachSocket(socks5Tunnel(proxy, endpoint_, connectTimeout_));
    }

private:
    const Endpoint& endpoint_; // the pool's, which outlives its sessions
    const Poco::Timespan connectTimeout_;
};

// HTTPSClientSession verifies (and sends as SNI) the host it connects to; tls-server-name
// replaces that name, while the TCP connection goes to the server URL's host or through SOCKS5.
class ApiHTTPSClientSession : public Poco::Net::HTTPSClientSession {
public:
    ApiHTTPSClientSession(const Endpoint& endpoint, const Poco::Net::Context::Ptr& ctx,
                          Poco::Timespan connectTimeout)
        : HTTPSClientSession(socks(endpoint) ? endpoint.proxyHost : endpoint.host,
                             socks(endpoint) ? endpoint.proxyPort : endpoint.port, ctx),
          endpoint_(endpoint), context_(ctx), connectTimeout_(connectTimeout) {}

protected:
    void connect(const Poco::Net::SocketAddress& address) override {
        const std::string& peer = endpoint_.tlsServerName.empty() ? endpoint_.host : endpoint_.tlsServerName;
        if (!socks(endpoint_)) {
            Poco::Net::SecureStreamSocket sss(socket());
            sss.setPeerHostName(peer);
            HTTPSClientSession::connect(address);
            return;
        }
        attachSocket(Poco::Net::SecureStreamSocket::attach(socks5Tunnel(address, endpoint_, connectTimeout_),
                                                           peer, context_));
    }

private:
    static bool socks(const Endpoint& endpoint) { return endpoint.proxy == Endpoint::Proxy::Socks5; }
    const Endpoint& endpoint_;
    const Poco::Net::Context::Ptr context_;
    const Poco::Timespan connectTimeout_;
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
            if (proxy.getScheme() == "http")
                ep.proxy = Endpoint::Proxy::Http;
            else if (proxy.getScheme() == "socks5" || proxy.getScheme() == "socks5h")
                ep.proxy = Endpoint::Proxy::Socks5;
            else
                return makeError(Error::Code::InvalidArgument,
                                 "proxy-url must be http:// or socks5://: " + proxyUrl);
            if (proxy.getHost().empty())
                return makeError(Error::Code::InvalidArgument, "proxy-url has no host: " + proxyUrl);
            ep.proxyHost = proxy.getHost();
            ep.proxyPort = proxy.getScheme() == "http"     ? proxy.getPort()
                           : proxy.getSpecifiedPort() != 0 ? proxy.getSpecifiedPort()
                                                           : uint16_t{1080};
            const std::string& info = proxy.getUserInfo();
            const size_t colon = info.find(':');
            Poco::URI::decode(info.substr(0, colon), ep.proxyUser);
            if (colon != std::string::npos) Poco::URI::decode(info.substr(colon + 1), ep.proxyPassword);
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
    const Poco::Timespan t(std::chrono::duration_cast<std::chrono::microseconds>(connectTimeout_).count());
    std::unique_ptr<Poco::Net::HTTPClientSession> s;
    if (endpoint_.https)
        s = std::make_unique<ApiHTTPSClientSession>(endpoint_, context_, t);
    else if (endpoint_.proxy == Endpoint::Proxy::Socks5)
        s = std::make_unique<SocksHTTPClientSession>(endpoint_, t);
    else
        s = std::make_unique<Poco::Net::HTTPClientSession>(endpoint_.host, endpoint_.port);
    if (endpoint_.proxy == Endpoint::Proxy::Http) {
        s->setProxy(endpoint_.proxyHost, endpoint_.proxyPort);
        if (!endpoint_.proxyUser.empty())
            s->setProxyCredentials(endpoint_.proxyUser, endpoint_.proxyPassword);
    }
    s->setKeepAlive(true);
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
