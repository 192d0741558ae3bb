#include "TestUtil.h"

#include <catch2/catch.hpp>

using kmcp::helm::tmpl::test::render;
using kmcp::helm::tmpl::test::renderError;
using nlohmann::json;

TEST_CASE("and / or return the deciding value and short-circuit", "[helm_template][builtins]") {
    CHECK(render("{{ and 1 0 2 }}") == "0");
    CHECK(render("{{ and 1 2 }}") == "2");
    CHECK(render("{{ or 0 \"\" \"x\" }}") == "x");
    CHECK(render("{{ or 0 false }}") == "false");
    CHECK(render("{{ and false (fail \"never\") }}") == "false");
    CHECK(render("{{ or true (fail \"never\") }}") == "true");
    CHECK(render("{{ not 0 }} {{ not \"a\" }}") == "true false");
}

TEST_CASE("comparisons follow Go's basic kinds", "[helm_template][builtins]") {
    CHECK(render("{{ eq 1 1 }} {{ eq \"a\" \"b\" }} {{ eq 2 1 2 }}") == "true false true");
    CHECK(render("{{ ne 1 2 }} {{ lt 1 2 }} {{ le 2 2 }} {{ gt \"b\" \"a\" }} {{ ge 1.5 2.5 }}") ==
          "true true true true false");
    CHECK(render("{{ eq .missing \"x\" }}", json::object()) == "false");
    CHECK(render("{{ eq (add 1 1) 2 }}") == "true");
    CHECK(
        renderError("{{ eq .f 1 }}", json{{"f", 1.0}}) ==
        "template: t:1:3: executing \"t\" at <eq .f 1>: error calling eq: incompatible types for comparison");
    CHECK(renderError("{{ lt true false }}").find("invalid type for comparison") != std::string::npos);
    CHECK(renderError("{{ eq 1 }}").find("missing argument for comparison") != std::string::npos);
}

TEST_CASE("index and len", "[helm_template][builtins]") {
    json d = {{"m", {{"a", {{"b", "deep"}}}, {"dash-key", 5}}}, {"l", {10, 20, 30}}};
    CHECK(render("{{ index .m \"a\" \"b\" }}", d) == "deep");
    CHECK(render("{{ index .m \"dash-key\" }}", d) == "5");
    CHECK(render("{{ index .l 1 }}", d) == "20");
    CHECK(render("[{{ index .m \"zz\" }}]", d) == "[<no value>]");
    CHECK(renderError("{{ index .m \"zz\" \"y\" }}", d).find("error calling index: index of nil pointer") !=
          std::string::npos);
    CHECK(renderError("{{ index .l 5 }}", d).find("index out of range: 5") != std::string::npos);
    CHECK(render("{{ len .l }} {{ len \"héllo\" }} {{ len .m }}", d) == "3 6 2");
    CHECK(renderError("{{ len 3 }}").find("len of type int") != std::string::npos);
}

TEST_CASE("print family, html, js, urlquery", "[helm_template][builtins]") {
    CHECK(render("{{ print 1 2 \"a\" 3 \"b\" \"c\" }}") == "1 2a3bc");
    CHECK(render("{{ println 1 \"a\" }}") == "1 a\n");
    CHECK(render("{{ html \"<a href='x'>&\" }}") == "&lt;a href=&#39;x&#39;&gt;&amp;");
    CHECK(render("{{ js \"it's <b>\" }}") == "it\\'s \\u003Cb\\u003E");
    CHECK(render("{{ urlquery \"a b&c\" }}") == "a+b%26c");
}

TEST_CASE("printf verbs", "[helm_template][builtins]") {
    CHECK(render("{{ printf \"%s|%d|%v|%q|%t\" \"s\" 5 1.5 \"q\" true }}") == "s|5|1.5|\"q\"|true");
    CHECK(render("{{ printf \"%5s|%-5s|%05d|%+d|%x|%X|%o|%b\" \"ab\" \"ab\" 42 3 255 255 8 5 }}") ==
          "   ab|ab   |00042|+3|ff|FF|10|101");
    CHECK(render("{{ printf \"%.2f|%f|%e|%g|%8.3f\" 3.14159 2.5 1234.5678 0.000012 3.14159 }}") ==
          "3.14|2.500000|1.234568e+03|1.2e-05|   3.142");
    CHECK(render("{{ printf \"%%|%c|%U\" 65 65 }}") == "%|A|U+0041");
    CHECK(render("{{ printf \"%d\" .p }}", json{{"p", 8080.0}}) == "%!d(float64=8080)");
    CHECK(render("{{ printf \"%s\" 5 }}") == "%!s(int=5)");
    CHECK(render("{{ printf \"%s %s\" \"a\" }}") == "a %!s(MISSING)");
    CHECK(render("{{ printf \"%s\" \"a\" \"b\" }}") == "a%!(EXTRA string=b)");
    CHECK(render("{{ printf \"%v %v\" (list 1 \"a\") (dict \"k\" 1) }}") == "[1 a] map[k:1]");
    CHECK(render("{{ printf \"%T %T %T\" 1 .f (list) }}", json{{"f", 1.5}}) == "int float64 []interface {}");
    CHECK(render("{{ printf \"%v\" nil }}") == "<nil>");
    CHECK(render("{{ printf \"%.3s|%x\" \"abcdef\" \"hi\" }}") == "abc|6869");
}

TEST_CASE("number printing follows Go's %v", "[helm_template][builtins]") {
    json d = {{"i", 3.0}, {"big", 1000000.0}, {"f", 0.1}, {"small", 0.00001}, {"n", 123456.0}, {"neg", -2.5}};
    CHECK(render("{{ .i }} {{ .big }} {{ .f }} {{ .small }} {{ .n }} {{ .neg }}", d) ==
          "3 1e+06 0.1 1e-05 123456 -2.5");
    CHECK(render("{{ .x }}", json{{"x", 12345678.0}}) == "1.2345678e+07");
    CHECK(render("{{ .x }}", json{{"x", 12345678}}) == "12345678");
}
