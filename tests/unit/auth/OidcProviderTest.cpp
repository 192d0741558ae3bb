#include "FakeIdp.hpp"
#include "TestKeys.hpp"

#include "auth/JwtVerifier.hpp"
#include "auth/OidcProvider.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

using namespace kmcp;
using namespace kmcp::auth;
using namespace std::chrono_literals;

namespace {

OidcProviderOptions optionsFor(const test::FakeIdp& idp) {
    OidcProviderOptions o;
    o.issuer = idp.issuer();
    o.retryBackoffMin = 0ms; // tests retry at once; the backoff itself is not what they check
    o.unknownKidRefreshInterval = 0ms;
    o.httpTimeout = 2000ms;
    return o;
}

JwtVerifier verifierFor(const test::FakeIdp& idp, std::shared_ptr<OidcProvider> p) {
    JwtVerifierOptions o;
    o.issuer = idp.issuer();
    o.audiences = {"mcp-server"};
    return JwtVerifier(o, std::move(p));
}

} // namespace

TEST_CASE("discovery metadata is kept raw and endpoints are readable", "[auth][oidc]") {
    test::FakeIdp idp;
    idp.setKeys({test::publicJwk(test::rsaKey(0).get(), "k1")});
    OidcProvider p(optionsFor(idp));
    auto md = p.metadata();
    REQUIRE(md.ok());
    CHECK((*md)["x-test-marker"] == "openid"); // unknown members survive for the host to serve
    CHECK((*md)["issuer"] == idp.issuer());
    CHECK(p.endpoint("token_endpoint").value() == idp.tokenEndpoint());
    auto missing = p.endpoint("registration_endpoint");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == Error::Code::NotFound);
    p.metadata();
    CHECK(idp.discoveryFetches() == 1); // cached
}

TEST_CASE("provider options come from the OAuth config", "[auth][oidc]") {
    config::OAuth oauth;
    oauth.authorizationUrl = "https://keycloak.example/realms/openshift";
    oauth.certificateAuthority = "/etc/pki/keycloak-ca/ca.crt";
    auto o = OidcProviderOptions::fromConfig(oauth);
    CHECK(o.issuer == oauth.authorizationUrl);
    CHECK(o.caFile == oauth.certificateAuthority);
    CHECK(o.unknownKidRefreshInterval == std::chrono::seconds(10));
}

TEST_CASE("falls back to RFC 8414 metadata when OpenID discovery is absent", "[auth][oidc]") {
    test::FakeIdp idp;
    idp.setOpenIdDiscovery(false);
    idp.setKeys({test::publicJwk(test::rsaKey(0).get(), "k1")});
    OidcProvider p(optionsFor(idp));
    auto md = p.metadata();
    REQUIRE(md.ok());
    CHECK((*md)["x-test-marker"] == "rfc8414");
    CHECK(idp.server().count(test::FakeIdp::kRfc8414Path) == 1);
}

TEST_CASE("key rotation: a token with a new kid is accepted after one refresh", "[auth][oidc]") {
    test::FakeIdp idp;
    idp.setKeys({test::publicJwk(test::rsaKey(0).get(), "old")});
    auto p = std::make_shared<OidcProvider>(optionsFor(idp));
    auto v = verifierFor(idp, p);
    const auto claims = test::claimsFor(idp.issuer());
    REQUIRE(v.verify(test::signToken(JwsAlg::RS256, test::rsaKey(0).get(), "old", claims)).ok());

    idp.setKeys({test::publicJwk(test::rsaKey(1).get(), "new")});
    const size_t before = idp.jwksFetches();
    CHECK(v.verify(test::signToken(JwsAlg::RS256, test::rsaKey(1).get(), "new", claims)).ok());
    CHECK(idp.jwksFetches() == before + 1);
    // the retired key is gone with the refresh
    auto old = v.verify(test::signToken(JwsAlg::RS256, test::rsaKey(0).get(), "old", claims));
    REQUIRE_FALSE(old.ok());
    CHECK(old.error().code == Error::Code::Unauthenticated);
}

TEST_CASE("IdP down at start: Unavailable, then recovers by itself", "[auth][oidc]") {
    test::FakeIdp idp;
    idp.setKeys({test::publicJwk(test::rsaKey(0).get(), "k1")});
    const std::string issuer = idp.issuer();
    idp.server().stop();

    auto p = std::make_shared<OidcProvider>(optionsFor(idp)); // must not throw
    auto v = verifierFor(idp, p);
    const auto token = test::signToken(JwsAlg::RS256, test::rsaKey(0).get(), "k1", test::claimsFor(issuer));
    auto r = v.verify(token);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Error::Code::Unavailable);
    CHECK_FALSE(p->metadata().ok());

    idp.server().start();
    REQUIRE(idp.server().url() + "/realms/test" == issuer); // same port
    CHECK(v.verify(token).ok());
    CHECK(p->metadata().ok());
}

TEST_CASE("backoff: while waiting to retry, the IdP is not contacted", "[auth][oidc]") {
    test::FakeIdp idp;
    idp.setKeys(nlohmann::json::array()); // JWKS without usable keys: load fails
    auto o = optionsFor(idp);
    o.retryBackoffMin = std::chrono::hours(1);
    OidcProvider p(o);
    const size_t fetches = idp.jwksFetches();
    CHECK(fetches == 1);
    for (int i = 0; i < 5; ++i) {
        auto r = p.keysFor("k1", JwsAlg::RS256);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == Error::Code::Unavailable);
    }
    CHECK(idp.jwksFetches() == fetches);
}

TEST_CASE("IdP down after start: cached keys keep working", "[auth][oidc]") {
    test::FakeIdp idp;
    idp.setKeys({test::publicJwk(test::rsaKey(0).get(), "k1")});
    auto o = optionsFor(idp);
    o.jwksMaxAge = 0ms; // every use wants a refresh, which fails
    auto p = std::make_shared<OidcProvider>(o);
    auto v = verifierFor(idp, p);
    idp.server().stop();
    CHECK(v.verify(test::signToken(JwsAlg::RS256, test::rsaKey(0).get(), "k1", test::claimsFor(idp.issuer())))
              .ok());
}

TEST_CASE("an unknown kid while the IdP is down is Unavailable, not a crash", "[auth][oidc]") {
    test::FakeIdp idp;
    idp.setKeys({test::publicJwk(test::rsaKey(0).get(), "k1")});
    auto p = std::make_shared<OidcProvider>(optionsFor(idp));
    auto v = verifierFor(idp, p);
    idp.server().stop();
    auto r =
        v.verify(test::signToken(JwsAlg::RS256, test::rsaKey(1).get(), "k2", test::claimsFor(idp.issuer())));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Error::Code::Unavailable);
}

TEST_CASE("many threads verify at once", "[auth][oidc]") {
    test::FakeIdp idp;
    idp.setKeys(
        {test::publicJwk(test::rsaKey(0).get(), "k1"), test::publicJwk(test::ecKey("P-256").get(), "e1")});
    auto p = std::make_shared<OidcProvider>(optionsFor(idp));
    auto v = verifierFor(idp, p);
    const auto claims = test::claimsFor(idp.issuer());
    const auto rsa = test::signToken(JwsAlg::RS256, test::rsaKey(0).get(), "k1", claims);
    const auto ec = test::signToken(JwsAlg::ES256, test::ecKey("P-256").get(), "e1", claims);
    std::atomic<int> good{0}, bad{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 50; ++i)
                (v.verify((t + i) % 2 ? rsa : ec).ok() ? good : bad)++;
        });
    for (auto& t : threads)
        t.join();
    CHECK(good == 400);
    CHECK(bad == 0);
    CHECK(idp.discoveryFetches() == 1);
    CHECK(idp.jwksFetches() == 1);
}

TEST_CASE("certificate_authority: HTTPS IdP trusted only with its CA", "[auth][oidc][tls]") {
    const auto& key = test::rsaKey(3);
    const std::string cert = test::selfSignedCertPem(key.get(), "127.0.0.1");
    const std::string certFile = test::writeTempFile("idp-cert.pem", cert);
    const std::string keyFile = test::writeTempFile("idp-key.pem", test::privatePem(key.get()));
    test::FakeIdp idp(test::FakeHttpServer::TlsFiles{certFile, keyFile});
    idp.setKeys({test::publicJwk(test::rsaKey(0).get(), "k1")});
    REQUIRE(idp.issuer().rfind("https://", 0) == 0);

    auto o = optionsFor(idp);
    o.caFile = certFile;
    OidcProvider trusted(o);
    CHECK(trusted.metadata().ok());

    o.caFile = "";
    OidcProvider untrusted(o);
    auto r = untrusted.metadata();
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Error::Code::Unavailable);

    o.caFile = test::writeTempFile("missing-dir/none.pem", "");
    OidcProvider broken(o);
    CHECK_FALSE(broken.metadata().ok());
}

TEST_CASE("a trusted certificate for another host name is refused", "[auth][oidc][tls]") {
    const auto& key = test::rsaKey(3);
    const std::string cert = test::selfSignedCertPem(key.get(), "idp.example.com", "DNS:idp.example.com");
    const std::string certFile = test::writeTempFile("other-host-cert.pem", cert);
    const std::string keyFile = test::writeTempFile("other-host-key.pem", test::privatePem(key.get()));
    test::FakeIdp idp(test::FakeHttpServer::TlsFiles{certFile, keyFile});
    idp.setKeys({test::publicJwk(test::rsaKey(0).get(), "k1")});
    auto o = optionsFor(idp);
    o.caFile = certFile; // the chain is trusted, the name (127.0.0.1) is not in it
    OidcProvider p(o);
    auto r = p.metadata();
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Error::Code::Unavailable);
    CHECK(idp.discoveryFetches() == 0);
}
