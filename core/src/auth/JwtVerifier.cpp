#include "auth/JwtVerifier.hpp"

#include "auth/Jws.hpp"
#include "obs/Log.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <sstream>

namespace kmcp::auth {
namespace {

Error invalidToken(std::string description) {
    return makeError(Error::Code::Unauthenticated, std::move(description));
}

std::vector<std::string> splitSpaces(const std::string& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    for (std::string w; in >> w;)
        out.push_back(w);
    return out;
}

// A claim that must be a string array when present; wrong types are rejected rather than
// guessed at, since a confused claim usually means a confused (or hostile) issuer.
bool stringArray(const nlohmann::json& v, std::vector<std::string>& out) {
    if (!v.is_array()) return false;
    for (const auto& e : v) {
        if (!e.is_string()) return false;
        out.push_back(e.get<std::string>());
    }
    return true;
}

// NumericDate (RFC 7519 §2): seconds since the epoch, possibly fractional.
bool numericDate(const nlohmann::json& claims, const char* name, bool required, std::optional<double>& out,
                 std::string& why) {
    auto it = claims.find(name);
    if (it == claims.end()) {
        if (required) why = fmt::format("token has no {} claim", name);
        return !required;
    }
    if (!it->is_number() || !std::isfinite(it->get<double>())) {
        why = fmt::format("token claim {} is not a number", name);
        return false;
    }
    out = it->get<double>();
    return true;
}

std::optional<std::string> stringClaim(const nlohmann::json& claims, const char* name) {
    auto it = claims.find(name);
    if (it == claims.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
}

} // namespace

JwtVerifierOptions JwtVerifierOptions::fromConfig(const config::OAuth& oauth) {
    JwtVerifierOptions o;
    o.issuer = oauth.authorizationUrl;
    if (!oauth.oauthAudience.empty()) o.audiences.push_back(oauth.oauthAudience);
    if (!oauth.serverUrl.empty()) o.audiences.push_back(oauth.serverUrl);
    o.skipSignature = oauth.skipJwtVerification;
    return o;
}

JwtVerifier::JwtVerifier(JwtVerifierOptions options, std::shared_ptr<OidcProvider> provider)
    : options_(std::move(options)), provider_(std::move(provider)) {
    if (options_.skipSignature)
        obs::warn("OAuth: skip_jwt_verification is ON - token signatures and issuers are NOT checked; "
                  "anyone can forge a token. Never use this outside development.");
    else if (!provider_)
        obs::error("OAuth: no identity provider configured; every token will be refused");
    if (options_.audiences.empty())
        obs::warn("OAuth: neither oauth_audience nor server_url is set; token audiences are not checked");
}

Result<Identity> JwtVerifier::verify(std::string_view token) const {
    if (token.empty()) return invalidToken("missing bearer token");
    if (token.size() > options_.maxTokenBytes) return invalidToken("token too large");
    auto jws = parseCompactJws(token);
    if (!jws) return invalidToken("malformed token: " + jws.error().message);

    const auto& header = jws->header;
    if (!header.contains("alg") || !header["alg"].is_string()) return invalidToken("token header has no alg");
    const std::string algName = header["alg"].get<std::string>();
    const auto alg = parseJwsAlg(algName);
    if (!alg) {
        std::string lower = algName;
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char c) { return std::tolower(c); });
        if (lower == "none") return invalidToken("unsigned tokens (alg none) are not accepted");
        if (lower.rfind("hs", 0) == 0)
            return invalidToken("symmetric (HS*) token signatures are not accepted");
        return invalidToken("unsupported token algorithm");
    }
    // We understand no JWS extensions, so any "crit" header must be refused (RFC 7515 §4.1.11).
    if (header.contains("crit")) return invalidToken("token uses critical header extensions");

    if (!options_.skipSignature) {
        if (!provider_) return invalidToken("no identity provider configured");
        std::string kid;
        if (header.contains("kid")) {
            if (!header["kid"].is_string()) return invalidToken("token kid is not a string");
            kid = header["kid"].get<std::string>();
        }
        // Keys come only from the issuer's JWKS; jku/x5u/jwk headers in the token are ignored.
        auto keys = provider_->keysFor(kid, *alg);
        if (!keys) return keys.error();
        const bool good = std::any_of(keys->begin(), keys->end(), [&](const Jwk& k) {
            return verifyJwsSignature(*alg, k.key.get(), jws->signingInput, jws->signature);
        });
        if (!good) return invalidToken("token signature is invalid");
    }
    return checkClaims(jws->payload, token);
}

Result<Identity> JwtVerifier::checkClaims(const nlohmann::json& claims, std::string_view token) const {
    const double now =
        std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    const double leeway = double(options_.leeway.count());
    std::string why;
    std::optional<double> exp, nbf, iat;
    if (!numericDate(claims, "exp", true, exp, why) || !numericDate(claims, "nbf", false, nbf, why) ||
        !numericDate(claims, "iat", false, iat, why))
        return invalidToken(why);
    if (now > *exp + leeway) return invalidToken("token expired");
    if (nbf && now + leeway < *nbf) return invalidToken("token not yet valid");
    if (iat && now + leeway < *iat) return invalidToken("token issued in the future");

    Identity id;
    id.token = std::string(token);
    auto iss = stringClaim(claims, "iss");
    if (!options_.skipSignature && (!iss || *iss != options_.issuer))
        return invalidToken("token issuer is not trusted");
    id.issuer = iss.value_or("");

    if (auto it = claims.find("aud"); it != claims.end()) {
        if (it->is_string())
            id.audiences.push_back(it->get<std::string>());
        else if (!stringArray(*it, id.audiences))
            return invalidToken("token aud is neither string nor string array");
    }
    if (!options_.audiences.empty()) {
        const bool match = std::any_of(id.audiences.begin(), id.audiences.end(), [&](const std::string& a) {
            return std::find(options_.audiences.begin(), options_.audiences.end(), a) !=
                   options_.audiences.end();
        });
        if (!match)
            return invalidToken(
                fmt::format("token audience does not include {}", options_.audiences.front()));
    }

    auto sub = stringClaim(claims, "sub");
    if (!sub || sub->empty()) return invalidToken("token has no subject");
    id.subject = *sub;
    id.username = stringClaim(claims, "preferred_username").value_or("");
    if (id.username.empty()) id.username = stringClaim(claims, "email").value_or("");
    if (id.username.empty()) id.username = id.subject;

    if (auto it = claims.find("groups"); it != claims.end() && !stringArray(*it, id.groups))
        return invalidToken("token groups claim is not a string array");
    if (auto it = claims.find("scope"); it != claims.end()) {
        if (!it->is_string()) return invalidToken("token scope claim is not a string");
        id.scopes = splitSpaces(it->get<std::string>());
    } else if (auto sc = claims.find("scp"); sc != claims.end()) {
        if (sc->is_string())
            id.scopes = splitSpaces(sc->get<std::string>());
        else if (!stringArray(*sc, id.scopes))
            return invalidToken("token scp claim is neither string nor array");
    }
    // Dates far outside the clock's range are clamped (year ~2286 is plenty).
    const double expClamped = std::min(*exp, 1e10);
    id.expiry =
        std::chrono::system_clock::time_point(std::chrono::duration_cast<std::chrono::system_clock::duration>(
            std::chrono::duration<double>(expClamped)));

    std::vector<std::string> missing;
    for (const auto& s : options_.requiredScopes)
        if (std::find(id.scopes.begin(), id.scopes.end(), s) == id.scopes.end()) missing.push_back(s);
    if (!missing.empty())
        return makeError(Error::Code::Denied,
                         fmt::format("token lacks required scope(s): {}", fmt::join(missing, " ")));
    return id;
}

} // namespace kmcp::auth
