// The two token-exchange spellings.
#include "TestSupport.hpp"

using namespace kmcp::config;
using namespace kmcp::config::test;

namespace {

bool sameExchange(const TokenExchange& a, const TokenExchange& b) {
    return a.strategy == b.strategy && a.audience == b.audience && a.scopes == b.scopes &&
           a.subjectTokenType == b.subjectTokenType && a.requestedTokenType == b.requestedTokenType &&
           a.tokenEndpoint == b.tokenEndpoint && a.authMethod == b.authMethod && a.clientId == b.clientId &&
           a.clientSecret == b.clientSecret && a.certificateFile == b.certificateFile &&
           a.privateKeyFile == b.privateKeyFile && a.tokenFile == b.tokenFile;
}

} // namespace

TEST_CASE("seed sts_* keys and [token_exchange] give the same result", "[config][sts]") {
    auto seed = mustLoad(oauthBase + R"(
sts_client_id = "mcp-server"
sts_client_secret = "secret"
sts_audience = "openshift"
sts_scopes = ["mcp:openshift"]
token_exchange_strategy = "keycloak-v1"
sts_auth_style = "header"
)")
                    .config.tokenExchange;
    auto table = mustLoad(oauthBase + R"(
[token_exchange]
strategy = "keycloak-v1"
audience = "openshift"
scopes = ["mcp:openshift"]
[token_exchange.client_auth]
method = "client_secret_basic"
client_id = "mcp-server"
client_secret = "secret"
)")
                     .config.tokenExchange;
    CHECK(sameExchange(seed, table));
    CHECK(seed.strategy == "keycloak-v1");
    CHECK(seed.authMethod == "client_secret_basic");
    CHECK(seed.clientId == "mcp-server");
    CHECK(seed.scopes == std::vector<std::string>{"mcp:openshift"});
}

TEST_CASE("sts_auth_style maps onto client_auth methods", "[config][sts]") {
    const std::string base = oauthBase + "sts_client_id = \"id\"\nsts_client_secret = \"s\"\n";
    CHECK(mustLoad(base + "sts_auth_style = \"params\"").config.tokenExchange.authMethod ==
          "client_secret_post");
    CHECK(mustLoad(base + "sts_auth_style = \"header\"").config.tokenExchange.authMethod ==
          "client_secret_basic");
    auto assertion = mustLoad(base + "sts_auth_style = \"assertion\"\nsts_client_cert_file = \"/c.pem\"\n"
                                     "sts_client_key_file = \"/k.pem\"\n")
                         .config.tokenExchange;
    CHECK(assertion.authMethod == "private_key_jwt");
    CHECK(assertion.certificateFile == "/c.pem");
    CHECK(assertion.privateKeyFile == "/k.pem");
    auto federated =
        mustLoad(base + "sts_auth_style = \"federated\"\nsts_federated_token_file = \"/t.jwt\"\n")
            .config.tokenExchange;
    CHECK(federated.authMethod == "jwt_file");
    CHECK(federated.tokenFile == "/t.jwt");
}

TEST_CASE("seed keys without a strategy mean RFC 8693 with client_secret_post", "[config][sts]") {
    auto x = mustLoad(oauthBase + "sts_client_id = \"mcp-server\"\nsts_client_secret = \"s\"\n"
                                  "sts_audience = \"openshift\"\n")
                 .config.tokenExchange;
    CHECK(x.enabled());
    CHECK(x.strategy == "rfc8693");
    CHECK(x.authMethod == "client_secret_post");
    CHECK(x.subjectTokenType == "urn:ietf:params:oauth:token-type:access_token");
    CHECK(x.requestedTokenType == "urn:ietf:params:oauth:token-type:access_token");
}

TEST_CASE("[token_exchange] extra keys", "[config][sts]") {
    auto x = mustLoad(oauthBase + R"(
[token_exchange]
strategy = "entra-obo"
subject_token_type = "urn:ietf:params:oauth:token-type:jwt"
requested_token_type = "urn:ietf:params:oauth:token-type:id_token"
token_endpoint = "https://login.example.com/oauth2/v2.0/token"
[token_exchange.client_auth]
method = "private_key_jwt"
client_id = "app"
certificate_file = "/c.pem"
private_key_file = "/k.pem"
)")
                 .config.tokenExchange;
    CHECK(x.strategy == "entra-obo");
    CHECK(x.subjectTokenType == "urn:ietf:params:oauth:token-type:jwt");
    CHECK(x.requestedTokenType == "urn:ietf:params:oauth:token-type:id_token");
    CHECK(x.tokenEndpoint == "https://login.example.com/oauth2/v2.0/token");
    CHECK(x.authMethod == "private_key_jwt");
}

TEST_CASE("both spellings in one file: equal is fine, different is an error", "[config][sts]") {
    auto same =
        mustLoad(oauthBase + "sts_client_id = \"id\"\nsts_client_secret = \"s\"\nsts_audience = \"a\"\n"
                             "[token_exchange]\naudience = \"a\"\n");
    CHECK(same.config.tokenExchange.audience == "a");

    auto error =
        loadError(oauthBase + "sts_client_id = \"id\"\nsts_client_secret = \"s\"\nsts_audience = \"a\"\n"
                              "[token_exchange]\naudience = \"b\"\n");
    CHECK(error == "token exchange setting given twice with different values: sts_audience (test.toml:6) and "
                   "token_exchange.audience (test.toml:8); keep one spelling");

    auto style = loadError(oauthBase +
                           "sts_client_id = \"id\"\nsts_client_secret = \"s\"\nsts_auth_style = \"header\"\n"
                           "[token_exchange.client_auth]\nmethod = \"client_secret_post\"\n");
    CHECK(style.find("sts_auth_style") != std::string::npos);
    CHECK(style.find("token_exchange.client_auth.method") != std::string::npos);
}

TEST_CASE("a later drop-in may switch spelling and wins", "[config][sts][dropin]") {
    TempDir dir;
    auto main = dir.write("config.toml", oauthBase + "sts_client_id = \"id\"\nsts_client_secret = \"s\"\n"
                                                     "sts_audience = \"old\"\n");
    dir.write("conf.d/10.toml", "[token_exchange]\naudience = \"new\"\n");
    auto loaded = Loader::fromPaths(main).load();
    REQUIRE(loaded.ok());
    CHECK(loaded->config.tokenExchange.audience == "new");
    CHECK(loaded->config.tokenExchange.clientId == "id");
}

TEST_CASE("token exchange requirements", "[config][sts]") {
    CHECK(loadError(oauthBase + "sts_audience = \"openshift\"\n") ==
          "token_exchange.client_auth.client_id is required for token exchange (set sts_client_id or "
          "token_exchange.client_auth.client_id)");
    CHECK(loadError(oauthBase + "[token_exchange]\nstrategy = \"keycloak-v1\"\n")
              .find("client_id is required for token exchange") != std::string::npos);
    CHECK(
        loadError(oauthBase + "sts_client_id = \"id\"\n") ==
        "token_exchange.client_auth.client_secret is required for client_auth method client_secret_post (set "
        "sts_client_secret or token_exchange.client_auth.client_secret)");
    CHECK(loadError(oauthBase + "sts_client_id = \"id\"\nsts_auth_style = \"assertion\"\n")
              .find("certificate_file is required for client_auth method private_key_jwt") !=
          std::string::npos);
    CHECK(loadError(oauthBase + "sts_client_id = \"id\"\nsts_auth_style = \"federated\"\n")
              .find("token_file is required for client_auth method jwt_file") != std::string::npos);
}

TEST_CASE("token exchange needs require_oauth and is incompatible with kubeconfig auth", "[config][sts]") {
    CHECK(loadError("port = \"8080\"\nsts_client_id = \"id\"\nsts_client_secret = \"s\"\n")
              .find("needs require_oauth = true") != std::string::npos);
    CHECK(loadError(oauthBase + "cluster_auth_mode = \"kubeconfig\"\nsts_client_id = \"id\"\n")
              .find("cluster_auth_mode") != std::string::npos);
}

TEST_CASE("invalid token exchange values", "[config][sts]") {
    CHECK(
        loadError(oauthBase + "sts_auth_style = \"cookie\"\n") ==
        "invalid value \"cookie\" for sts_auth_style in test.toml:4: expected one of \"params\", \"header\", "
        "\"assertion\", \"federated\"");
    CHECK(loadError(oauthBase + "token_exchange_strategy = \"magic\"\n") ==
          "invalid value \"magic\" for token_exchange_strategy in test.toml:4: expected one of \"rfc8693\", "
          "\"keycloak-v1\", \"entra-obo\", \"\"");
    CHECK(loadError(oauthBase + "[token_exchange.client_auth]\nmethod = \"tls\"\n")
              .find("for token_exchange.client_auth.method in test.toml:5") != std::string::npos);
    CHECK(loadError(oauthBase + "[token_exchange]\nsubject_token_type = \"access_token\"\n")
              .find("expected a token type URN") != std::string::npos);
    CHECK(loadError(oauthBase + "sts_scopes = \"mcp:openshift\"\n") ==
          "invalid type for sts_scopes in test.toml:4: expected an array of strings, got string "
          "\"mcp:openshift\"");
}

TEST_CASE("secrets never appear in messages", "[config][sts]") {
    auto error = loadError(oauthBase + "sts_client_secret = 12345\n");
    CHECK(error.find("12345") == std::string::npos);
    CHECK(error.find("sts_client_secret") != std::string::npos);
}
