#include "TestUtil.h"
#include "ValueYaml.h"
#include "YamlEmitter.h"

#include <catch2/catch.hpp>

using kmcp::helm::tmpl::parseYamlValue;
using kmcp::helm::tmpl::toYamlDocument;
using kmcp::helm::tmpl::Value;
using kmcp::helm::tmpl::yamlKeyLess;
using kmcp::helm::tmpl::test::render;
using nlohmann::json;

namespace {

std::string yaml(const json& j) {
    return toYamlDocument(Value::fromJson(j));
}
std::string yamlString(const std::string& s) {
    return yaml(json{{"k", s}});
}

} // namespace

TEST_CASE("toYaml block layout", "[helm_template][yaml]") {
    CHECK(yaml(json{{"b", {{"c", 1}, {"a", "x"}}}, {"a", {1, 2}}}) == "a:\n- 1\n- 2\nb:\n  a: x\n  c: 1\n");
    CHECK(yaml(json::array({{{"a", 1}, {"b", 2}}, {{"c", 3}}})) == "- a: 1\n  b: 2\n- c: 3\n");
    CHECK(yaml(json::array({{1, 2}, {3}})) == "- - 1\n  - 2\n- - 3\n");
    CHECK(yaml(json{{"e", json::object()}, {"l", json::array()}, {"z", nullptr}}) ==
          "e: {}\nl: []\nz: null\n");
    CHECK(yaml(json{{"n", 1}, {"y", "n"}}) == "\"n\": 1\n\"y\": \"n\"\n");
    CHECK(yaml(json{{"m", {{"l", {{{"x", 1}}}}}}}) == "m:\n  l:\n  - x: 1\n");
    CHECK(yaml(json{{"t", true}, {"f", false}}) == "f: false\nt: true\n");
    CHECK(yaml(json("plain")) == "plain\n");
}

TEST_CASE("toYaml numbers go through encoding/json", "[helm_template][yaml]") {
    CHECK(yaml(json{{"a", 8080.0}, {"b", 1.5}, {"c", 1e21}, {"d", 0.00001}, {"e", -3}}) ==
          "a: 8080\nb: 1.5\nc: 1e+21\nd: 1e-05\ne: -3\n");
    CHECK(yaml(json{{"big", 1e20}}) == "big: 1e+20\n");
}

TEST_CASE("toYaml quotes strings like go-yaml v2", "[helm_template][yaml]") {
    CHECK(yamlString("true") == "k: \"true\"\n");
    CHECK(yamlString("yes") == "k: \"yes\"\n");
    CHECK(yamlString("1") == "k: \"1\"\n");
    CHECK(yamlString("1.5") == "k: \"1.5\"\n");
    CHECK(yamlString("0x1F") == "k: \"0x1F\"\n");
    CHECK(yamlString("") == "k: \"\"\n");
    CHECK(yamlString("null") == "k: \"null\"\n");
    CHECK(yamlString("~") == "k: \"~\"\n");
    CHECK(yamlString("12:30") == "k: \"12:30\"\n");
    CHECK(yamlString("2024-01-15") == "k: \"2024-01-15\"\n");
    CHECK(yamlString("a: b") == "k: 'a: b'\n");
    CHECK(yamlString("- x") == "k: '- x'\n");
    CHECK(yamlString("*star") == "k: '*star'\n");
    CHECK(yamlString("x #y") == "k: 'x #y'\n");
    CHECK(yamlString("x#y") == "k: x#y\n");
    CHECK(yamlString(" lead") == "k: ' lead'\n");
    CHECK(yamlString("trail ") == "k: 'trail '\n");
    CHECK(yamlString("it's: x") == "k: 'it''s: x'\n");
    CHECK(yamlString("tab\there") == "k: \"tab\\there\"\n");
    CHECK(yamlString("{a}") == "k: '{a}'\n");
    CHECK(yamlString("http://x.y/z?a=b") == "k: http://x.y/z?a=b\n");
    CHECK(yamlString("héllo wörld") == "k: héllo wörld\n");
    CHECK(yaml(json{{"true", 1}, {"", 2}}) == "\"\": 2\n\"true\": 1\n");
}

TEST_CASE("toYaml literal blocks for multi-line strings", "[helm_template][yaml]") {
    CHECK(yamlString("a\nb") == "k: |-\n  a\n  b\n");
    CHECK(yamlString("a\nb\n") == "k: |\n  a\n  b\n");
    CHECK(yamlString("a\n\n") == "k: |+\n  a\n\n");
    CHECK(yamlString(" a\nb") == "k: |2-\n   a\n  b\n");
    CHECK(yamlString("a\n\nb") == "k: |-\n  a\n\n  b\n");
    CHECK(yamlString("a \nb") == "k: \"a \\nb\"\n");
    CHECK(yaml(json{{"m", {{"s", "x\ny"}}}}) == "m:\n  s: |-\n    x\n    y\n");
    CHECK(yaml(json::array({"x\ny"})) == "- |-\n  x\n  y\n");
}

TEST_CASE("toYaml folds long scalars at 80 columns", "[helm_template][yaml]") {
    std::string words;
    for (int i = 0; i < 20; ++i)
        words += (i ? " " : "") + std::string("abcd");
    std::string first;
    for (int i = 0; i < 16; ++i)
        first += (i ? " " : "") + std::string("abcd");
    CHECK(yamlString(words) == "k: " + first + "\n  abcd abcd abcd abcd\n");
    std::string noSpaces(120, 'x');
    CHECK(yamlString(noSpaces) == "k: " + noSpaces + "\n");
}

TEST_CASE("go-yaml key order", "[helm_template][yaml]") {
    CHECK(yamlKeyLess("a2", "a10"));
    CHECK_FALSE(yamlKeyLess("a10", "a2"));
    CHECK(yamlKeyLess("_x", "B"));
    CHECK(yamlKeyLess("B", "a"));
    CHECK(yamlKeyLess("a", "ab"));
    CHECK(yaml(json{{"a10", 1}, {"a2", 2}, {"B", 3}, {"_x", 4}}) == "_x: 4\nB: 3\na2: 2\na10: 1\n");
}

TEST_CASE("YAML parsing follows sigs.k8s.io/yaml", "[helm_template][yaml]") {
    Value v = parseYamlValue("a: 1\nb: yes\nc: \"1\"\nd: 1.5\ne: ~\nf: 2024-01-01\ng: [x, 0x10]\nh: on\n");
    CHECK(v.map().at("a").isFloat());
    CHECK(v.map().at("a").asFloat() == 1.0);
    CHECK(v.map().at("b").asBool());
    CHECK(v.map().at("c").asString() == "1");
    CHECK(v.map().at("e").isNil());
    CHECK(v.map().at("f").asString() == "2024-01-01");
    CHECK(v.map().at("g").list()[1].asFloat() == 16.0);
    CHECK(v.map().at("h").asBool());
    Value merged = parseYamlValue("base: &b {a: 1, b: 2}\nderived:\n  <<: *b\n  b: 3\n");
    CHECK(merged.map().at("derived").map().at("a").asFloat() == 1.0);
    CHECK(merged.map().at("derived").map().at("b").asFloat() == 3.0);
    // YAML 1.1 reads the key `y` as boolean true; the JSON round trip makes it "true".
    CHECK(parseYamlValue("y: 1").map().count("true") == 1);
}

TEST_CASE("toYaml / fromYaml template functions", "[helm_template][yaml]") {
    json d = {{"r", {{"limits", {{"cpu", "100m"}, {"memory", "128Mi"}}}}}};
    CHECK(render("resources:\n  {{- toYaml .r | nindent 2 }}", d) ==
          "resources:\n  limits:\n    cpu: 100m\n    memory: 128Mi");
    CHECK(render("{{ toYaml \"a\" }}|") == "a|");
    CHECK(render("{{ (fromYaml \"a: {b: c}\").a.b }}") == "c");
    CHECK(render("{{ (fromYaml \"num: 3\").num | printf \"%T\" }}") == "float64");
    CHECK(render("{{ (fromYaml \"- a\").Error }}").find("cannot unmarshal array") != std::string::npos);
    CHECK(render("{{ index (fromYamlArray \"- a\\n- b\") 1 }}") == "b");
    CHECK(render("{{ fromYaml \"\" | len }}") == "0");
}
