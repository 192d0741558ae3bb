#include "ChartSource.hpp"
#include "Codec.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <unistd.h>

using namespace kmcp::helm;
namespace fs = std::filesystem;

namespace {

struct MapFetcher : Fetcher {
    std::map<std::string, std::string> bodies;
    std::vector<std::string> requested;
    std::string get(const std::string& url, const std::string&) override {
        requested.push_back(url);
        auto it = bodies.find(url);
        if (it == bodies.end()) throw std::runtime_error("GET " + url + ": 404 Not Found");
        return it->second;
    }
};

// A scratch tree: <tmp>/allowed/{webapp -> real chart copy, escape -> symlink to <tmp>/outside}.
struct Scratch {
    fs::path root;
    Scratch() {
        root = fs::temp_directory_path() / ("kmcp-helm-src-" + std::to_string(::getpid()));
        fs::remove_all(root);
        fs::create_directories(root / "allowed");
        fs::create_directories(root / "outside" / "evil");
        std::ofstream(root / "outside" / "evil" / "Chart.yaml")
            << "apiVersion: v2\nname: evil\nversion: 1.0.0\n";
        fs::copy(fs::path(HELM_TEST_CHARTS) / "webapp", root / "allowed" / "webapp",
                 fs::copy_options::recursive);
        fs::create_directory_symlink(root / "outside" / "evil", root / "allowed" / "escape");
    }
    ~Scratch() { fs::remove_all(root); }
};

std::string tgzOf(const std::string& name, const std::string& version) {
    // One Chart.yaml inside <name>/, as `helm package` lays it out.
    std::string body = "apiVersion: v2\nname: " + name + "\nversion: " + version + "\n";
    std::string h(512, '\0');
    auto path = name + "/Chart.yaml";
    std::copy(path.begin(), path.end(), h.begin());
    std::snprintf(&h[100], 8, "%07o", 0644);
    std::snprintf(&h[124], 12, "%011lo", static_cast<unsigned long>(body.size()));
    h[156] = '0';
    std::fill(h.begin() + 148, h.begin() + 156, ' ');
    unsigned sum = 0;
    for (unsigned char c : h)
        sum += c;
    std::snprintf(&h[148], 8, "%06o", sum);
    std::string tar = h + body + std::string(512 - body.size(), '\0') + std::string(1024, '\0');
    return gzipCompress(tar);
}

} // namespace

TEST_CASE("local charts load only from chart_dirs, after resolving '..' and symlinks") {
    Scratch s;
    SourceConfig cfg;
    cfg.chartDirs = {(s.root / "allowed").string()};
    ChartSource src(cfg, nullptr);
    CHECK(src.load("webapp")->metadata.name == "webapp");
    CHECK(src.load((s.root / "allowed" / "webapp").string())->metadata.name == "webapp");
    CHECK_THROWS_WITH(src.load("escape"), Catch::Contains("outside the allowed chart directories"));
    CHECK_THROWS_WITH(src.load("webapp/../../outside/evil"),
                      Catch::Contains("outside the allowed chart directories"));
    CHECK_THROWS_WITH(src.load((s.root / "outside" / "evil").string()),
                      Catch::Contains("outside the allowed chart directories"));
    CHECK_THROWS_WITH(src.load("nope"), Catch::Contains("not found"));
    ChartSource none(SourceConfig{}, nullptr);
    CHECK_THROWS_WITH(none.load((s.root / "allowed" / "webapp").string()),
                      Catch::Contains("local charts are disabled"));
}

TEST_CASE("repo/chart resolves through index.yaml with version constraints") {
    MapFetcher f;
    f.bodies["https://charts.example.com/stable/index.yaml"] = R"(apiVersion: v1
entries:
  nginx:
    - name: nginx
      version: 1.3.0-rc.1
      urls: [nginx-1.3.0-rc.1.tgz]
    - name: nginx
      version: 1.2.5
      urls: [nginx-1.2.5.tgz]
    - name: nginx
      version: 1.10.0
      urls: [https://cdn.example.com/nginx-1.10.0.tgz]
    - name: nginx
      version: 2.0.0
      urls: [/packages/nginx-2.0.0.tgz]
)";
    f.bodies["https://charts.example.com/stable/nginx-1.2.5.tgz"] = tgzOf("nginx", "1.2.5");
    f.bodies["https://charts.example.com/packages/nginx-2.0.0.tgz"] = tgzOf("nginx", "2.0.0");
    SourceConfig cfg;
    cfg.repositories = {{"stable", "https://charts.example.com/stable/"}};
    ChartSource src(cfg, &f);
    CHECK(src.load("stable/nginx")->metadata.version == "2.0.0");
    CHECK(src.load("stable/nginx", "~1.2.0")->metadata.version == "1.2.5");
    CHECK_THROWS_WITH(src.load("stable/nginx", ">=3"), Catch::Contains("not found"));
    CHECK_THROWS_WITH(src.load("stable/redis"), Catch::Contains("chart \"redis\" not found"));

    auto index = json::parse(
        R"({"entries":{"nginx":[{"version":"1.10.0","urls":["a.tgz"]},{"version":"1.9.9","urls":["b.tgz"]}]}})");
    CHECK(ChartSource::pickFromIndex(index, "https://r", "nginx", "^1.9") == "https://r/a.tgz");
    CHECK(ChartSource::pickFromIndex(index, "https://r", "nginx", "1.9.x") == "https://r/b.tgz");
}

TEST_CASE("remote sources must match allowed_registries") {
    MapFetcher f;
    f.bodies["https://good.example.com/c-1.0.0.tgz"] = tgzOf("c", "1.0.0");
    SourceConfig cfg;
    cfg.allowedRegistries = {"https://good.example.com/", "oci://registry.good.example.com/"};
    ChartSource src(cfg, &f);
    CHECK(src.load("https://good.example.com/c-1.0.0.tgz")->metadata.name == "c");
    CHECK_THROWS_WITH(src.load("https://evil.example.com/c-1.0.0.tgz"),
                      Catch::Contains("allowed_registries"));
    CHECK_THROWS_WITH(src.load("oci://registry.evil.example.com/c"), Catch::Contains("allowed_registries"));
    CHECK(f.requested.size() == 1);
}

TEST_CASE("oci:// pulls the chart layer of the highest matching tag") {
    MapFetcher f;
    f.bodies["https://reg.example.com/v2/charts/app/tags/list"] =
        R"({"name":"charts/app","tags":["0.9.0","1.1.0","1.2.0-beta","1.0.0_build.1"]})";
    f.bodies["https://reg.example.com/v2/charts/app/manifests/1.1.0"] =
        R"({"layers":[{"mediaType":"application/vnd.cncf.helm.config.v1+json","digest":"sha256:c"},)"
        R"({"mediaType":"application/vnd.cncf.helm.chart.content.v1.tar+gzip","digest":"sha256:abc"}]})";
    f.bodies["https://reg.example.com/v2/charts/app/blobs/sha256:abc"] = tgzOf("app", "1.1.0");
    ChartSource src(SourceConfig{}, &f);
    CHECK(src.load("oci://reg.example.com/charts/app")->metadata.version == "1.1.0");
    CHECK(src.load("oci://reg.example.com/charts/app:1.1.0")->metadata.version == "1.1.0");
}
