#include "plugins/Registry.hpp"
#include "plugins/PluginManager.hpp"
#include "plugins/SchemaValidator.hpp"
#include "plugins/ToolExecutor.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>

using namespace kmcp;
using nlohmann::json;

TEST_CASE("schema validation names the offending field") {
    json schema = json::parse(R"({
      "type":"object","required":["name"],
      "properties":{
        "name":{"type":"string","minLength":1},
        "tail":{"type":"integer","minimum":0},
        "command":{"type":"array","items":{"type":"string"}},
        "mode":{"type":"string","enum":["a","b"]},
        "labels":{"type":"object","additionalProperties":{"type":"string"}}
      }})");
    using plugins::validateArguments;
    CHECK_FALSE(validateArguments(schema, json{{"name", "x"}}).has_value());
    CHECK(*validateArguments(schema, json::object()) == "missing required argument 'name'");
    CHECK(*validateArguments(schema, json{{"name", 1}}) == "argument 'name' must be string, got integer");
    CHECK(*validateArguments(schema, json{{"name", ""}}) ==
          "argument 'name' must have at least 1 characters");
    CHECK(*validateArguments(schema, json{{"name", "x"}, {"tail", -1}}) == "argument 'tail' must be >= 0");
    CHECK(*validateArguments(schema, json{{"name", "x"}, {"tail", 1.5}}) ==
          "argument 'tail' must be integer, got number");
    CHECK_FALSE(validateArguments(schema, json{{"name", "x"}, {"tail", 2.0}}).has_value());
    CHECK(*validateArguments(schema, json{{"name", "x"}, {"command", {"ls", 3}}}) ==
          "argument 'command[1]' must be string, got integer");
    CHECK(*validateArguments(schema, json{{"name", "x"}, {"mode", "c"}}) ==
          R"(argument 'mode' must be one of ["a","b"])");
    CHECK(*validateArguments(schema, json{{"name", "x"}, {"labels", {{"k", 1}}}}) ==
          "argument 'labels.k' must be string, got integer");
    CHECK(*validateArguments(schema, json::array()) == "arguments must be a JSON object");
    json closed = {{"type", "object"}, {"properties", json::object()}, {"additionalProperties", false}};
    CHECK(*validateArguments(closed, json{{"x", 1}}) == "unknown argument 'x'");
}

TEST_CASE("registry applies profiles, overrides and the context argument") {
    plugins::PluginManager pm({std::getenv("KMCP_ABI_FIXTURES")});
    auto loaded = pm.load({"pure_c", "hello"}, json::object());
    REQUIRE(loaded.ok());

    SECTION("one context: no context argument") {
        auto reg = plugins::Registry::build(loaded.value(), {});
        REQUIRE(reg->findTool("c_kube") != nullptr);
        CHECK_FALSE(
            reg->findTool("c_kube")->def.inputSchema.value("properties", json::object()).contains("context"));
        CHECK(reg->toolsets() == std::vector<std::string>{"pure_c", "hello"});
    }
    SECTION("several contexts: cluster tools take `context`, other tools do not") {
        plugins::Registry::Options o;
        o.contexts = {"a", "b"};
        auto reg = plugins::Registry::build(loaded.value(), o);
        CHECK(reg->findTool("c_kube")->def.inputSchema["properties"]["context"]["enum"] == json{"a", "b"});
        const auto& echoSchema = reg->findTool("c_echo")->def.inputSchema;
        CHECK_FALSE((echoSchema.contains("properties") && echoSchema["properties"].contains("context")));
    }
    SECTION("filters and description overrides") {
        plugins::Registry::Options o;
        o.allow = [](const plugins::ToolDefinition& d) { return d.name != "c_echo"; };
        o.describe = [](const plugins::ToolDefinition& d) {
            return d.name == "c_kube" ? "custom" : d.description;
        };
        auto reg = plugins::Registry::build(loaded.value(), o);
        CHECK(reg->findTool("c_echo") == nullptr);
        CHECK(reg->findTool("c_kube")->def.description == "custom");
    }
    SECTION("configuration prompts substitute their arguments") {
        plugins::Registry::Options o;
        config::Prompt p;
        p.name = "triage";
        p.arguments = {{"ns", "namespace", true}};
        p.messages = {{"user", "Check {{ns}} and then {{ns}} again"}};
        o.userPrompts = {p};
        auto reg = plugins::Registry::build(loaded.value(), o);
        const auto* prompt = reg->findPrompt("triage");
        REQUIRE(prompt != nullptr);
        auto messages = plugins::runPrompt(*prompt, json{{"ns", "dev"}}, {});
        REQUIRE(messages.ok());
        CHECK(messages.value()[0]["content"]["text"] == "Check dev and then dev again");
        auto missing = plugins::runPrompt(*prompt, json::object(), {});
        REQUIRE_FALSE(missing.ok());
        CHECK_THAT(missing.error().message, Catch::Contains("missing required argument 'ns'"));
    }
}
