#include "TestUtil.h"

#include <catch2/catch.hpp>

using kmcp::helm::tmpl::test::render;
using kmcp::helm::tmpl::test::renderError;
using nlohmann::json;

TEST_CASE("text and simple actions", "[helm_template][syntax]") {
    CHECK(render("hello") == "hello");
    CHECK(render("{{ \"a\" }}-{{ `b` }}") == "a-b");
    CHECK(render("{{ .name }}", json{{"name", "x"}}) == "x");
    CHECK(render("{{ .a.b.c }}", json{{"a", {{"b", {{"c", 3}}}}}}) == "3");
    CHECK(render("{{ . }}", json("dot")) == "dot");
    CHECK(render("{{ 42 }} {{ 0x1F }} {{ 1_000 }} {{ 3.5 }} {{ 1e3 }} {{ 'a' }}") ==
          "42 31 1000 3.5 1000 97");
    CHECK(render("{{ true }} {{ false }}") == "true false");
    CHECK(render("{{ \"tab\\there\" }}") == "tab\there");
}

TEST_CASE("whitespace trimming", "[helm_template][syntax]") {
    CHECK(render("a  {{- \"b\" -}}  c") == "abc");
    CHECK(render("a\n\n  {{- \"b\" }}\n") == "ab\n");
    CHECK(render("{{ \"b\" -}}\n\n  c") == "bc");
    CHECK(render("x {{- /* comment */ -}} y") == "xy");
    CHECK(render("x {{/* comment */}} y") == "x  y");
    CHECK(render("{{ 3 }}-{{ -3 }}") == "3--3");
}

TEST_CASE("missing values print <no value>", "[helm_template][syntax]") {
    CHECK(render("[{{ .missing }}]", json::object()) == "[<no value>]");
    CHECK(render("[{{ .a }}]", json{{"a", nullptr}}) == "[<no value>]");
    CHECK(render("[{{ print .missing }}]", json::object()) == "[<nil>]");
    CHECK(renderError("{{ .a.b }}", json::object()) ==
          "template: t:1:5: executing \"t\" at <.a.b>: nil pointer evaluating interface {}.b");
}

TEST_CASE("if / else if / else", "[helm_template][syntax]") {
    const std::string t = "{{ if .a }}A{{ else if .b }}B{{ else }}C{{ end }}";
    CHECK(render(t, json{{"a", 1}}) == "A");
    CHECK(render(t, json{{"b", "x"}}) == "B");
    CHECK(render(t, json{{"a", 0}, {"b", ""}}) == "C");
    CHECK(render("{{ if .l }}y{{ else }}n{{ end }}", json{{"l", json::array()}}) == "n");
    CHECK(render("{{ if .m }}y{{ else }}n{{ end }}", json{{"m", json::object()}}) == "n");
    CHECK(render("{{ if .m }}y{{ else }}n{{ end }}", json{{"m", {{"k", 1}}}}) == "y");
    CHECK(render("{{ if 0.0 }}y{{ else }}n{{ end }}") == "n");
}

TEST_CASE("with and else with", "[helm_template][syntax]") {
    CHECK(render("{{ with .a }}{{ .b }}{{ end }}", json{{"a", {{"b", "in"}}}}) == "in");
    CHECK(render("{{ with .a }}x{{ else }}none{{ end }}", json::object()) == "none");
    CHECK(render("{{ with .a }}a{{ else with .b }}{{ . }}{{ else }}z{{ end }}", json{{"b", "bee"}}) == "bee");
}

TEST_CASE("range over lists, maps, ints", "[helm_template][syntax]") {
    CHECK(render("{{ range .l }}[{{ . }}]{{ end }}", json{{"l", {1, 2, 3}}}) == "[1][2][3]");
    CHECK(render("{{ range $i, $v := .l }}{{ $i }}={{ $v }};{{ end }}", json{{"l", {"a", "b"}}}) ==
          "0=a;1=b;");
    CHECK(render("{{ range $k, $v := .m }}{{ $k }}:{{ $v }},{{ end }}",
                 json{{"m", {{"z", 1}, {"a", 2}, {"B", 3}}}}) == "B:3,a:2,z:1,");
    CHECK(render("{{ range .l }}x{{ else }}empty{{ end }}", json{{"l", json::array()}}) == "empty");
    CHECK(render("{{ range .missing }}x{{ else }}empty{{ end }}", json::object()) == "empty");
    CHECK(render("{{ range 3 }}{{ . }}{{ end }}") == "012");
    CHECK(render("{{ range $i := 2 }}{{ $i }}{{ end }}") == "01");
    CHECK(render("{{ range .l }}{{ if eq . 2 }}{{ continue }}{{ end }}{{ if eq . 4 }}{{ break }}{{ end }}{{ "
                 ". }}{{ end }}",
                 json{{"l", {1, 2, 3, 4, 5}}}) == "13");
    CHECK(renderError("{{ range 1.5 }}{{ end }}").find("range can't iterate over 1.5") != std::string::npos);
}

TEST_CASE("variables and scope", "[helm_template][syntax]") {
    CHECK(render("{{ $x := 1 }}{{ $x }}{{ $x = 2 }}{{ $x }}") == "12");
    CHECK(render("{{ $x := \"out\" }}{{ if true }}{{ $x := \"in\" }}{{ $x }}{{ end }}{{ $x }}") == "inout");
    CHECK(render("{{ $x := \"out\" }}{{ if true }}{{ $x = \"in\" }}{{ end }}{{ $x }}") == "in");
    CHECK(render("{{ range .l }}{{ $.top }}{{ end }}", json{{"l", {1, 2}}, {"top", "T"}}) == "TT");
    CHECK(render("{{ $m := .m }}{{ $m.k }}", json{{"m", {{"k", "v"}}}}) == "v");
    CHECK(renderError("{{ $nope }}") == "template: t:1: undefined variable \"$nope\"");
}

TEST_CASE("pipelines and parentheses", "[helm_template][syntax]") {
    CHECK(render("{{ \"abc\" | upper }}") == "ABC");
    CHECK(render("{{ \"a\" | printf \"%s-%s\" \"b\" }}") == "b-a");
    CHECK(render("{{ (printf \"%d\" 5) | quote }}") == "\"5\"");
    CHECK(render("{{ (dict \"a\" (dict \"b\" 7)).a.b }}") == "7");
    CHECK(render("{{ len (list 1 2 3) }}") == "3");
}

TEST_CASE("define, template, block", "[helm_template][syntax]") {
    CHECK(render("{{ define \"x\" }}X{{ . }}{{ end }}{{ template \"x\" 1 }}") == "X1");
    CHECK(render("{{ define \"x\" }}[{{ . }}]{{ end }}{{ template \"x\" }}") == "[<no value>]");
    CHECK(render("{{ block \"b\" . }}default {{ . }}{{ end }}", json("d")) == "default d");
    CHECK(render("{{ define \"x\" }}{{ $.v }}{{ end }}{{ template \"x\" . }}", json{{"v", "root"}}) ==
          "root");
    CHECK(renderError("{{ template \"nope\" }}") ==
          "template: t:1:3: executing \"t\" at <{{template \"nope\"}}>: template \"nope\" not defined");
}

TEST_CASE("parse errors name template and line", "[helm_template][syntax]") {
    CHECK(renderError("{{ nofunc 1 }}") == "template: t:1: function \"nofunc\" not defined");
    CHECK(renderError("a\n{{ if true }}") == "template: t:2: unexpected EOF");
    CHECK(renderError("{{ .a") == "template: t:1: unclosed action");
    CHECK(renderError("{{ end }}") == "template: t:1: unexpected {{end}}");
    CHECK(renderError("{{ break }}") == "template: t:1: {{break}} outside {{range}}");
    CHECK(renderError("{{ 1 | 2 }}") == "template: t:1: non executable command in pipeline stage 2");
    CHECK(renderError("{{ \"x }}").find("unterminated quoted string") != std::string::npos);
}

TEST_CASE("exec errors carry file:line:col and context", "[helm_template][syntax]") {
    CHECK(renderError("line1\n  {{ fail \"boom\" }}") ==
          "template: t:2:5: executing \"t\" at <fail \"boom\">: error calling fail: boom");
    CHECK(renderError("{{ nil }}") == "template: t:1:3: executing \"t\" at <nil>: nil is not a command");
    CHECK(renderError("{{ .a 1 }}", json{{"a", 1}}) ==
          "template: t:1:3: executing \"t\" at <.a>: a is not a method but has arguments");
    CHECK(renderError("{{ $x := 1 }}{{ $x 2 }}") ==
          "template: t:1:16: executing \"t\" at <$x>: can't give argument to non-function $x");
    CHECK(renderError("{{ upper 3 }}") ==
          "template: t:1:9: executing \"t\" at <3>: expected string; found 3");
    CHECK(renderError("{{ upper .n }}", json{{"n", 1.5}}) ==
          "template: t:1:9: executing \"t\" at <.n>: wrong type for value; expected string; got float64");
    CHECK(renderError("{{ indent }}") ==
          "template: t:1:3: executing \"t\" at <indent>: wrong number of args for indent: want 2 got 0");
}
