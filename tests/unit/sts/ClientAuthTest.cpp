#include "StsTestSupport.hpp"
#include "TestKeys.hpp"

#include "auth/Base64Url.hpp"
#include "auth/Jws.hpp"
#include "sts/ClientAuth.hpp"
#include "sts/TokenExchanger.hpp"

#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <catch2/catch.hpp>

using namespace kmcp;
using namespace kmcp::sts;

namespace {

constexpr const char* kAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

std::string certThumbprint(const std::string& pem, const EVP_MD* md) {
    BIO* bio = BIO_new_mem_buf(pem.data(), int(pem.size()));
    X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    X509_digest(cert, md, out, &len);
    X509_free(cert);
    BIO_free(bio);
    return auth::base64UrlEncode(std::string(reinterpret_cast<char*>(out), len));
}

config::TokenExchange keyConfig(const std::string& keyFile, const std::string& certFile = "") {
    config::TokenExchange c;
    c.strategy = "rfc8693";
    c.audience = "openshift";
    c.authMethod = "private_key_jwt";
    c.clientId = "mcp-server";
    c.privateKeyFile = keyFile;
    c.certificateFile = certFile;
    return c;
}

auth::Identity who() {
    auth::Identity id;
    id.subject = "alice";
    id.token = "subject-token-alice";
    return id;
}

} // namespace

TEST_CASE("private_key_jwt sends a fresh RS256 client assertion the IdP can verify", "[sts][client-auth]") {
    test::FakeIdp idp;
    idp.setTokenHandler([](const test::RecordedRequest&) { return test::tokenResponse("x", 0); });
    const auto& key = test::rsaKey(1);
    const std::string keyFile = test::writeTempFile("client-key.pem", test::privatePem(key.get()));
    const std::string certPem = test::selfSignedCertPem(key.get(), "mcp-server");
    const std::string certFile = test::writeTempFile("client-cert.pem", certPem);
    auto cfg = keyConfig(keyFile, certFile);
    cfg.tokenEndpoint = idp.tokenEndpoint();
    TokenExchanger ex(cfg, nullptr, "");
    REQUIRE(ex.exchange(who()).ok());
    REQUIRE(ex.exchange(who()).ok()); // expires_in 0: not cached, a second assertion goes out

    auto reqs = idp.server().requests();
    REQUIRE(reqs.size() == 2);
    std::vector<std::string> jtis;
    for (const auto& r : reqs) {
        const auto form = test::parseForm(r.body);
        CHECK(test::field(form, "client_assertion_type") == kAssertionType);
        CHECK(test::field(form, "client_id") == "mcp-server");
        CHECK(form.count("client_secret") == 0);
        CHECK(r.headers.count("authorization") == 0);
        auto jws = auth::parseCompactJws(test::field(form, "client_assertion"));
        REQUIRE(jws.ok());
        CHECK(jws->header["alg"] == "RS256");
        CHECK(auth::verifyJwsSignature(auth::JwsAlg::RS256, key.get(), jws->signingInput, jws->signature));
        CHECK(jws->header["x5t"] == certThumbprint(certPem, EVP_sha1()));
        CHECK(jws->header["x5t#S256"] == certThumbprint(certPem, EVP_sha256()));
        CHECK(jws->header["kid"].is_string());
        const auto& c = jws->payload;
        CHECK(c["iss"] == "mcp-server");
        CHECK(c["sub"] == "mcp-server");
        CHECK(c["aud"] == idp.tokenEndpoint());
        CHECK(c["exp"].get<long long>() - c["iat"].get<long long>() <= 300);
        CHECK(c["exp"].get<long long>() > c["iat"].get<long long>());
        jtis.push_back(c["jti"].get<std::string>());
    }
    CHECK(jtis[0] != jtis[1]);
}

TEST_CASE("private_key_jwt with an EC key signs ES256; mismatched or unreadable files fail",
          "[sts][client-auth]") {
    const auto& ec = test::ecKey("P-256");
    const std::string ecFile = test::writeTempFile("client-ec.pem", test::privatePem(ec.get()));
    auto a = makeClientAssertion("cid", "https://idp/token", ecFile, "");
    REQUIRE(a.ok());
    auto jws = auth::parseCompactJws(*a);
    REQUIRE(jws.ok());
    CHECK(jws->header["alg"] == "ES256");
    CHECK(jws->header.count("x5t") == 0);
    CHECK(auth::verifyJwsSignature(auth::JwsAlg::ES256, ec.get(), jws->signingInput, jws->signature));

    const std::string otherCert =
        test::writeTempFile("other-cert.pem", test::selfSignedCertPem(test::rsaKey(2).get(), "someone-else"));
    auto mismatch = makeClientAssertion("cid", "https://idp/token", ecFile, otherCert);
    REQUIRE_FALSE(mismatch.ok());
    CHECK(mismatch.error().code == Error::Code::InvalidArgument);

    auto missing = makeClientAssertion("cid", "https://idp/token", "/nonexistent/key.pem", "");
    REQUIRE_FALSE(missing.ok());
    CHECK_THAT(missing.error().message, Catch::Contains("/nonexistent/key.pem"));

    const std::string notAKey = test::writeTempFile("not-a-key.pem", "hello");
    CHECK_FALSE(makeClientAssertion("cid", "https://idp/token", notAKey, "").ok());
}

TEST_CASE("jwt_file reads the assertion from disk on every exchange", "[sts][client-auth]") {
    test::FakeIdp idp;
    idp.setTokenHandler([](const test::RecordedRequest&) { return test::tokenResponse("x"); });
    const std::string tokenFile = test::writeTempFile("federated-token", "workload-token-1\n");
    config::TokenExchange cfg;
    cfg.strategy = "rfc8693";
    cfg.audience = "openshift";
    cfg.authMethod = "jwt_file";
    cfg.clientId = "mcp-server";
    cfg.tokenFile = tokenFile;
    cfg.tokenEndpoint = idp.tokenEndpoint();
    TokenExchanger ex(cfg, nullptr, "");
    REQUIRE(ex.exchange(who()).ok());
    test::writeTempFile("federated-token", "workload-token-2");
    auto bob = who();
    bob.token = "subject-token-bob";
    REQUIRE(ex.exchange(bob).ok());

    auto reqs = idp.server().requests();
    REQUIRE(reqs.size() == 2);
    auto first = test::parseForm(reqs[0].body), second = test::parseForm(reqs[1].body);
    CHECK(test::field(first, "client_assertion") == "workload-token-1");
    CHECK(test::field(second, "client_assertion") == "workload-token-2");
    CHECK(test::field(second, "client_assertion_type") == kAssertionType);
    CHECK(test::field(second, "client_id") == "mcp-server");

    test::writeTempFile("federated-token", " \n");
    auto carol = who();
    carol.token = "subject-token-carol";
    auto r = ex.exchange(carol);
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error().message, Catch::Contains("empty"));
}

TEST_CASE("client credentials per method", "[sts][client-auth]") {
    config::TokenExchange c;
    c.clientId = "id";
    c.clientSecret = "secret";
    c.authMethod = "client_secret_post";
    auto post = clientCredentials(c, "https://idp/token");
    REQUIRE(post.ok());
    CHECK(post->form == FormFields{{"client_id", "id"}, {"client_secret", "secret"}});
    CHECK(post->headers.empty());
    c.authMethod = "client_secret_basic";
    auto basic = clientCredentials(c, "https://idp/token");
    REQUIRE(basic.ok());
    CHECK(basic->form.empty());
    CHECK(basic->headers == FormFields{{"Authorization", "Basic aWQ6c2VjcmV0"}});
}

TEST_CASE("form encoding follows application/x-www-form-urlencoded", "[sts]") {
    CHECK(formUrlEncode("a b&c=d/e:f~g.h_i-j") == "a+b%26c%3Dd%2Fe%3Af~g.h_i-j");
    CHECK(formUrlEncode("\xc3\xa9") == "%C3%A9");
    CHECK(formBody({{"a", "1"}, {"b c", "2 3"}}) == "a=1&b+c=2+3");
    CHECK(sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(fingerprint("abc") == "ba7816bf8f01");
}
