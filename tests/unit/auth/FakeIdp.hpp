#pragma once

#include "FakeHttpServer.hpp"

#include <nlohmann/json.hpp>

#include <atomic>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

namespace kmcp::test {

// A Keycloak-shaped identity provider on loopback: discovery, JWKS and a token endpoint whose
// behaviour each test sets.
class FakeIdp {
public:
    static constexpr const char* kDiscoveryPath = "/realms/test/.well-known/openid-configuration";
    static constexpr const char* kRfc8414Path = "/.well-known/oauth-authorization-server/realms/test";
    static constexpr const char* kJwksPath = "/realms/test/protocol/openid-connect/certs";
    static constexpr const char* kTokenPath = "/realms/test/protocol/openid-connect/token";

    explicit FakeIdp(std::optional<FakeHttpServer::TlsFiles> tls = std::nullopt);

    std::string issuer() const { return server_.url() + "/realms/test"; }
    std::string tokenEndpoint() const { return server_.url() + kTokenPath; }
    FakeHttpServer& server() { return server_; }

    void setKeys(nlohmann::json keys);    // the JWKS "keys" array
    void setOpenIdDiscovery(bool served); // false → only the RFC 8414 document exists
    void setTokenHandler(FakeHttpServer::Handler handler);

    size_t jwksFetches() const { return server_.count(kJwksPath); }
    size_t discoveryFetches() const { return server_.count(kDiscoveryPath) + server_.count(kRfc8414Path); }
    size_t tokenRequests() const { return server_.count(kTokenPath); }

private:
    FakeResponse answer(const RecordedRequest& r);

    mutable std::mutex mu_;
    nlohmann::json keys_ = nlohmann::json::array();
    bool openId_ = true;
    FakeHttpServer::Handler tokenHandler_;
    FakeHttpServer server_; // last: its threads use the members above
};

} // namespace kmcp::test
