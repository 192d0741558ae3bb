// Invalid values: each error names the key, where it was set, the value and what is allowed.
#include "TestSupport.hpp"

using namespace kmcp::config;
using namespace kmcp::config::test;

TEST_CASE("invalid enumerations", "[config][errors]") {
    CHECK(loadError("list_output = \"xml\"") ==
          "invalid value \"xml\" for list_output in test.toml:1: expected one of \"table\", \"yaml\"");
    CHECK(
        loadError("cluster_provider_strategy = \"foo\"") ==
        "invalid value \"foo\" for cluster_provider_strategy in test.toml:1: expected one of \"kubeconfig\", "
        "\"in-cluster\", \"disabled\", \"\"");
    CHECK(loadError("cluster_auth_mode = \"token\"") ==
          "invalid value \"token\" for cluster_auth_mode in test.toml:1: expected one of \"passthrough\", "
          "\"kubeconfig\", \"\"");
}

TEST_CASE("invalid numbers", "[config][errors]") {
    CHECK(loadError("log_level = 12") ==
          "invalid value 12 for log_level in test.toml:1: expected an integer from 0 to 9");
    CHECK(loadError("log_level = -1") ==
          "invalid value -1 for log_level in test.toml:1: expected an integer from 0 to 9");
    CHECK(loadError("port = \"abc\"") == "invalid value \"abc\" for port in test.toml:1: expected a TCP port "
                                         "number 0-65535 (string or integer), "
                                         "or \"\" for stdio");
    CHECK(loadError("port = 70000").find("invalid value 70000 for port") != std::string::npos);
    CHECK(loadError("port = \"70000\"").find("invalid value \"70000\" for port") != std::string::npos);
    CHECK(loadError("port = \"80 80\"").find("for port") != std::string::npos);
    CHECK(loadError("metrics_port = \"x\"").find("for metrics_port in test.toml:1") != std::string::npos);
    CHECK(loadError("[http]\nmax_body_bytes = 0") ==
          "invalid value 0 for http.max_body_bytes in test.toml:2: expected a positive number of bytes");
    CHECK(loadError("[http]\nrate_limit_rps = -1") ==
          "invalid value -1 for http.rate_limit_rps in test.toml:2: expected a number >= 0 (0 disables)");
    CHECK(loadError("[http]\nrate_limit_burst = -2").find("for http.rate_limit_burst") != std::string::npos);
    CHECK(loadError("[http]\nmax_workers = 0") ==
          "invalid value 0 for http.max_workers in test.toml:2: expected an integer from 1 to 4096");
    CHECK(loadError("[http]\nmax_streams = -1").find("for http.max_streams") != std::string::npos);
    CHECK(loadError("[http]\nread_header_timeout = \"10 seconds\"") ==
          "invalid value \"10 seconds\" for http.read_header_timeout in test.toml:2: expected a non-negative "
          "Go "
          "duration such as \"10s\", \"1m30s\" or \"500ms\"");
    CHECK(loadError("[http]\nread_header_timeout = \"-5s\"").find("non-negative") != std::string::npos);
}

TEST_CASE("wrong types", "[config][errors]") {
    CHECK(
        loadError("read_only = \"yes\"") ==
        "invalid type for read_only in test.toml:1: expected a boolean (true or false), got string \"yes\"");
    CHECK(loadError("log_level = \"2\"") ==
          "invalid type for log_level in test.toml:1: expected an integer, got string \"2\"");
    CHECK(
        loadError("toolsets = \"core,config\"") ==
        "invalid type for toolsets in test.toml:1: expected an array of strings, got string \"core,config\"");
    CHECK(loadError("toolsets = [\"core\", 1]") ==
          "invalid type for toolsets in test.toml:1: expected an array of strings, found integer 1");
    CHECK(loadError("port = true") ==
          "invalid type for port in test.toml:1: expected a TCP port number 0-65535 "
          "(string or integer), or \"\" for stdio, got boolean true");
    CHECK(loadError("port = 8080.5").find("got float 8080.5") != std::string::npos);
    CHECK(loadError("http = 5") == "invalid type for http in test.toml:1: expected a table, got integer 5");
    CHECK(loadError("[http]\nmax_body_bytes = \"16MB\"").find("expected an integer") != std::string::npos);
    CHECK(loadError("[http]\nread_header_timeout = 10").find("got integer 10") != std::string::npos);
    CHECK(loadError("kubeconfig = [\"a\"]") ==
          "invalid type for kubeconfig in test.toml:1: expected a string, got an "
          "array");
    CHECK(loadError("server_instructions = 2024-01-01").find("got a date/time") != std::string::npos);
    CHECK(loadError("tool_overrides = [\"x\"]").find("invalid type for tool_overrides") != std::string::npos);
    CHECK(
        loadError("[tool_overrides]\npods_list = \"x\"").find("invalid type for tool_overrides.pods_list") !=
        std::string::npos);
    CHECK(loadError("[tool_overrides.pods_list]\ndescription = 3")
              .find("invalid type for tool_overrides.pods_list.description in test.toml:2") !=
          std::string::npos);
    CHECK(loadError("token_exchange = \"x\"").find("invalid type for token_exchange") != std::string::npos);
}

TEST_CASE("denied_resources errors", "[config][errors]") {
    CHECK(
        loadError("denied_resources = [{group = \"apps\", kind = \"Deployment\"}]").find("needs a version") !=
        std::string::npos);
    CHECK(loadError("denied_resources = [\"Secret\"]").find("invalid type for denied_resources[0]") !=
          std::string::npos);
    CHECK(loadError("denied_resources = [{version = 1}]")
              .find("invalid type for denied_resources[0].version") != std::string::npos);
}

TEST_CASE("prompt errors", "[config][errors]") {
    CHECK(
        loadError("[[prompts]]\ntitle = \"x\"\n[[prompts.messages]]\ncontent = \"c\"\n").find("prompts[0]") !=
        std::string::npos);
    CHECK(loadError("[[prompts]]\nname = \"p\"\n").find("prompt \"p\"") != std::string::npos);
    CHECK(loadError("[[prompts]]\nname = \"p\"\n").find("needs at least one [[prompts.messages]]") !=
          std::string::npos);
    CHECK(
        loadError("[[prompts]]\nname = \"p\"\n[[prompts.messages]]\nrole = \"system\"\ncontent = \"c\"\n") ==
        "invalid value \"system\" for prompts[0].messages[0].role in test.toml:4: expected one of \"user\", "
        "\"assistant\"");
    CHECK(loadError("[[prompts]]\nname = \"p\"\n[[prompts.messages]]\nrole = \"user\"\n")
              .find("needs a non-empty \"content\"") != std::string::npos);
    const std::string twice = "[[prompts]]\nname = \"p\"\n[[prompts.messages]]\ncontent = \"c\"\n";
    CHECK(loadError(twice + twice) == "prompt \"p\" is defined twice");
    CHECK(loadError(
              "[[prompts]]\nname = \"p\"\n[[prompts.arguments]]\nname = \"a\"\n[[prompts.arguments]]\nname = "
              "\"a\"\n[[prompts.messages]]\ncontent = \"c\"\n") ==
          "prompt \"p\" declares argument \"a\" twice");
    CHECK(loadError("[[prompts]]\nname = \"p\"\n[[prompts.arguments]]\nname = \"a\"\nrequired = \"yes\"\n"
                    "[[prompts.messages]]\ncontent = \"c\"\n")
              .find("prompts[0].arguments[0].required") != std::string::npos);
}

TEST_CASE("helm toolset config errors", "[config][errors]") {
    CHECK(loadError("[toolset_configs.helm]\nstorage_driver = \"sql\"") ==
          "invalid value \"sql\" for toolset_configs.helm.storage_driver in test.toml:2: expected one of "
          "\"secret\", "
          "\"configmap\", \"memory\"");
    CHECK(loadError("[toolset_configs.helm]\nallowed_registries = \"oci://x\"") ==
          "invalid type for toolset_configs.helm.allowed_registries in test.toml:2: expected an array of "
          "strings, got "
          "string \"oci://x\"");
    CHECK(loadError("[toolset_configs.helm]\nallowed_registries = [\"http://charts.example.com\"]") ==
          "invalid entry \"http://charts.example.com\" in toolset_configs.helm.allowed_registries in "
          "test.toml:2: "
          "expected an oci:// or https:// URL with a host");
    CHECK(loadError("[toolset_configs.helm]\nallowed_registries = [\"oci://\"]").find("invalid entry") !=
          std::string::npos);
    CHECK(loadError("[toolset_configs.helm]\nchart_dirs = [1]").find("toolset_configs.helm.chart_dirs") !=
          std::string::npos);
    CHECK(loadError("[toolset_configs.helm]\nchart_dirs = [\"\"]").find("non-empty directory paths") !=
          std::string::npos);
    CHECK(loadError("[[toolset_configs.helm.repositories]]\nurl = \"https://x.example.com\"")
              .find("needs a non-empty \"name\"") != std::string::npos);
    CHECK(loadError("[[toolset_configs.helm.repositories]]\nname = \"r\"\nurl = \"ftp://x\"")
              .find("expected an https://, http:// or oci:// URL") != std::string::npos);
    CHECK(loadError("[[toolset_configs.helm.repositories]]\nname = \"r\"\nurl = \"https://a.example.com\"\n"
                    "[[toolset_configs.helm.repositories]]\nname = \"r\"\nurl = \"https://b.example.com\"")
              .find("repeats the repository name \"r\"") != std::string::npos);
    CHECK(loadError("toolset_configs = { kiali = 1 }").find("invalid type for toolset_configs.kiali") !=
          std::string::npos);
}

TEST_CASE("TOML syntax errors give file, line and column", "[config][errors]") {
    auto error = loadError("port = \"8080\"\nread_only = tru\n");
    CHECK(error.rfind("cannot parse test.toml:2:", 0) == 0);
}
