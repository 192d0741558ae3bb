#include "app/OAuthGuard.hpp"

#include "auth/Bearer.hpp"
#include "http/HttpServer.hpp"
#include "obs/Log.hpp"

#include <Poco/Net/HTTPServerRequest.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace kmcp::app {
namespace {

constexpr const char* kProtectedResourcePath = "/.well-known/oauth-protected-resource";

// Scopes that only shape ID tokens and userinfo (OpenID Connect Core §5.4, §11).
bool isIdentityScope(const std::string& scope) {
    static constexpr std::array<const char*, 6> kIdentity{"openid",  "profile", "email",
                                                          "address", "phone",   "offline_access"};
    return std::any_of(kIdentity.begin(), kIdentity.end(), [&](const char* s) { return scope == s; });
}

// A Host value used inside URLs we publish: host name, IPv4/IPv6 literal and port only, so a
// hostile Host header cannot inject anything into a metadata document.
bool plausibleHost(const std::string& host) {
    if (host.empty() || host.size() > 255) return false;
    return std::all_of(host.begin(), host.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' || c == '[' ||
               c == ']' || c == '_';
    });
}

std::string firstListItem(const std::string& value) {
    std::string first = value.substr(0, value.find(','));
    const auto b = first.find_first_not_of(" \t");
    if (b == std::string::npos) return "";
    const auto e = first.find_last_not_of(" \t");
    return first.substr(b, e - b + 1);
}

std::string trimTrailingSlashes(std::string s) {
    while (!s.empty() && s.back() == '/')
        s.pop_back();
    return s;
}

http::Reply withCacheControl(http::Reply reply, const char* value) {
    reply.headers.emplace_back("Cache-Control", value);
    return reply;
}

} // namespace

GuardRequest GuardRequest::from(const Poco::Net::HTTPServerRequest& request) {
    GuardRequest r;
    r.authorization = request.get("Authorization", "");
    r.host = request.getHost();
    r.forwardedHost = request.get("X-Forwarded-Host", "");
    r.forwardedProto = request.get("X-Forwarded-Proto", "");
    return r;
}

OAuthGuard::OAuthGuard(const config::Config& config, std::shared_ptr<auth::OidcProvider> provider)
    : oauth_(config.oauth), tls_(!config.tlsCert.empty()), provider_(std::move(provider)) {
    if (!provider_ && !oauth_.authorizationUrl.empty())
        provider_ = std::make_shared<auth::OidcProvider>(auth::OidcProviderOptions::fromConfig(oauth_));
    auto options = auth::JwtVerifierOptions::fromConfig(oauth_);
    for (const auto& s : oauth_.oauthScopes)
        if (!isIdentityScope(s)) options.requiredScopes.push_back(s);
    verifier_ = std::make_unique<auth::JwtVerifier>(std::move(options), provider_);
}

std::string OAuthGuard::baseUrl(const GuardRequest& request) const {
    if (!oauth_.serverUrl.empty()) {
        std::string base = trimTrailingSlashes(oauth_.serverUrl);
        if (base.size() >= 4 && base.compare(base.size() - 4, 4, "/mcp") == 0) base.resize(base.size() - 4);
        return base;
    }
    std::string scheme = tls_ ? "https" : "http";
    std::string host = request.host;
    if (oauth_.trustProxyHeaders) {
        const std::string proto = firstListItem(request.forwardedProto);
        if (proto == "http" || proto == "https") scheme = proto;
        const std::string fwdHost = firstListItem(request.forwardedHost);
        if (plausibleHost(fwdHost)) host = fwdHost;
    }
    if (!plausibleHost(host)) host = "localhost";
    return scheme + "://" + host;
}

http::Reply OAuthGuard::reject(const GuardRequest& request, const Error* failure) const {
    auth::Challenge challenge;
    challenge.resourceMetadata = baseUrl(request) + kProtectedResourcePath;
    challenge.scopes = oauth_.oauthScopes;
    if (!failure) {
        http::Reply r = http::Reply::json(
            401, {{"error", "unauthorized"}, {"error_description", "a bearer token is required"}});
        r.headers.emplace_back("WWW-Authenticate", auth::wwwAuthenticate(challenge));
        return r;
    }
    const auth::OAuthFailure f = auth::describeFailure(*failure);
    http::Reply r =
        http::Reply::json(f.httpStatus, {{"error", f.error}, {"error_description", f.description}});
    if (f.httpStatus == 503) {
        // Not the caller's fault: no challenge, just come back later.
        r.headers.emplace_back("Retry-After", "5");
        return r;
    }
    r.headers.emplace_back("WWW-Authenticate", auth::wwwAuthenticate(challenge, failure));
    return r;
}

http::AuthOutcome OAuthGuard::authenticate(const GuardRequest& request) const {
    if (request.authorization.empty()) return http::AuthOutcome::reject(reject(request, nullptr));
    const auto token = auth::bearerToken(request.authorization);
    if (!token) {
        const Error malformed{Error::Code::Unauthenticated,
                              "the Authorization header must be 'Bearer <token>'"};
        return http::AuthOutcome::reject(reject(request, &malformed));
    }
    auto identity = verifier_->verify(*token);
    if (!identity) {
        const Error& e = identity.error();
        obs::info(2, "OAuth: token refused: {}", e.message);
        return http::AuthOutcome::reject(reject(request, &e));
    }
    mcp::Caller caller;
    caller.subject = identity->subject;
    caller.username = identity->username;
    caller.groups = identity->groups;
    caller.scopes = identity->scopes;
    caller.token = identity->token;
    caller.expiry = identity->expiry;
    return http::AuthOutcome::allow(std::move(caller));
}

http::Reply OAuthGuard::protectedResourceMetadata(const GuardRequest& request, bool mcpPath) const {
    const std::string base = baseUrl(request);
    std::string resource;
    if (!oauth_.serverUrl.empty())
        resource = trimTrailingSlashes(oauth_.serverUrl);
    else
        resource = mcpPath ? base + "/mcp" : base; // RFC 9728 §3.3: matches the path it was asked under
    nlohmann::json doc = {{"resource", resource},
                          {"authorization_servers", nlohmann::json::array()},
                          {"bearer_methods_supported", {"header"}},
                          {"resource_name", "Kubernetes MCP Server"}};
    if (!oauth_.authorizationUrl.empty()) doc["authorization_servers"].push_back(oauth_.authorizationUrl);
    if (!oauth_.oauthScopes.empty()) doc["scopes_supported"] = oauth_.oauthScopes;
    return withCacheControl(http::Reply::json(200, doc), "max-age=300");
}

http::Reply OAuthGuard::authorizationServerMetadata() const {
    if (!provider_)
        return http::Reply::json(
            404, {{"error", "not_found"}, {"error_description", "no authorization server is configured"}});
    auto metadata = provider_->metadata();
    if (!metadata) {
        http::Reply r = http::Reply::json(
            503, {{"error", "temporarily_unavailable"},
                  {"error_description", "the authorization server's metadata cannot be fetched right now"}});
        r.headers.emplace_back("Retry-After", "5");
        return r;
    }
    nlohmann::json doc = metadata.value();
    if (!oauth_.oauthScopes.empty()) doc["scopes_supported"] = oauth_.oauthScopes;
    if (oauth_.disableDynamicClientRegistration) doc.erase("registration_endpoint");
    return withCacheControl(http::Reply::json(200, doc), "max-age=300");
}

void OAuthGuard::install(http::HttpServer& server) const {
    server.setAuthenticator([this](const Poco::Net::HTTPServerRequest& request) {
        return authenticate(GuardRequest::from(request));
    });
    server.addRoute(kProtectedResourcePath, [this](const Poco::Net::HTTPServerRequest& request) {
        return protectedResourceMetadata(GuardRequest::from(request), false);
    });
    server.addRoute(std::string(kProtectedResourcePath) + "/mcp",
                    [this](const Poco::Net::HTTPServerRequest& r) {
                        return protectedResourceMetadata(GuardRequest::from(r), true);
                    });
    auto asMetadata = [this](const Poco::Net::HTTPServerRequest&) { return authorizationServerMetadata(); };
    for (const std::string path :
         {"/.well-known/oauth-authorization-server", "/.well-known/openid-configuration"}) {
        server.addRoute(path, asMetadata);
        server.addPrefixRoute(path + "/", asMetadata);
    }
}

} // namespace kmcp::app
