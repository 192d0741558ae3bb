#include "Capabilities.h"
#include "Files.h"
#include "HelmFunctions.h"
#include "Parser.h"
#include "TestUtil.h"

#include <catch2/catch.hpp>

using namespace kmcp::helm::tmpl;
using kmcp::helm::tmpl::test::render;
using kmcp::helm::tmpl::test::renderError;
using nlohmann::json;

namespace {

Value rootWithFiles() {
    ValueMap root;
    root["Files"] = Value(std::make_shared<Files>(std::map<std::string, std::string>{
        {"config/a.conf", "alpha=1\n"},
        {"config/sub/b.conf", "beta"},
        {"README.md", "line1\nline2"},
        {"secret.txt", "hi"},
    }));
    CapabilitiesInfo caps;
    caps.kubeVersion = "v1.29.3";
    caps.apiVersions = {"v1", "apps/v1", "networking.k8s.io/v1"};
    root["Capabilities"] = makeCapabilities(caps);
    root["Values"] = Value::fromJson(json{{"name", "demo"}}, NumberMode::AllFloat);
    return Value(std::move(root));
}

std::string exec(TemplateSet& set, const std::string& name, const Value& dot) {
    return set.execute(name, dot);
}

} // namespace

TEST_CASE("include renders defines from any parsed file", "[helm_template][helm]") {
    TemplateSet set;
    installHelmFunctions(set, HelmOptions{});
    set.parse("chart/templates/_helpers.tpl",
              "{{- define \"chart.name\" -}}{{ .Values.name | trunc 63 | trimSuffix \"-\" }}{{- end -}}\n"
              "{{- define \"chart.labels\" -}}\napp: {{ include \"chart.name\" . }}\ntier: web\n{{- end -}}");
    set.parse("chart/templates/cm.yaml", "metadata:\n  labels:\n    {{- include \"chart.labels\" . | nindent "
                                         "4 }}\n  name: {{ include \"chart.name\" . | quote }}\n");
    Value dot = Value::fromJson(json{{"Values", {{"name", "web-"}}}});
    CHECK(exec(set, "chart/templates/cm.yaml", dot) ==
          "metadata:\n  labels:\n    app: web\n    tier: web\n  name: \"web\"\n");
    CHECK_THROWS_WITH(exec(set, "nope", dot),
                      "template: no template \"nope\" associated with template \"gotpl\"");
}

TEST_CASE("include errors and recursion limit", "[helm_template][helm]") {
    CHECK(renderError("{{ include \"missing\" . }}") ==
          "template: t:1:3: executing \"t\" at <include \"missing\" .>: error calling include: template: no "
          "template "
          "\"missing\" associated with template \"gotpl\"");
    std::string err =
        renderError("{{ define \"loop\" }}{{ include \"loop\" . }}{{ end }}{{ include \"loop\" . }}");
    CHECK(err.find("rendering template has a nested reference name: loop: unable to execute template") !=
          std::string::npos);
}

TEST_CASE("tpl renders strings with the shared defines", "[helm_template][helm]") {
    json d = {{"Values", {{"greeting", "hi {{ .Values.who }}"}, {"who", "bob"}}}};
    CHECK(render("{{ tpl .Values.greeting . }}", d) == "hi bob");
    CHECK(render("{{ define \"d\" }}D{{ end }}{{ tpl \"{{ include \\\"d\\\" . }}\" . }}") == "D");
    CHECK(render("{{ tpl \"[{{ .nothing }}]\" . }}", json::object()) == "[]");
    CHECK(render("{{ tpl \"{{ define \\\"inner\\\" }}I{{ end }}{{ template \\\"inner\\\" }}\" . }}") == "I");
    CHECK(
        renderError("{{ tpl \"{{ fail \\\"x\\\" }}\" . }}").find("error during tpl function execution for") !=
        std::string::npos);
}

TEST_CASE("required and fail", "[helm_template][helm]") {
    CHECK(render("{{ required \"need x\" .x }}", json{{"x", "ok"}}) == "ok");
    std::string err = renderError("{{ required \"need x\" .x }}", json::object());
    CHECK(err == "template: t:1:3: executing \"t\" at <required \"need x\" .x>: error calling required: "
                 "HELM_ERR_STARTneed xHELM_ERR_END");
    CHECK(helmExecErrorMessage("t", err) == "execution error at (t:1:3): need x");
    CHECK(renderError("{{ required \"empty\" .x }}", json{{"x", ""}}).find("HELM_ERR_STARTempty") !=
          std::string::npos);
    CHECK(helmParseErrorMessage("t", "template: t:3: function \"x\" not defined") ==
          "parse error at (t:3): function \"x\" not defined");
    TemplateSet lint;
    installHelmFunctions(lint, HelmOptions{false, true, {}});
    lint.parse("t", "[{{ required \"m\" .x }}]");
    CHECK(lint.execute("t", Value::makeMap()) == "[]");
}

TEST_CASE("strict mode makes missing keys errors", "[helm_template][helm]") {
    TemplateSet set;
    installHelmFunctions(set, HelmOptions{true, false, {}});
    set.parse("t", "{{ .Values.missing }}");
    CHECK_THROWS_WITH(
        set.execute("t", Value::fromJson(json{{"Values", json::object()}})),
        "template: t:1:10: executing \"t\" at <.Values.missing>: map has no entry for key \"missing\"");
}

TEST_CASE(".Files methods", "[helm_template][helm]") {
    Value root = rootWithFiles();
    CHECK(render("{{ .Files.Get \"secret.txt\" }}|{{ .Files.Get \"none\" }}|", root) == "hi||");
    CHECK(render("{{ .Files.GetBytes \"secret.txt\" }}", root) == "[104 105]");
    CHECK(render("{{ range $p, $c := .Files.Glob \"config/*\" }}{{ $p }}={{ $c | toString }};{{ end }}",
                 root) == "config/a.conf=alpha=1\n;");
    CHECK(render("{{ range $p, $_ := .Files.Glob \"config/**\" }}{{ $p }};{{ end }}", root) ==
          "config/a.conf;config/sub/b.conf;");
    CHECK(render("{{ range $p, $_ := .Files.Glob \"{README.md,secret.*}\" }}{{ $p }};{{ end }}", root) ==
          "README.md;secret.txt;");
    CHECK(render("{{ range .Files.Lines \"README.md\" }}[{{ . }}]{{ end }}", root) == "[line1][line2]");
    CHECK(render("{{ (.Files.Glob \"config/**\").AsConfig }}", root) == "a.conf: |\n  alpha=1\nb.conf: beta");
    CHECK(render("{{ (.Files.Glob \"secret.txt\").AsSecrets }}", root) == "secret.txt: aGk=");
    CHECK(render("{{ len (.Files.Glob \"*.md\") }}", root) == "1");
    CHECK(renderError("{{ .Files.Get 3 }}", root).find("expected string; found 3") != std::string::npos);
    CHECK(globMatch("a/*.yaml", "a/x.yaml"));
    CHECK_FALSE(globMatch("a/*.yaml", "a/b/x.yaml"));
    CHECK(globMatch("a/**.yaml", "a/b/x.yaml"));
    CHECK(globMatch("file-[0-9].txt", "file-3.txt"));
    CHECK_FALSE(globMatch("file-[!0-9].txt", "file-3.txt"));
}

TEST_CASE(".Capabilities", "[helm_template][helm]") {
    Value root = rootWithFiles();
    CHECK(render("{{ .Capabilities.APIVersions.Has \"apps/v1\" }} {{ .Capabilities.APIVersions.Has "
                 "\"batch/v9\" }}",
                 root) == "true false");
    CHECK(render("{{ .Capabilities.KubeVersion.Version }} {{ .Capabilities.KubeVersion.Major }}."
                 "{{ .Capabilities.KubeVersion.Minor }} {{ .Capabilities.KubeVersion.GitVersion }}",
                 root) == "v1.29.3 1.29 v1.29.3");
    CHECK(render("{{ .Capabilities.KubeVersion }}", root) == "v1.29.3");
    CHECK(render("{{ if semverCompare \">=1.19-0\" .Capabilities.KubeVersion.GitVersion }}new{{ end }}",
                 root) == "new");
    CHECK(render("{{ range .Capabilities.APIVersions }}{{ . }},{{ end }}", root) ==
          "v1,apps/v1,networking.k8s.io/v1,");
    CHECK(renderError("{{ .Capabilities.KubeVersion.Nope }}", root)
              .find("can't evaluate field Nope in type *chartutil.KubeVersion") != std::string::npos);
}

TEST_CASE("lookup uses the host callback", "[helm_template][helm]") {
    CHECK(render("{{ lookup \"v1\" \"Secret\" \"ns\" \"s\" | len }}") == "0");
    TemplateSet set;
    HelmOptions opts;
    opts.lookup = [](const std::string& api, const std::string& kind, const std::string& ns,
                     const std::string& name) {
        return Value::fromJson(
            json{{"metadata", {{"name", name}, {"namespace", ns}}}, {"kind", kind}, {"apiVersion", api}});
    };
    installHelmFunctions(set, opts);
    set.parse("t", "{{ (lookup \"v1\" \"ConfigMap\" \"default\" \"cm\").metadata.name }}");
    CHECK(set.execute("t", Value()) == "cm");
}

TEST_CASE("toToml", "[helm_template][helm]") {
    CHECK(render("{{ toToml (dict \"a\" 1 \"s\" \"x\" \"t\" (dict \"k\" true)) }}") ==
          "a = 1\ns = \"x\"\n\n[t]\n  k = true\n");
    CHECK(render("{{ toToml .v }}", Value::fromJson(json{{"v", {{"port", 8080}}}}, NumberMode::AllFloat)) ==
          "port = 8080.0\n");
}

TEST_CASE("parser keeps a non-empty definition over an empty redefinition", "[helm_template][helm]") {
    TemplateSet set;
    set.parse("a", "{{ define \"x\" }}full{{ end }}");
    set.parse("b", "{{ define \"x\" }}  {{ end }}{{ template \"x\" }}");
    CHECK(set.execute("b", Value()) == "full");
    set.parse("c", "{{ define \"x\" }}new{{ end }}");
    CHECK(set.execute("b", Value()) == "new");
    CHECK_THROWS_AS(set.parse("d", "{{ if }}"), ParseError);
}
