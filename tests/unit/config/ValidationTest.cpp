// Cross-field rules.
#include "TestSupport.hpp"

using namespace kmcp::config;
using namespace kmcp::config::test;

TEST_CASE("OAuth-only keys need require_oauth = true", "[config][validation]") {
    auto error = loadError("port = \"8080\"\nauthorization_url = \"https://idp.example.com/realms/r\"\n"
                           "oauth_audience = \"account\"\n");
    CHECK(error ==
          "oauth_audience, authorization_url, server_url and certificate_authority are only valid with "
          "require_oauth = true; set: oauth_audience, authorization_url");
    CHECK(loadError("port = \"8080\"\nrequire_oauth = false\ncertificate_authority = \"/ca.crt\"\n")
              .find("set: certificate_authority") != std::string::npos);
    CHECK(loadError("port = \"8080\"", {"--server-url", "https://mcp.example.com"})
              .find("set: server_url from --server-url") != std::string::npos);
}

TEST_CASE("require_oauth needs an issuer unless verification is explicitly skipped", "[config][validation]") {
    CHECK(loadError("port = \"8080\"\nrequire_oauth = true\n")
              .rfind("require_oauth is true but authorization_url is not set", 0) == 0);
    auto skipped = mustLoad(oauthBase + "skip_jwt_verification = true\n");
    CHECK(anyContains(skipped.warnings, "skip_jwt_verification has no effect"));
}

TEST_CASE("require_oauth on stdio is switched off with a warning", "[config][validation]") {
    auto loaded = mustLoad("require_oauth = true\nauthorization_url = \"https://idp.example.com/r\"\n"
                           "sts_client_id = \"id\"\n");
    CHECK_FALSE(loaded.config.oauth.requireOAuth);
    CHECK(loaded.config.oauth.authorizationUrl == "https://idp.example.com/r");
    CHECK(anyContains(loaded.warnings, "require_oauth is ignored: without port the server speaks stdio"));
}

TEST_CASE("cluster_auth_mode kubeconfig excludes require_oauth", "[config][validation]") {
    CHECK(loadError(oauthBase + "cluster_auth_mode = \"kubeconfig\"\n")
              .rfind("cluster_auth_mode = \"kubeconfig\" cannot be combined with require_oauth = true", 0) ==
          0);
    CHECK(mustLoad("cluster_auth_mode = \"kubeconfig\"").config.clusterAuthMode ==
          ClusterAuthMode::Kubeconfig);
}

TEST_CASE("URLs must be http(s)", "[config][validation]") {
    CHECK(loadError("port = \"8080\"\nrequire_oauth = true\nauthorization_url = \"keycloak/realms/r\"\n") ==
          "invalid value \"keycloak/realms/r\" for authorization_url: expected an http:// or https:// URL");
    CHECK(loadError("port = \"8080\"\nrequire_oauth = true\n"
                    "authorization_url = \"https://keycloak-admin.apps.${CLUSTER_NAME}/realms/openshift\"\n")
              .find("expected an http:// or https:// URL") != std::string::npos);
    CHECK(loadError(oauthBase + "server_url = \"ftp://x\"\n").find("for server_url") != std::string::npos);
    CHECK(loadError(oauthBase + "sts_client_id = \"i\"\nsts_client_secret = \"s\"\n[token_exchange]\n"
                                "token_endpoint = \"not a url\"\n")
              .find("for token_exchange.token_endpoint") != std::string::npos);
}

TEST_CASE("TLS rules", "[config][validation]") {
    CHECK(loadError("port = \"8443\"\ntls_cert = \"/c\"\n") ==
          "tls_cert and tls_key must be set together (tls_cert is set, tls_key is not)");
    CHECK(loadError("port = \"8443\"\ntls_key = \"/k\"\n") ==
          "tls_cert and tls_key must be set together (tls_key is set, tls_cert is not)");
    CHECK(loadError("tls_cert = \"/c\"\ntls_key = \"/k\"\n").rfind("tls_cert and tls_key need port", 0) == 0);
    CHECK(loadError("port = \"8443\"\nrequire_tls = true\n") ==
          "require_tls is true but TLS is not configured: set tls_cert and tls_key");
    CHECK(loadError("port = \"8443\"", {"--require-tls"}) ==
          "require_tls is true but TLS is not configured: set tls_cert and tls_key");
    CHECK(
        loadError(
            "port = \"8443\"\nrequire_tls = true\ntls_cert = \"/c\"\ntls_key = \"/k\"\nrequire_oauth = true\n"
            "authorization_url = \"http://idp/realms/r\"\n")
            .find("require_tls forbids non-HTTPS URLs") != std::string::npos);
    CHECK(mustLoad("require_tls = true").config.requireTls); // stdio: nothing to encrypt
}

TEST_CASE("checkReferencedFiles reports missing files", "[config][validation]") {
    TempDir dir;
    auto cert = dir.write("tls.crt", "x");
    auto key = dir.write("tls.key", "x");
    Config c;
    c.tlsCert = cert;
    c.tlsKey = key;
    CHECK(checkReferencedFiles(c).ok());
    c.oauth.certificateAuthority = (dir.path() / "missing-ca.crt").string();
    auto status = checkReferencedFiles(c);
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().code == kmcp::Error::Code::NotFound);
    CHECK(status.error().message.find("certificate_authority names \"" + c.oauth.certificateAuthority) !=
          std::string::npos);
    c.oauth.certificateAuthority.clear();
    c.kubeconfig = dir.path().string(); // a directory is not a kubeconfig
    CHECK_FALSE(checkReferencedFiles(c).ok());
    c.kubeconfig.clear();
    c.tokenExchange.tokenFile = (dir.path() / "token.jwt").string();
    auto token = checkReferencedFiles(c);
    REQUIRE_FALSE(token.ok());
    CHECK(token.error().message.find("token_exchange.client_auth.token_file") != std::string::npos);
}
