#include "ContextsFormat.hpp"

#include <catch2/catch.hpp>

using kmcp::plugins::config::formatContexts;
using nlohmann::json;

TEST_CASE("formatContexts lists contexts sorted, marking the default", "[config]") {
    json contexts = {{{"name", "prod"}, {"server", "https://prod:6443"}, {"current", false}},
                     {{"name", "dev"}, {"server", "https://dev:6443"}, {"current", true}}};
    auto out = formatContexts(contexts);
    CHECK(out.text.find("(2 total, default: dev)") != std::string::npos);
    CHECK(out.text.find("*dev -> https://dev:6443\n prod -> https://prod:6443\n") != std::string::npos);
    CHECK(out.structured["defaultContext"] == "dev");
    CHECK(out.structured["contexts"][0] ==
          json{{"name", "dev"}, {"server", "https://dev:6443"}, {"default", true}});
    CHECK(out.structured["contexts"][1]["default"] == false);
}

TEST_CASE("formatContexts says so when there is none", "[config]") {
    auto out = formatContexts(json::array());
    CHECK(out.text == "No contexts found in kubeconfig");
    CHECK(out.structured.is_null());
}
