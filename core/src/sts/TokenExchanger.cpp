#include "sts/TokenExchanger.hpp"

#include "auth/Jws.hpp"
#include "obs/Log.hpp"
#include "sts/ClientAuth.hpp"
#include "sts/FormEncoding.hpp"

#include <fmt/format.h>

#include <cmath>

namespace kmcp::sts {
namespace {

constexpr const char* kTokenExchangeGrant = "urn:ietf:params:oauth:grant-type:token-exchange";
constexpr const char* kJwtBearerGrant = "urn:ietf:params:oauth:grant-type:jwt-bearer";
constexpr size_t kMaxDescription = 300;

Error failed(Error::Code code, const std::string& what) {
    return makeError(code, "token exchange failed: " + what);
}

// Keeps IdP-supplied text printable, short, and free of the secrets we sent it.
std::string sanitize(std::string text, const std::vector<std::string>& secrets) {
    for (const auto& s : secrets) {
        if (s.size() < 8) continue;
        for (size_t pos; (pos = text.find(s)) != std::string::npos;)
            text.replace(pos, s.size(), "[redacted]");
    }
    std::string out;
    for (unsigned char c : text)
        if (c >= 0x20 && c != 0x7F) out += char(c);
    if (out.size() > kMaxDescription) out = out.substr(0, kMaxDescription) + "...";
    return out;
}

// expires_in is a number per RFC 6749, but some servers send it as a string.
std::optional<double> expiresIn(const nlohmann::json& j) {
    auto it = j.find("expires_in");
    if (it == j.end()) return std::nullopt;
    if (it->is_number()) return it->get<double>();
    if (it->is_string()) {
        try {
            return std::stod(it->get<std::string>());
        } catch (const std::exception&) {
            return std::nullopt;
        }
    }
    return std::nullopt;
}

} // namespace

TokenExchanger::TokenExchanger(config::TokenExchange config, std::shared_ptr<auth::OidcProvider> provider,
                               std::string caFile, TokenExchangerOptions options)
    : config_(std::move(config)), provider_(std::move(provider)),
      http_(std::move(caFile), options.httpTimeout), cache_(options.cache) {
    for (const auto& s : config_.scopes)
        scopeParam_ += (scopeParam_.empty() ? "" : " ") + s;
    if (config_.strategy != "rfc8693" && config_.strategy != "keycloak-v1" && config_.strategy != "entra-obo")
        obs::error("token exchange: unknown strategy '{}'; every exchange will fail", config_.strategy);
}

Result<std::string> TokenExchanger::tokenEndpoint() {
    if (!config_.tokenEndpoint.empty()) return config_.tokenEndpoint;
    if (!provider_) return failed(Error::Code::InvalidArgument, "no token endpoint (set authorization_url)");
    auto ep = provider_->endpoint("token_endpoint");
    if (!ep)
        return failed(ep.error().code == Error::Code::NotFound ? Error::Code::Unavailable : ep.error().code,
                      ep.error().message);
    return ep;
}

Result<ExchangedToken> TokenExchanger::exchange(const auth::Identity& caller,
                                                const std::string& audienceOverride) {
    if (caller.token.empty())
        return failed(Error::Code::Unauthenticated, "the caller has no token to exchange");
    const std::string audience = audienceOverride.empty() ? config_.audience : audienceOverride;
    const std::string key = sha256Hex(caller.token) + '\n' + audience + '\n' + scopeParam_;
    return cache_.get(key, [&] { return requestToken(caller.token, audience); });
}

Result<ExchangedToken> TokenExchanger::requestToken(const std::string& subjectToken,
                                                    const std::string& audience) {
    FormFields form;
    if (config_.strategy == "rfc8693" || config_.strategy == "keycloak-v1") {
        form = {{"grant_type", kTokenExchangeGrant},
                {"subject_token", subjectToken},
                {"subject_token_type", config_.subjectTokenType}};
        if (!audience.empty()) form.emplace_back("audience", audience);
        if (!scopeParam_.empty()) form.emplace_back("scope", scopeParam_);
        // Keycloak's legacy (v1) exchange rejects or mishandles requested_token_type.
        if (config_.strategy == "rfc8693" && !config_.requestedTokenType.empty())
            form.emplace_back("requested_token_type", config_.requestedTokenType);
    } else if (config_.strategy == "entra-obo") {
        // Entra ID names the target by scope; "<audience>/.default" asks for all its permissions.
        std::string scope = scopeParam_.empty() && !audience.empty() ? audience + "/.default" : scopeParam_;
        form = {{"grant_type", kJwtBearerGrant},
                {"assertion", subjectToken},
                {"requested_token_use", "on_behalf_of"}};
        if (!scope.empty()) form.emplace_back("scope", scope);
    } else {
        return failed(Error::Code::InvalidArgument, fmt::format("unknown strategy '{}'", config_.strategy));
    }

    auto endpoint = tokenEndpoint();
    if (!endpoint) return endpoint.error();
    auto creds = clientCredentials(config_, *endpoint);
    if (!creds) return failed(creds.error().code, creds.error().message);
    form.insert(form.end(), creds->form.begin(), creds->form.end());

    auth::IdpRequest req;
    req.method = "POST";
    req.url = *endpoint;
    req.contentType = "application/x-www-form-urlencoded";
    req.body = formBody(form);
    req.headers = creds->headers;
    obs::info(4, "token exchange: subject {} audience '{}' at {}", fingerprint(subjectToken), audience,
              *endpoint);
    auto resp = http_.send(req);
    if (!resp) return failed(resp.error().code, resp.error().message);
    if (resp->status == 200) {
        auto token = parseSuccess(resp->body);
        if (token)
            obs::info(3, "token exchange: subject {} -> token {} for '{}'", fingerprint(subjectToken),
                      fingerprint(token->accessToken), audience);
        return token;
    }
    Error e = parseFailure(resp->status, resp->body, subjectToken);
    obs::warn("token exchange: subject {} audience '{}': {}", fingerprint(subjectToken), audience, e.message);
    return e;
}

Result<ExchangedToken> TokenExchanger::parseSuccess(const std::string& body) const {
    auto j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object())
        return failed(Error::Code::Unavailable, "the identity provider's answer is not JSON");
    auto at = j.find("access_token");
    if (at == j.end() || !at->is_string() || at->get<std::string>().empty())
        return failed(Error::Code::Unavailable, "the identity provider's answer has no access_token");
    ExchangedToken t;
    t.accessToken = at->get<std::string>();
    if (auto tt = j.find("token_type"); tt != j.end() && tt->is_string())
        t.tokenType = tt->get<std::string>();
    if (auto it = j.find("issued_token_type"); it != j.end() && it->is_string())
        t.issuedTokenType = it->get<std::string>();
    const auto now = std::chrono::system_clock::now();
    if (auto secs = expiresIn(j); secs && std::isfinite(*secs) && *secs >= 0 && *secs < 1e9) {
        t.expiry = now + std::chrono::duration_cast<std::chrono::system_clock::duration>(
                             std::chrono::duration<double>(*secs));
    } else if (auto jws = auth::parseCompactJws(t.accessToken);
               jws && jws->payload.contains("exp") && jws->payload["exp"].is_number()) {
        // Without expires_in, the (unverified) exp of a JWT access token is the best hint we have;
        // it only decides how long we cache, never whether the token is valid.
        const double exp = std::min(jws->payload["exp"].get<double>(), 1e10);
        t.expiry = std::chrono::system_clock::time_point(
            std::chrono::duration_cast<std::chrono::system_clock::duration>(
                std::chrono::duration<double>(exp)));
    }
    return t;
}

Error TokenExchanger::parseFailure(int status, const std::string& body,
                                   const std::string& subjectToken) const {
    const std::vector<std::string> secrets{subjectToken, config_.clientSecret};
    auto j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
    std::string code, description;
    if (j.is_object()) {
        if (auto e = j.find("error"); e != j.end() && e->is_string())
            code = sanitize(e->get<std::string>(), secrets);
        if (auto d = j.find("error_description"); d != j.end() && d->is_string())
            description = sanitize(d->get<std::string>(), secrets);
    }
    if (status >= 500 || code.empty()) {
        const Error::Code c = status >= 500 ? Error::Code::Unavailable : Error::Code::Denied;
        std::string what = fmt::format("identity provider answered HTTP {}", status);
        if (!code.empty()) what += ": " + code;
        return failed(c, what);
    }
    const std::string what = description.empty() ? code : code + ": " + description;
    return failed(code == "invalid_grant" ? Error::Code::Unauthenticated : Error::Code::Denied, what);
}

} // namespace kmcp::sts
