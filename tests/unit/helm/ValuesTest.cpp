#include "Values.hpp"
#include "ChartLoader.hpp"
#include "SchemaValidator.hpp"

#include <catch2/catch.hpp>

using namespace kmcp::helm;

namespace {
std::shared_ptr<Chart> chartWith(const std::string& name, json values) {
    auto c = std::make_shared<Chart>();
    c->metadata.name = name;
    c->metadata.version = "1.0.0";
    c->metadata.apiVersion = "v2";
    c->values = std::move(values);
    return c;
}
} // namespace

TEST_CASE("user values override chart defaults; null deletes a default") {
    auto c = chartWith("top", json::parse(R"({"a":1,"b":{"x":1,"y":2},"c":"keep","d":{"e":1}})"));
    auto v = coalesceValues(*c, json::parse(R"({"a":5,"b":{"y":null,"z":3},"c":null,"new":null})"));
    CHECK(v["a"] == 5);
    CHECK(v["b"] == json::parse(R"({"x":1,"z":3})"));
    CHECK_FALSE(v.contains("c"));
    CHECK(v.contains("new")); // helm only deletes keys the chart defines
    CHECK(v["d"] == json::parse(R"({"e":1})"));
}

TEST_CASE("type conflicts keep the user value and warn, like helm") {
    auto c = chartWith("top", json::parse(R"({"t":{"a":1},"s":"str"})"));
    std::vector<std::string> warnings;
    auto v = coalesceValues(*c, json::parse(R"({"t":"flat","s":{"a":1}})"), false,
                            [&](const std::string& w) { warnings.push_back(w); });
    CHECK(v["t"] == "flat");
    CHECK(v["s"] == json::parse(R"({"a":1})"));
    CHECK(warnings.size() == 1);
}

TEST_CASE("parent values and globals flow into subcharts") {
    auto top =
        chartWith("top", json::parse(R"({"global":{"env":"prod","db":{"host":"h"}},"sub":{"size":2}})"));
    auto sub =
        chartWith("sub", json::parse(R"({"size":1,"image":"x","global":{"env":"dev","db":{"port":5432}}})"));
    top->dependencies.push_back(sub);
    auto v = coalesceValues(*top, json::parse(R"({"global":{"user":"u"},"sub":{"image":null}})"));
    CHECK(v["sub"]["size"] == 2);
    CHECK_FALSE(v["sub"].contains("image"));
    // Parent globals win over the subchart's own; nested global tables merge.
    CHECK(v["sub"]["global"]["env"] == "prod");
    CHECK(v["sub"]["global"]["user"] == "u");
    CHECK(v["sub"]["global"]["db"] == json::parse(R"({"host":"h","port":5432})"));
}

TEST_CASE("path lookups used by conditions") {
    auto v = json::parse(R"({"a":{"b":{"c":true}},"flag":false})");
    CHECK(valuesPathValue(v, "a.b.c") == json(true));
    CHECK(valuesPathValue(v, "flag") == json(false));
    CHECK_FALSE(valuesPathValue(v, "a.b"));
    CHECK_FALSE(valuesPathValue(v, "a.x.c"));
    CHECK(valuesTable(v, "a.b") == json::parse(R"({"c":true})"));
}

TEST_CASE("dependencies: alias, condition, tags and import-values on the umbrella chart") {
    auto c = loadChartDir(std::string(HELM_TEST_CHARTS) + "/shop");
    processDependencies(*c, json::object());
    std::vector<std::string> names;
    for (const auto& d : c->dependencies)
        names.push_back(d->name());
    CHECK(names == std::vector<std::string>{"common", "cache", "backend"}); // metrics: tag monitoring=false
    REQUIRE(c->metadata.dependencies.size() == 3);
    CHECK(c->metadata.dependencies[2].name == "backend");
    CHECK(c->metadata.dependencies[2].enabled);
    CHECK(c->metadata.dependencies[2].importValues ==
          json::parse(
              R"([{"child":"exported","parent":"fromApi"},{"child":"exports.defaults","parent":"."}])"));
    // Imported values rank below the parent's own.
    CHECK(c->values["fromApi"] == json::parse(R"({"format":"json","level":"warn"})"));
    CHECK(c->values["timeout"] == "30s");
    auto v = coalesceValues(*c, json::object());
    CHECK(v["backend"]["replicas"] == 3);
    CHECK(v["cache"]["size"] == 2);
    CHECK(v["cache"]["global"]["env"] == "prod");
}

TEST_CASE("conditions and tags from user values switch subcharts") {
    auto c = loadChartDir(std::string(HELM_TEST_CHARTS) + "/shop");
    processDependencies(*c, json::parse(R"({"cache":{"enabled":false},"tags":{"monitoring":true}})"));
    std::vector<std::string> names;
    for (const auto& d : c->dependencies)
        names.push_back(d->name());
    CHECK(names == std::vector<std::string>{"common", "backend", "metrics"});
}

TEST_CASE("schema validation reports errors worded like helm's") {
    auto schema = json::parse(R"({
      "type":"object","required":["name","port"],
      "properties":{
        "port":{"type":"integer","minimum":1,"maximum":65535},
        "mode":{"enum":["a","b"]},
        "image":{"type":"object","properties":{"tag":{"type":"string","pattern":"^v[0-9]+$"}},
                 "additionalProperties":false},
        "list":{"type":"array","items":{"type":"string"}}
      }})");
    auto errs = validateSchema(
        schema,
        json::parse(R"({"port":70000,"mode":"c","image":{"tag":"latest","extra":1},"list":["ok",3]})"));
    CHECK(errs == std::vector<std::string>{
                      "(root): name is required",
                      "image: Additional property extra is not allowed",
                      "image.tag: Does not match pattern '^v[0-9]+$'",
                      "list.1: Invalid type. Expected: string, given: integer",
                      "mode: mode must be one of the following: \"a\", \"b\"",
                      "port: Must be less than or equal to 65535",
                  });
    CHECK(validateSchema(schema, json::parse(R"({"name":"x","port":2.0})")).empty());
    CHECK(validateSchema(schema, json::parse(R"({"name":"x","port":"80"})")) ==
          std::vector<std::string>{"port: Invalid type. Expected: integer, given: string"});
}

TEST_CASE("chart schema validation covers subcharts and names the chart") {
    auto c = loadChartDir(std::string(HELM_TEST_CHARTS) + "/webapp");
    auto ok = coalesceValues(*c, json::object());
    CHECK(validateChartValues(*c, ok).empty());
    auto bad =
        coalesceValues(*c, json::parse(R"({"replicaCount":"three","image":{"pullPolicy":"Sometimes"}})"));
    CHECK(validateChartValues(*c, bad) == "webapp:\n"
                                          "- image.pullPolicy: image.pullPolicy must be one of the "
                                          "following: \"Always\", \"IfNotPresent\", \"Never\"\n"
                                          "- replicaCount: Invalid type. Expected: integer, given: string\n");
}
