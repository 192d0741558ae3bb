#include "kube/ClusterConnection.hpp"

#include "kube/ApiStatus.hpp"
#include "obs/Log.hpp"

#include <Poco/Base64Encoder.h>
#include <Poco/Exception.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/String.h>

#include <algorithm>
#include <sstream>
#include <utility>

namespace kmcp::kube {
namespace {

bool idempotent(const std::string& method) {
    return method == "GET" || method == "HEAD" || method == "OPTIONS" || method == "PUT" ||
           method == "DELETE";
}

std::string basicAuth(const std::string& user, const std::string& password) {
    std::ostringstream out;
    Poco::Base64Encoder enc(out);
    enc.rdbuf()->setLineLength(0);
    enc << user << ':' << password;
    enc.close();
    return "Basic " + out.str();
}

std::string trimToken(std::string s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.pop_back();
    size_t i = 0;
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i])))
        ++i;
    return s.substr(i);
}

Poco::Timespan span(std::chrono::milliseconds ms) {
    return Poco::Timespan(std::chrono::duration_cast<std::chrono::microseconds>(ms).count());
}

// Identity and framing are the host's: a caller-supplied Authorization or Impersonate-* header
// would change who the request runs as, and framing headers would corrupt the exchange.
bool callerMaySet(const std::string& name) {
    for (const char* reserved :
         {"Authorization", "Host", "Content-Length", "Transfer-Encoding", "Connection", "Upgrade",
          "Sec-WebSocket-Protocol", "Sec-WebSocket-Key", "Sec-WebSocket-Version", "Proxy-Authorization"})
        if (Poco::icompare(name, reserved) == 0) return false;
    return Poco::icompare(name.substr(0, std::min<size_t>(name.size(), 12)), "Impersonate-") != 0;
}

enum class Failure { None, Stale, Timeout, Other };

} // namespace

ClusterConnection::ClusterConnection(Endpoint endpoint, ClusterOptions options, TlsMaterial serverTls,
                                     UserEntry user)
    : endpoint_(std::move(endpoint)), options_(options), serverTls_(std::move(serverTls)),
      user_(std::move(user)) {}

Result<std::unique_ptr<ClusterConnection>>
ClusterConnection::create(const ClusterEntry& cluster, const UserEntry* user, const ClusterOptions& options) {
    auto ep = parseEndpoint(cluster.server, cluster.tlsServerName, cluster.proxyUrl);
    if (!ep) return ep.error();
    TlsMaterial tls;
    tls.insecure = cluster.insecureSkipTlsVerify;
    tls.caPem = cluster.certificateAuthorityData;
    if (tls.caPem.empty() && !cluster.certificateAuthority.empty()) {
        auto ca = readFileText(cluster.certificateAuthority);
        if (!ca)
            return makeError(Error::Code::InvalidArgument, "cluster " + cluster.name +
                                                               ": cannot read certificate-authority " +
                                                               cluster.certificateAuthority);
        tls.caPem = std::move(ca.value());
    }
    std::unique_ptr<ClusterConnection> conn(
        new ClusterConnection(std::move(ep.value()), options, tls, user ? *user : UserEntry{}));
    if (user) {
        conn->userCertPem_ = user->clientCertificateData;
        conn->userKeyPem_ = user->clientKeyData;
        if (conn->userCertPem_.empty() && !user->clientCertificate.empty())
            conn->certFile_.emplace(user->clientCertificate);
        if (conn->userKeyPem_.empty() && !user->clientKey.empty()) conn->keyFile_.emplace(user->clientKey);
        if (!user->tokenFile.empty()) conn->tokenFile_.emplace(user->tokenFile, 1024 * 1024);
        // Unreadable certificate files are a configuration error at startup, not on first use.
        if (auto identity = conn->kubeconfigIdentity(); !identity)
            return makeError(Error::Code::InvalidArgument,
                             "user " + user->name + ": " + identity.error().message);
        if (user->exec)
            conn->exec_ = std::make_unique<ExecCredentialProvider>(*user->exec, cluster.server, tls.caPem,
                                                                   tls.insecure);
    }
    // Build the anonymous pool now so TLS configuration errors surface at startup.
    auto anon = conn->pool("anon", "", "");
    if (!anon) return anon.error();
    return conn;
}

Result<std::shared_ptr<ConnectionPool>>
ClusterConnection::pool(const std::string& key, const std::string& certPem, const std::string& keyPem) {
    std::lock_guard lock(mu_);
    if (auto it = pools_.find(key);
        it != pools_.end() && (poolCert_[key] == certPem || rejected_[key] == certPem + keyPem))
        return it->second;
    Poco::Net::Context::Ptr ctx;
    if (endpoint_.https) {
        TlsMaterial tls = serverTls_;
        tls.certPem = certPem;
        tls.keyPem = keyPem;
        auto made = makeClientContext(tls);
        if (!made) {
            // A certificate renewed before its key (or the reverse) does not match for a moment:
            // the previous identity keeps serving until both files are new.
            if (auto it = pools_.find(key); it != pools_.end()) {
                if (std::exchange(rejected_[key], certPem + keyPem) != certPem + keyPem)
                    obs::warn("kube: keeping the previous client certificate for {}: {}", endpoint_.url,
                              made.error().message);
                return it->second;
            }
            return made.error();
        }
        ctx = made.value();
    }
    auto p = std::make_shared<ConnectionPool>(endpoint_, ctx, options_.maxIdleConnections,
                                              options_.maxConnections, options_.connectTimeout);
    pools_[key] = p;
    poolCert_[key] = certPem;
    return p;
}

Result<std::string> ClusterConnection::tokenFromFile() {
    std::lock_guard lock(mu_);
    auto text = tokenFile_->text();
    if (!text) return makeError(Error::Code::Unauthenticated, "cannot read token file " + tokenFile_->path());
    return trimToken(std::move(text.value()));
}

Result<ClusterConnection::Identity> ClusterConnection::kubeconfigIdentity() {
    Identity out{userCertPem_, userKeyPem_};
    std::lock_guard lock(mu_);
    if (certFile_) {
        auto cert = certFile_->text();
        if (!cert)
            return makeError(Error::Code::InvalidArgument,
                             "cannot read client-certificate " + certFile_->path());
        out.certPem = std::move(cert.value());
    }
    if (keyFile_) {
        auto key = keyFile_->text();
        if (!key)
            return makeError(Error::Code::InvalidArgument, "cannot read client-key " + keyFile_->path());
        out.keyPem = std::move(key.value());
    }
    return out;
}

Result<ClusterConnection::Prepared> ClusterConnection::prepare(const Credentials& creds) {
    Prepared out;
    if (creds.kind == Credentials::Kind::Bearer) {
        auto p = pool("anon", "", "");
        if (!p) return p.error();
        out.pool = p.value();
        if (!creds.token.empty()) out.authorization = "Bearer " + creds.token;
        return out;
    }
    auto identity = kubeconfigIdentity();
    if (!identity) return identity.error();
    std::string certPem = std::move(identity->certPem);
    std::string keyPem = std::move(identity->keyPem);
    std::string key = certPem.empty() ? "anon" : "kubeconfig";
    if (!user_.token.empty()) {
        out.authorization = "Bearer " + user_.token;
    } else if (tokenFile_) {
        auto t = tokenFromFile();
        if (!t) return t.error();
        out.authorization = "Bearer " + t.value();
    } else if (exec_) {
        auto cred = exec_->get();
        if (!cred) return cred.error();
        out.usedExec = true;
        if (!cred->token.empty()) out.authorization = "Bearer " + cred->token;
        if (!cred->clientCertificateData.empty()) {
            certPem = cred->clientCertificateData;
            keyPem = cred->clientKeyData;
            key = "exec";
        }
    } else if (!user_.username.empty()) {
        out.authorization = basicAuth(user_.username, user_.password);
    }
    auto p = pool(key, certPem, keyPem);
    if (!p) return p.error();
    out.pool = p.value();
    return out;
}

void ClusterConnection::unauthorized(const Prepared& prepared) {
    if (prepared.usedExec && exec_) exec_->invalidate();
}

std::string ClusterConnection::target(const std::string& path, const std::string& query) const {
    std::string t = endpoint_.basePath + (path.empty() || path[0] != '/' ? "/" : "") + path;
    if (!query.empty()) t += "?" + query;
    return t;
}

std::chrono::milliseconds ClusterConnection::timeoutFor(const Request& request) const {
    return request.timeout.count() > 0 ? request.timeout : options_.requestTimeout;
}

Error ClusterConnection::unreachable(const std::string& reason) const {
    return Error{Error::Code::Unavailable,
                 "cannot reach the Kubernetes API server at " + endpoint_.url + ": " + reason};
}

void ClusterConnection::applyHeaders(Poco::Net::HTTPRequest& http, const Request& request,
                                     const std::string& authorization) const {
    for (const auto& [k, v] : request.headers) {
        if (!callerMaySet(k)) continue;
        http.set(k, v);
    }
    http.set("Accept", request.accept.empty() ? std::string("application/json") : request.accept);
    http.set("User-Agent", "kubernetes-mcp-server/" KMCP_VERSION);
    // Through SOCKS5 the session's own host is the proxy's.
    if (endpoint_.proxy == Endpoint::Proxy::Socks5) http.setHost(endpoint_.host, endpoint_.port);
    if (!authorization.empty()) http.set("Authorization", authorization);
    if (!request.body.empty() || request.method == "POST" || request.method == "PUT" ||
        request.method == "PATCH") {
        http.setContentType(request.contentType.empty() ? std::string("application/json")
                                                        : request.contentType);
        http.setContentLength(static_cast<std::streamsize>(request.body.size()));
    }
}

Result<Response> ClusterConnection::send(const Request& request, const Credentials& creds,
                                         const std::atomic<bool>* cancel) {
    const std::chrono::milliseconds timeout = timeoutFor(request);
    bool authRetried = false;
    bool forceFresh = false;
    for (int attempt = 0; attempt < 3; ++attempt) {
        if (cancel && cancel->load()) return Error{Error::Code::Cancelled, "request cancelled"};
        auto prepared = prepare(creds);
        if (!prepared) return prepared.error();
        auto acquired = prepared->pool->acquire(forceFresh, timeout);
        if (!acquired) return acquired.error();
        ConnectionPool::Lease lease = std::move(acquired.value());
        if (!lease.reused) countOpened();
        Poco::Net::HTTPRequest http(request.method, target(request.path, request.query),
                                    Poco::Net::HTTPMessage::HTTP_1_1);
        applyHeaders(http, request, prepared->authorization);
        Response out;
        Failure failure = Failure::None;
        std::string reason;
        try {
            lease.session->setTimeout(span(options_.connectTimeout), span(timeout), span(timeout));
            std::ostream& os = lease.session->sendRequest(http);
            if (!request.body.empty())
                os.write(request.body.data(), static_cast<std::streamsize>(request.body.size()));
            Poco::Net::HTTPResponse res;
            std::istream& is = lease.session->receiveResponse(res);
            out.status = static_cast<int>(res.getStatus());
            out.contentType = res.getContentType();
            for (const auto& [k, v] : res)
                out.headers.emplace_back(k, v);
            char buf[16384];
            while (is.read(buf, sizeof buf) || is.gcount() > 0) {
                out.body.append(buf, static_cast<size_t>(is.gcount()));
                if (out.body.size() > options_.maxResponseBytes)
                    return Error{Error::Code::TooLarge, "the Kubernetes API response is larger than " +
                                                            std::to_string(options_.maxResponseBytes) +
                                                            " bytes"};
            }
            if (is.bad()) throw Poco::IOException("connection closed while reading the response body");
            if (res.getKeepAlive()) prepared->pool->release(lease);
            if (!out.ok()) out.message = statusMessage(out.status, out.body, res.getReason());
        } catch (const Poco::TimeoutException& e) {
            failure = Failure::Timeout;
        } catch (const Poco::Net::NoMessageException& e) {
            failure = Failure::Stale;
            reason = e.displayText();
        } catch (const Poco::Net::ConnectionResetException& e) {
            failure = Failure::Stale;
            reason = e.displayText();
        } catch (const Poco::Exception& e) {
            failure = Failure::Other;
            reason = e.displayText();
        } catch (const std::exception& e) {
            failure = Failure::Other;
            reason = e.what();
        }
        if (failure == Failure::Timeout)
            return Error{Error::Code::Timeout, "the Kubernetes API server at " + endpoint_.url +
                                                   " did not answer " + request.method + " " + request.path +
                                                   " within " + std::to_string(timeout.count()) + " ms"};
        if (failure != Failure::None) {
            // A pooled keep-alive connection the server already closed: retry once on a new one.
            if (lease.reused && attempt == 0 && idempotent(request.method)) {
                obs::info(5, "retrying {} {} on a new connection: {}", request.method, request.path, reason);
                forceFresh = true;
                continue;
            }
            return unreachable(reason);
        }
        if (out.status == 401 && prepared->usedExec && !authRetried && idempotent(request.method)) {
            unauthorized(prepared.value());
            authRetried = true;
            continue;
        }
        if (out.status == 401) unauthorized(prepared.value());
        return out;
    }
    return unreachable("no usable connection after retrying");
}

} // namespace kmcp::kube
