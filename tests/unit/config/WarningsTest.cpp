// Obsolete and unknown keys load, with warnings naming them.
#include "TestSupport.hpp"

using namespace kmcp::config;
using namespace kmcp::config::test;

TEST_CASE("obsolete keys are accepted with a warning naming the key", "[config][warnings]") {
    auto loaded = mustLoad("validate_token = false\nsse_base_url = \"https://example.com:8000\"\n");
    REQUIRE(loaded.warnings.size() == 2);
    CHECK(loaded.warnings[0].rfind("obsolete configuration key \"validate_token\" in test.toml:1 is ignored",
                                   0) == 0);
    CHECK(loaded.warnings[1].rfind("obsolete configuration key \"sse_base_url\" in test.toml:2 is ignored",
                                   0) == 0);
}

TEST_CASE("sse_port and http_port become port when port is absent", "[config][warnings]") {
    auto http = mustLoad("http_port = 8081\n");
    CHECK(http.config.port == "8081");
    REQUIRE(http.warnings.size() == 1);
    CHECK(http.warnings[0].find("obsolete configuration key \"http_port\" in test.toml:1") !=
          std::string::npos);
    CHECK(http.warnings[0].find("its value is used as port") != std::string::npos);

    auto both = mustLoad("http_port = 8081\nsse_port = 8082\n");
    CHECK(both.config.port == "8081");
    CHECK(anyContains(both.warnings, "\"sse_port\""));

    auto withPort = mustLoad("port = \"9000\"\nsse_port = 8082\n");
    CHECK(withPort.config.port == "9000");
    CHECK(
        anyContains(withPort.warnings, "obsolete configuration key \"sse_port\" in test.toml:2 is ignored"));

    // Errors about the mapped value use the key the user wrote.
    CHECK(loadError("sse_port = \"abc\"").find("for sse_port in test.toml:1") != std::string::npos);
}

TEST_CASE("unknown keys warn with their full name and file", "[config][warnings]") {
    auto loaded = mustLoad(R"(
prot = "8080"
[http]
max_body = 5
[cluster]
name = "x"
[[prompts]]
name = "p"
colour = "red"
[[prompts.messages]]
content = "c"
tone = "dry"
[tool_overrides.pods_list]
title = "x"
[toolset_configs.helm]
storage = "secret"
[toolset_configs.kiali]
anything = "goes"
)");
    const auto& w = loaded.warnings;
    CHECK(anyContains(w, "unknown configuration key \"prot\" in test.toml:2 (ignored)"));
    CHECK(anyContains(w, "unknown configuration key \"http.max_body\" in test.toml:4"));
    CHECK(anyContains(w, "unknown configuration key \"cluster\" in test.toml:5"));
    CHECK(anyContains(w, "unknown configuration key \"prompts[0].colour\" in test.toml:9"));
    CHECK(anyContains(w, "unknown configuration key \"prompts[0].messages[0].tone\" in test.toml:12"));
    CHECK(anyContains(w, "unknown configuration key \"tool_overrides.pods_list.title\" in test.toml:14"));
    CHECK(anyContains(w, "unknown configuration key \"toolset_configs.helm.storage\" in test.toml:16"));
    CHECK_FALSE(anyContains(w, "anything")); // other toolsets' keys belong to their plugins
    CHECK(w.size() == 7);
}

TEST_CASE("unknown keys inside [token_exchange]", "[config][warnings]") {
    auto loaded = mustLoad(oauthBase + "[token_exchange]\naudiance = \"x\"\n[token_exchange.client_auth]\n"
                                       "client_id = \"i\"\nclient_secret = \"s\"\nkey = \"k\"\n");
    REQUIRE(loaded.warnings.size() == 2);
    CHECK(loaded.warnings[0] ==
          "unknown configuration key \"token_exchange.audiance\" in test.toml:5 (ignored)");
    CHECK(loaded.warnings[1] ==
          "unknown configuration key \"token_exchange.client_auth.key\" in test.toml:9 (ignored)");
}

TEST_CASE("unknown keys in a drop-in name the drop-in", "[config][warnings][dropin]") {
    TempDir dir;
    auto main = dir.write("config.toml", "log_level = 1\n");
    auto dropIn = dir.write("conf.d/10.toml", "\nlog_levle = 3\n");
    auto loaded = Loader::fromPaths(main).load();
    REQUIRE(loaded.ok());
    REQUIRE(loaded->warnings.size() == 1);
    CHECK(loaded->warnings[0] == "unknown configuration key \"log_levle\" in " + dropIn + ":2 (ignored)");
}

TEST_CASE("reference keys this server does not implement get their own warning", "[config][warnings]") {
    auto loaded = mustLoad("tls_min_version = \"1.3\"\n[telemetry]\nendpoint = \"http://localhost:4317\"\n");
    REQUIRE(loaded.warnings.size() == 2);
    CHECK(loaded.warnings[0] ==
          "configuration key \"tls_min_version\" in test.toml:1 is not supported by this server "
          "(ignored)");
    CHECK(loaded.warnings[1].find("\"telemetry\" in test.toml:2 is not supported") != std::string::npos);
}

TEST_CASE("other warnings", "[config][warnings]") {
    auto overlap = mustLoad("enabled_tools = [\"pods_list\"]\ndisabled_tools = [\"pods_list\"]\n");
    CHECK(anyContains(overlap.warnings, "tool \"pods_list\" is in both enabled_tools and disabled_tools"));

    auto prompt =
        mustLoad("[[prompts]]\nname = \"p\"\n[[prompts.messages]]\ncontent = \"look at {{ pod }}\"\n");
    CHECK(anyContains(prompt.warnings,
                      "prompt \"p\": message 1 uses {{pod}}, which is not one of its arguments"));

    auto insecure = mustLoad(
        "port = \"8080\"\nrequire_oauth = true\nauthorization_url = \"http://idp.local/realms/r\"\n");
    CHECK(anyContains(insecure.warnings, "authorization_url uses http://"));

    CHECK(anyContains(mustLoad("toolsets = []").warnings, "toolsets is empty"));
    CHECK(mustLoad("toolsets = [\"core\"]\nread_only = true\n").warnings.empty());
}
