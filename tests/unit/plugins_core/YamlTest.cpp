#include <kmcp/yaml.hpp>

#include <catch2/catch.hpp>

using kmcp::sdk::toYaml;
using nlohmann::json;

namespace {
std::string scalarLine(const std::string& value) {
    return toYaml(json{{"k", value}});
}
} // namespace

TEST_CASE("toYaml quotes strings exactly where go-yaml v2 does", "[yaml]") {
    struct Case {
        const char* in;
        const char* out;
    };
    const Case cases[] = {
        {"plain", "k: plain\n"},
        {"two words", "k: two words\n"},
        {"", "k: \"\"\n"},
        {"true", "k: \"true\"\n"},
        {"yes", "k: \"yes\"\n"},
        {"Off", "k: \"Off\"\n"},
        {"y", "k: \"y\"\n"},
        {"null", "k: \"null\"\n"},
        {"~", "k: \"~\"\n"},
        {"123", "k: \"123\"\n"},
        {"-7", "k: \"-7\"\n"},
        {"0x1F", "k: \"0x1F\"\n"},
        {"0755", "k: \"0755\"\n"},
        {"1_000", "k: \"1_000\"\n"},
        {"1.5", "k: \"1.5\"\n"},
        {"1e3", "k: \"1e3\"\n"},
        {".5", "k: \".5\"\n"},
        {".inf", "k: \".inf\"\n"},
        {"10:30", "k: \"10:30\"\n"},
        {"2024-01-15T10:30:00Z", "k: \"2024-01-15T10:30:00Z\"\n"},
        {"2024-01-15", "k: \"2024-01-15\"\n"},
        {"2024-02-30", "k: 2024-02-30\n"},
        {"1.2.3", "k: 1.2.3\n"},
        {"v1", "k: v1\n"},
        {"-", "k: '-'\n"},
        {"*", "k: '*'\n"},
        {"- item", "k: '- item'\n"},
        {"-flag", "k: -flag\n"},
        {"a: b", "k: 'a: b'\n"},
        {"a:b", "k: a:b\n"},
        {"a #b", "k: 'a #b'\n"},
        {"a#b", "k: a#b\n"},
        {"#c", "k: '#c'\n"},
        {"@at", "k: '@at'\n"},
        {"it's", "k: it's\n"},
        {"'q'", "k: '''q'''\n"},
        {" lead", "k: ' lead'\n"},
        {"trail ", "k: 'trail '\n"},
        {"---", "k: '---'\n"},
        {"tab\there", "k: \"tab\\there\"\n"},
        {"bell\a", "k: \"bell\\a\"\n"},
        {"emoji \xF0\x9F\x98\x80", "k: \"emoji \\U0001F600\"\n"},
        {"caf\xC3\xA9", "k: caf\xC3\xA9\n"},
        {"http://x.io/a?b=c", "k: http://x.io/a?b=c\n"},
        {"{json}", "k: '{json}'\n"},
        {"2024-01-15 10:30:00 +0000 UTC", "k: 2024-01-15 10:30:00 +0000 UTC\n"},
    };
    for (const auto& c : cases) {
        INFO("input: " << c.in);
        CHECK(scalarLine(c.in) == c.out);
    }
}

TEST_CASE("toYaml writes multi-line strings as literal blocks", "[yaml]") {
    CHECK(scalarLine("a\nb\n") == "k: |\n  a\n  b\n");
    CHECK(scalarLine("a\nb") == "k: |-\n  a\n  b\n");
    CHECK(scalarLine("a\n\n") == "k: |+\n  a\n\n");
    CHECK(scalarLine("a\n\nb") == "k: |-\n  a\n\n  b\n");
    CHECK(scalarLine("  indented\nx") == "k: |2-\n    indented\n  x\n");
    // A space before a line break or control characters rule a block out.
    CHECK(scalarLine("a \nb") == "k: \"a \\nb\"\n");
    CHECK(scalarLine("a\r\nb") == "k: \"a\\r\\nb\"\n");
    CHECK(toYaml(json{{"k", {"x\ny"}}}) == "k:\n- |-\n  x\n  y\n");
}

TEST_CASE("toYaml lays out nested maps and sequences like sigs.k8s.io/yaml", "[yaml]") {
    json v = {{"spec", {{"containers", {{{"name", "c"}, {"args", {"a", "b"}}}}}, {"replicas", 2}}},
              {"list", {{1, 2}, json::object(), json::array()}},
              {"empty", json::object()},
              {"none", nullptr}};
    CHECK(toYaml(v) == "empty: {}\n"
                       "list:\n"
                       "- - 1\n"
                       "  - 2\n"
                       "- {}\n"
                       "- []\n"
                       "none: null\n"
                       "spec:\n"
                       "  containers:\n"
                       "  - args:\n"
                       "    - a\n"
                       "    - b\n"
                       "    name: c\n"
                       "  replicas: 2\n");
    CHECK(toYaml(json::array()) == "[]\n");
    CHECK(toYaml(json::array({{{"a", 1}, {"b", 2}}})) == "- a: 1\n  b: 2\n");
    CHECK(toYaml(nullptr) == "null\n");
    CHECK(toYaml("top\nlevel\n") == "|\n  top\n  level\n");
}

TEST_CASE("toYaml sorts keys in go-yaml's natural order", "[yaml]") {
    json v = {{"item10", 1}, {"item2", 1}, {"b", 1}, {"B", 1}, {"a_b", 1}, {"aB", 1}, {"a.b", 1}, {"a1", 1}};
    CHECK(toYaml(v) == "B: 1\na.b: 1\na_b: 1\na1: 1\naB: 1\nb: 1\nitem2: 1\nitem10: 1\n");
}

TEST_CASE("toYaml quotes keys that would not read back as strings", "[yaml]") {
    CHECK(toYaml(json{{"n", 1}}) == "\"n\": 1\n");
    CHECK(toYaml(json{{"", 1}}) == "\"\": 1\n");
    CHECK(toYaml(json{{"a\nb", 1}}) == "? |-\n  a\n  b\n: 1\n");
    std::string longKey(130, 'k');
    CHECK(toYaml(json{{longKey, 1}}) == "? " + longKey + "\n: 1\n");
}

TEST_CASE("toYaml prints numbers like Go after a JSON round trip", "[yaml]") {
    CHECK(toYaml(json{{"k", 1.5}}) == "k: 1.5\n");
    CHECK(toYaml(json{{"k", 2.0}}) == "k: 2\n");
    CHECK(toYaml(json{{"k", -0.0}}) == "k: 0\n");
    CHECK(toYaml(json{{"k", 0.00001}}) == "k: 1e-05\n");
    CHECK(toYaml(json{{"k", 0.0001}}) == "k: 0.0001\n");
    CHECK(toYaml(json{{"k", 1234567.5}}) == "k: 1.2345675e+06\n");
    CHECK(toYaml(json{{"k", 1e21}}) == "k: 1e+21\n");
    CHECK(toYaml(json{{"k", 18446744073709551615ULL}}) == "k: 18446744073709551615\n");
    CHECK(toYaml(json{{"k", -42}}) == "k: -42\n");
    CHECK(toYaml(json{{"k", true}}) == "k: true\n");
}

TEST_CASE("long lines are never folded", "[yaml]") {
    std::string words;
    for (int i = 0; i < 60; ++i)
        words += "word ";
    words += "end";
    CHECK(scalarLine(words) == "k: " + words + "\n");
}

TEST_CASE("resolveYamlScalar types plain scalars like YAML 1.1", "[yaml]") {
    using kmcp::sdk::resolveYamlScalar;
    CHECK(resolveYamlScalar("yes") == json(true));
    CHECK(resolveYamlScalar("off") == json(false));
    CHECK(resolveYamlScalar("~").is_null());
    CHECK(resolveYamlScalar("42") == json(42));
    CHECK(resolveYamlScalar("0x10") == json(16));
    CHECK(resolveYamlScalar("010") == json(8));
    CHECK(resolveYamlScalar("1.5") == json(1.5));
    CHECK(resolveYamlScalar("2024-01-15") == json("2024-01-15"));
    CHECK(resolveYamlScalar("nginx:1.25") == json("nginx:1.25"));
    CHECK(resolveYamlScalar("18446744073709551615") == json(18446744073709551615ULL));
}
