#include "HttpFetcher.hpp"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/URI.h>

#include <nlohmann/json.hpp>

#include <memory>
#include <mutex>
#include <regex>

namespace kmcp::helm {

namespace {

Poco::Net::Context::Ptr tlsContext() {
    static std::once_flag once;
    static Poco::Net::Context::Ptr ctx;
    std::call_once(once, [] {
        Poco::Net::initializeSSL();
        ctx = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", "",
                                     Poco::Net::Context::VERIFY_STRICT, 9, true);
    });
    return ctx;
}

std::string param(const std::string& challenge, const std::string& key) {
    std::smatch m;
    std::regex re(key + "=\"([^\"]*)\"");
    return std::regex_search(challenge, m, re) ? m[1].str() : std::string();
}

} // namespace

HttpFetcher::Response HttpFetcher::once(const std::string& url, const std::string& accept,
                                        const std::string& bearer) {
    Poco::URI uri(url);
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (uri.getScheme() == "https")
        session = std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(), tlsContext());
    else if (uri.getScheme() == "http")
        session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
    else
        throw SourceError("unsupported URL scheme in " + url);
    session->setTimeout(Poco::Timespan(timeoutSeconds_, 0));
    Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_GET, uri.getPathAndQuery(),
                               Poco::Net::HTTPMessage::HTTP_1_1);
    req.set("User-Agent", "kubernetes-mcp-server-helm");
    if (!accept.empty()) req.set("Accept", accept);
    if (!bearer.empty()) req.set("Authorization", "Bearer " + bearer);
    session->sendRequest(req);
    Poco::Net::HTTPResponse resp;
    auto& in = session->receiveResponse(resp);
    Response out;
    out.status = static_cast<int>(resp.getStatus());
    out.location = resp.get("Location", "");
    out.challenge = resp.get("WWW-Authenticate", "");
    char buf[16384];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
        out.body.append(buf, static_cast<size_t>(in.gcount()));
        if (out.body.size() > maxBytes_)
            throw SourceError("download of " + url + " exceeds " + std::to_string(maxBytes_) + " bytes");
    }
    return out;
}

std::string HttpFetcher::anonymousToken(const std::string& challenge) {
    auto realm = param(challenge, "realm");
    if (realm.empty()) return {};
    std::string url = realm;
    char sep = realm.find('?') == std::string::npos ? '?' : '&';
    for (const char* k : {"service", "scope"}) {
        auto v = param(challenge, k);
        if (v.empty()) continue;
        std::string enc;
        Poco::URI::encode(v, "&=+:/", enc);
        url += sep + std::string(k) + "=" + enc;
        sep = '&';
    }
    auto r = once(url, "application/json", "");
    if (r.status != 200) return {};
    auto j = nlohmann::json::parse(r.body, nullptr, false);
    if (j.is_discarded()) return {};
    return j.value("token", j.value("access_token", ""));
}

std::string HttpFetcher::get(const std::string& url, const std::string& accept) {
    std::string current = url;
    std::string bearer;
    bool triedToken = false;
    try {
        for (int hop = 0; hop < 6; ++hop) {
            auto r = once(current, accept, bearer);
            if (r.status >= 200 && r.status < 300) return r.body;
            if (r.status >= 300 && r.status < 400 && !r.location.empty()) {
                current = Poco::URI(Poco::URI(current), r.location).toString();
                continue;
            }
            if (r.status == 401 && !triedToken && r.challenge.rfind("Bearer", 0) == 0) {
                triedToken = true;
                bearer = anonymousToken(r.challenge);
                if (!bearer.empty()) continue;
            }
            throw SourceError("GET " + current + ": HTTP " + std::to_string(r.status));
        }
    } catch (const Poco::Exception& e) {
        throw SourceError("GET " + current + ": " + e.displayText());
    }
    throw SourceError("GET " + url + ": too many redirects");
}

} // namespace kmcp::helm
