#include "ChartLoader.hpp"
#include "Codec.hpp"
#include "HelmIgnore.hpp"
#include "TarReader.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <cstring>

using namespace kmcp::helm;

namespace {

// A minimal ustar writer for building archives in tests; `paxPath` adds a PAX 'path' record.
std::string tarHeader(const std::string& name, size_t size, char type) {
    std::string h(512, '\0');
    std::copy(name.begin(), name.begin() + std::min<size_t>(name.size(), 99), h.begin());
    std::snprintf(&h[100], 8, "%07o", 0644);
    std::snprintf(&h[108], 8, "%07o", 0);
    std::snprintf(&h[116], 8, "%07o", 0);
    std::snprintf(&h[124], 12, "%011lo", static_cast<unsigned long>(size));
    std::snprintf(&h[136], 12, "%011o", 0);
    h[156] = type;
    std::memcpy(&h[257],
                "ustar\0"
                "00",
                8);
    std::fill(h.begin() + 148, h.begin() + 156, ' ');
    unsigned sum = 0;
    for (unsigned char c : h)
        sum += c;
    std::snprintf(&h[148], 8, "%06o", sum);
    return h;
}

void addFile(std::string& tar, const std::string& name, const std::string& data, bool pax = false) {
    if (pax) {
        std::string rec = " path=" + name + "\n";
        size_t len = rec.size() + 2;
        rec = std::to_string(len + (std::to_string(len).size() - 2)) + rec;
        tar += tarHeader("PaxHeader", rec.size(), 'x');
        tar += rec + std::string((512 - rec.size() % 512) % 512, '\0');
    }
    tar += tarHeader(pax ? "truncated-name" : name, data.size(), '0');
    tar += data + std::string((512 - data.size() % 512) % 512, '\0');
}

std::string finish(std::string tar) {
    return tar + std::string(1024, '\0');
}

std::string chartsDir() {
    return HELM_TEST_CHARTS;
}

} // namespace

TEST_CASE("tar reader reads ustar, PAX long names, and rejects corrupt archives") {
    std::string tar;
    addFile(tar, "a/b.txt", "hello");
    std::string longName = "chart/" + std::string(120, 'x') + "/file.yaml";
    addFile(tar, longName, "long", true);
    tar += tarHeader("a/dir/", 0, '5');
    auto entries = readTar(finish(tar));
    REQUIRE(entries.size() == 2);
    CHECK(entries[0].path == "a/b.txt");
    CHECK(entries[0].data == "hello");
    CHECK(entries[1].path == longName);
    auto tgz = readTgz(gzipCompress(finish(tar)));
    CHECK(tgz.size() == 2);

    auto bad = finish(tar);
    bad[0] = 'z'; // the name no longer matches the stored checksum
    CHECK_THROWS_WITH(readTar(bad), Catch::Contains("checksum"));
    CHECK_THROWS_WITH(readTar(tar.substr(0, 514)), Catch::Contains("unexpected end"));
    CHECK_THROWS_WITH(readTar(finish(tar), 3), Catch::Contains("exceeds"));
    CHECK_THROWS(readTgz("not gzip"));
}

TEST_CASE("glob matching follows Go's filepath.Match") {
    CHECK(globMatch("*.txt", "a.txt"));
    CHECK_FALSE(globMatch("*.txt", "dir/a.txt"));
    CHECK(globMatch("dir/*.txt", "dir/a.txt"));
    CHECK(globMatch("a?c", "abc"));
    CHECK(globMatch("[a-c]x", "bx"));
    CHECK_FALSE(globMatch("[^a-c]x", "bx"));
    CHECK(globMatch("\\*", "*"));
    CHECK_FALSE(globMatch("[a-", "a"));
}

TEST_CASE(".helmignore rules: basename, paths, directories, negation") {
    auto rules = HelmIgnore::parse("# comment\n*.bak\n/secret.txt\nconfig/*.yaml\nbuild/\n");
    CHECK(rules.ignored("values.yaml.bak", false));
    CHECK(rules.ignored("sub/values.yaml.bak", false));
    CHECK(rules.ignored("secret.txt", false));
    CHECK(rules.ignored("config/a.yaml", false));
    CHECK_FALSE(rules.ignored("config/deep/a.yaml", false));
    CHECK(rules.ignored("build", true));
    CHECK_FALSE(rules.ignored("build", false));
    CHECK(rules.ignored("templates/.hidden", false));
    CHECK_FALSE(rules.ignored("templates/visible.yaml", false));
    CHECK_THROWS_WITH(HelmIgnore::parse("**/x"), Catch::Contains("double-star"));
}

TEST_CASE("loading the scaffold-style chart directory honours .helmignore") {
    auto c = loadChartDir(chartsDir() + "/webapp");
    CHECK(c->metadata.name == "webapp");
    CHECK(c->metadata.version == "0.3.1");
    CHECK(c->metadata.appVersion == "2.4.0");
    CHECK(c->metadata.apiVersion == "v2");
    CHECK(c->values["replicaCount"] == 2);
    CHECK(c->schema.has_value());
    std::vector<std::string> tpl;
    for (const auto& t : c->templates)
        tpl.push_back(t.name);
    CHECK(tpl == std::vector<std::string>{
                     "templates/NOTES.txt", "templates/_helpers.tpl", "templates/deployment.yaml",
                     "templates/hpa.yaml", "templates/ingress.yaml", "templates/service.yaml",
                     "templates/serviceaccount.yaml", "templates/tests/test-connection.yaml"});
    std::vector<std::string> files;
    for (const auto& f : c->files)
        files.push_back(f.name);
    // values.yaml.bak (*.bak) and notes/ are ignored; .helmignore itself is an ordinary file.
    CHECK(files == std::vector<std::string>{".helmignore", "config.txt"});
}

TEST_CASE("Chart.yaml v1 with requirements.yaml, scalar versions kept as text") {
    std::vector<TarEntry> files = {
        {"Chart.yaml", "name: old\nversion: 1.10\n"},
        {"requirements.yaml", "dependencies:\n- name: dep\n  version: 0.1.0\n  repository: https://x\n"},
        {"charts/dep/Chart.yaml", "name: dep\nversion: 0.1.0\n"},
    };
    auto c = loadChartFiles(files);
    CHECK(c->metadata.apiVersion == "v1");
    CHECK(c->metadata.version == "1.10");
    REQUIRE(c->metadata.dependencies.size() == 1);
    CHECK(c->metadata.dependencies[0].repository == "https://x");
    REQUIRE(c->dependencies.size() == 1);
    CHECK(c->dependencies[0]->metadata.name == "dep");
    CHECK(c->values.is_null());
}

TEST_CASE("chart metadata validation errors") {
    CHECK_THROWS_WITH(loadChartFiles({{"values.yaml", "a: 1\n"}}),
                      Catch::Contains("Chart.yaml file is missing"));
    CHECK_THROWS_WITH(loadChartFiles({{"Chart.yaml", "apiVersion: v2\nversion: 1.0.0\n"}}),
                      Catch::Contains("name is required"));
    CHECK_THROWS_WITH(loadChartFiles({{"Chart.yaml", "apiVersion: v2\nname: x\nversion: one\n"}}),
                      Catch::Contains("version \"one\" is invalid"));
    CHECK_THROWS_WITH(
        loadChartFiles({{"Chart.yaml", "apiVersion: v2\nname: x\nversion: 1.0.0\ntype: plugin\n"}}),
        Catch::Contains("type must be"));
    CHECK_THROWS_WITH(loadChartFiles({{"Chart.yaml", "apiVersion: v2\nname: x\nversion: 1.0.0\n"},
                                      {"values.yaml", "- a list\n"}}),
                      Catch::Contains("values.yaml"));
}

TEST_CASE("a packaged chart loads, including a packaged subchart under charts/") {
    std::string sub;
    addFile(sub, "inner/Chart.yaml", "apiVersion: v2\nname: inner\nversion: 2.0.0\n");
    addFile(sub, "inner/templates/cm.yaml", "kind: ConfigMap\n");
    std::string tar;
    addFile(tar, "outer/Chart.yaml", "apiVersion: v2\nname: outer\nversion: 1.0.0\n");
    addFile(tar, "outer/values.yaml", "inner:\n  x: 1\n");
    addFile(tar, "outer/charts/inner-2.0.0.tgz", gzipCompress(finish(sub)));
    auto c = loadChartArchive(gzipCompress(finish(tar)));
    CHECK(c->metadata.name == "outer");
    REQUIRE(c->dependencies.size() == 1);
    CHECK(c->dependencies[0]->metadata.name == "inner");
    CHECK(c->dependencies[0]->templates.at(0).name == "templates/cm.yaml");

    std::string twoTops;
    addFile(twoTops, "a/Chart.yaml", "apiVersion: v2\nname: a\nversion: 1.0.0\n");
    addFile(twoTops, "b/x", "");
    CHECK_THROWS_WITH(loadChartArchive(gzipCompress(finish(twoTops))),
                      Catch::Contains("more than one top-level"));
    std::string escape;
    addFile(escape, "a/Chart.yaml", "apiVersion: v2\nname: a\nversion: 1.0.0\n");
    addFile(escape, "a/../../etc/passwd", "x");
    CHECK_THROWS_WITH(loadChartArchive(gzipCompress(finish(escape))), Catch::Contains("illegal path"));
}

TEST_CASE("the umbrella chart loads its subcharts from charts/") {
    auto c = loadChartDir(chartsDir() + "/shop");
    std::vector<std::string> subs;
    for (const auto& d : c->dependencies)
        subs.push_back(d->name());
    std::sort(subs.begin(), subs.end());
    CHECK(subs == std::vector<std::string>{"api", "cache", "common", "metrics"});
    REQUIRE(c->metadata.dependencies.size() == 4);
    CHECK(c->metadata.dependencies[2].alias == "backend");
    CHECK(c->metadata.dependencies[2].importValues.size() == 2);
    CHECK(c->metadata.dependencies[3].tags == std::vector<std::string>{"monitoring"});
}
