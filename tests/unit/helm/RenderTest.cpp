#include "ChartLoader.hpp"
#include "ManifestSorter.hpp"
#include "Renderer.hpp"
#include "Values.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using namespace kmcp::helm;

namespace {

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// `helm template <name> <chart> [-f values]`: process dependencies, coalesce, render, sort, print.
std::string helmTemplate(const std::string& chartDir, const std::string& name, const json& userValues,
                         std::string* notes = nullptr) {
    auto chart = loadChartDir(std::string(HELM_TEST_CHARTS) + "/" + chartDir);
    processDependencies(*chart, userValues);
    auto values = coalesceValues(*chart, userValues);
    RenderOptions opts;
    opts.releaseName = name;
    opts.ns = "default";
    auto rendered = renderChart(*chart, values, opts);
    if (notes) *notes = rendered.notes;
    auto sorted = sortManifests(rendered.files, installOrder());
    return templateOutput(joinManifests(sorted.manifests), sorted.hooks);
}

void checkGolden(const std::string& got, const std::string& goldenName) {
    auto path = std::string(HELM_TEST_CHARTS) + "/golden/" + goldenName;
    auto want = readFile(path);
    if (got != want) {
        std::ofstream(std::string("/tmp/") + goldenName + ".got") << got;
        FAIL_CHECK("rendered output differs from " << path << " (got written to /tmp/" << goldenName
                                                   << ".got)");
    }
}

} // namespace

TEST_CASE("golden: the scaffold-style chart with default values") {
    std::string notes;
    checkGolden(helmTemplate("webapp", "demo", json::object(), &notes), "webapp-default.yaml");
    CHECK(notes == readFile(std::string(HELM_TEST_CHARTS) + "/golden/webapp-default.NOTES.txt"));
}

TEST_CASE("golden: the scaffold-style chart with ingress, autoscaling and overrides") {
    auto values = json::parse(R"({
        "fullnameOverride": "shop-frontend",
        "autoscaling": {"enabled": true, "targetMemoryUtilizationPercentage": 80},
        "serviceAccount": {"create": false},
        "podAnnotations": {"prometheus.io/scrape": "true"},
        "imagePullSecrets": [{"name": "regcred"}],
        "resources": {"limits": {"cpu": "500m", "memory": "256Mi"}},
        "ingress": {"enabled": true, "className": "nginx",
                    "tls": [{"secretName": "web-tls", "hosts": ["web.example.com"]}],
                    "hosts": [{"host": "web.example.com", "paths": [{"path": "/", "pathType": "Prefix"}]}]}
    })");
    std::string notes;
    checkGolden(helmTemplate("webapp", "prod", values, &notes), "webapp-full.yaml");
    CHECK(notes == readFile(std::string(HELM_TEST_CHARTS) + "/golden/webapp-full.NOTES.txt"));
}

TEST_CASE("golden: the umbrella chart with subcharts") {
    std::string notes;
    checkGolden(helmTemplate("shop", "demo", json::object(), &notes), "shop-default.yaml");
    CHECK(notes == "shop 1.0.0 for prod.\n");
}

TEST_CASE("template parse order puts deeper paths first") {
    CHECK(
        templateParseOrder({"a/templates/x.yaml", "a/charts/b/templates/y.yaml", "a/templates/_h.tpl"}) ==
        std::vector<std::string>{"a/charts/b/templates/y.yaml", "a/templates/x.yaml", "a/templates/_h.tpl"});
}

TEST_CASE("render errors name the template") {
    auto chart = loadChartFiles({{"Chart.yaml", "apiVersion: v2\nname: bad\nversion: 1.0.0\n"},
                                 {"templates/a.yaml", "x: {{ required \"need foo\" .Values.foo }}\n"}});
    RenderOptions opts;
    opts.releaseName = "r";
    CHECK_THROWS_WITH(renderChart(*chart, json::object(), opts), Catch::Contains("need foo"));
    auto parseBad = loadChartFiles({{"Chart.yaml", "apiVersion: v2\nname: bad\nversion: 1.0.0\n"},
                                    {"templates/b.yaml", "x: {{ .Values.foo \n"}});
    CHECK_THROWS_WITH(renderChart(*parseBad, json::object(), opts), Catch::Contains("bad/templates/b.yaml"));
}
