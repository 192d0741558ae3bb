#include "FakeIdp.hpp"

namespace kmcp::test {

FakeIdp::FakeIdp(std::optional<FakeHttpServer::TlsFiles> tls)
    : server_([this](const RecordedRequest& r) { return answer(r); }, std::move(tls)) {}

void FakeIdp::setKeys(nlohmann::json keys) {
    std::lock_guard lk(mu_);
    keys_ = std::move(keys);
}

void FakeIdp::setOpenIdDiscovery(bool served) {
    std::lock_guard lk(mu_);
    openId_ = served;
}

void FakeIdp::setTokenHandler(FakeHttpServer::Handler handler) {
    std::lock_guard lk(mu_);
    tokenHandler_ = std::move(handler);
}

FakeResponse FakeIdp::answer(const RecordedRequest& r) {
    FakeHttpServer::Handler token;
    nlohmann::json keys;
    bool openId;
    {
        std::lock_guard lk(mu_);
        token = tokenHandler_;
        keys = keys_;
        openId = openId_;
    }
    const std::string base = server_.url() + "/realms/test";
    if ((r.path == kDiscoveryPath && openId) || r.path == kRfc8414Path) {
        nlohmann::json doc{{"issuer", base},
                           {"authorization_endpoint", base + "/protocol/openid-connect/auth"},
                           {"token_endpoint", base + "/protocol/openid-connect/token"},
                           {"jwks_uri", base + "/protocol/openid-connect/certs"},
                           {"grant_types_supported",
                            {"authorization_code", "urn:ietf:params:oauth:grant-type:token-exchange"}},
                           {"x-test-marker", r.path == kDiscoveryPath ? "openid" : "rfc8414"}};
        return {200, doc.dump()};
    }
    if (r.path == kJwksPath) return {200, nlohmann::json{{"keys", keys}}.dump()};
    if (r.path == kTokenPath && token) return token(r);
    return {404, R"({"error":"not found"})"};
}

} // namespace kmcp::test
