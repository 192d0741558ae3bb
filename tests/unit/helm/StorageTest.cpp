#include "Codec.hpp"
#include "FakeKube.hpp"
#include "Release.hpp"
#include "ReleaseStorage.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using namespace kmcp::helm;

namespace {
std::string fixture(const std::string& name) {
    std::ifstream in(std::string(HELM_TEST_DATA) + "/" + name, std::ios::binary);
    REQUIRE(in);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

Release sampleRelease(const std::string& name, int version, const std::string& status) {
    Release r;
    r.name = name;
    r.ns = "default";
    r.version = version;
    r.info.status = status;
    r.info.firstDeployed = r.info.lastDeployed = "2024-05-01T10:00:00Z";
    r.chart.metadata.name = "demo";
    r.chart.metadata.version = "0.1.0";
    r.chart.metadata.apiVersion = "v2";
    r.chart.values = json::object();
    r.manifest = "---\n# Source: demo/templates/cm.yaml\nkind: ConfigMap\n";
    return r;
}
} // namespace

TEST_CASE("a release encoded the way helm does decodes and re-encodes to the same JSON bytes") {
    auto helmJson = fixture("release-helm.json");
    auto payload = fixture("release-helm.payload");
    auto r = decodeRelease(payload);
    CHECK(r.name == "demo");
    CHECK(r.ns == "default");
    CHECK(r.version == 1);
    CHECK(r.info.status == "deployed");
    CHECK(r.info.deleted.empty());
    CHECK(r.info.notes == "Visit <http://demo> & enjoy\n");
    CHECK(r.chart.metadata.appVersion == "1.16.0");
    CHECK(r.chart.metadata.dependencies.at(0).enabled);
    REQUIRE(r.chart.templates.size() == 1);
    CHECK(r.chart.templates[0].data.find("{{ .Release.Name }}") != std::string::npos);
    CHECK(r.config["replicaCount"] == 2);
    REQUIRE(r.hooks.size() == 1);
    CHECK(r.hooks[0].events == std::vector<std::string>{"test"});
    CHECK(r.hooks[0].deletePolicies == std::vector<std::string>{"before-hook-creation"});

    CHECK(releaseToJson(r) == helmJson);
    auto ours = encodeRelease(r);
    CHECK(decodeReleaseJson(ours) == helmJson);
    // Same gzip header as helm's (Go, BestCompression, no mtime, OS unknown).
    CHECK(base64Decode(ours).substr(0, 10) == base64Decode(payload).substr(0, 10));
}

TEST_CASE("pre-compression records (plain base64 JSON) still decode") {
    auto r = decodeRelease(fixture("release-legacy.payload"));
    CHECK(r.name == "demo");
    CHECK(releaseToJson(r) == fixture("release-helm.json"));
}

TEST_CASE("zero times and empty fields follow Go's omitempty rules") {
    Release r;
    r.name = "x";
    r.chart.templatesNull = true;
    auto j = releaseToJson(r);
    CHECK(
        j ==
        R"({"name":"x","info":{"first_deployed":"","last_deployed":"","deleted":""},)"
        R"("chart":{"metadata":{},"lock":null,"templates":null,"values":null,"schema":null,"files":null}})");
}

TEST_CASE("the Secret helm stores is read, and the one we write has helm's shape") {
    FakeKube kube;
    ReleaseStorage storage(kube, ReleaseStorage::Driver::Secret);
    auto secret = json::parse(fixture("secret-helm.json"));
    auto r = storage.parseRecord(secret);
    CHECK(releaseToJson(r) == fixture("release-helm.json"));

    auto built = storage.buildRecord(r, "createdAt", "1714550400");
    CHECK(built["kind"] == "Secret");
    CHECK(built["type"] == "helm.sh/release.v1");
    CHECK(built["metadata"]["name"] == "sh.helm.release.v1.demo.v1");
    CHECK(built["metadata"]["labels"] == json{{"name", "demo"},
                                              {"owner", "helm"},
                                              {"status", "deployed"},
                                              {"version", "1"},
                                              {"createdAt", "1714550400"}});
    // data.release is base64 of helm's base64 payload.
    auto inner = base64Decode(built["data"]["release"].get<std::string>());
    CHECK(decodeReleaseJson(inner) == fixture("release-helm.json"));
}

TEST_CASE("configmap driver stores the payload without the extra base64 layer") {
    FakeKube kube;
    ReleaseStorage storage(kube, ReleaseStorage::parseDriver("configmap"));
    auto r = sampleRelease("web", 1, "deployed");
    storage.create(r);
    auto obj = kube.objects.at("/api/v1/namespaces/default/configmaps/sh.helm.release.v1.web.v1");
    CHECK(obj["kind"] == "ConfigMap");
    CHECK(decodeRelease(obj["data"]["release"].get<std::string>()).name == "web");
    CHECK(storage.last("default", "web")->version == 1);
    CHECK_THROWS_WITH(ReleaseStorage::parseDriver("sql"), Catch::Contains("unsupported driver"));
}

TEST_CASE("storage lists revisions, finds the deployed one, updates and deletes records") {
    FakeKube kube;
    ReleaseStorage storage(kube, ReleaseStorage::Driver::Secret);
    storage.create(sampleRelease("web", 1, "superseded"));
    storage.create(sampleRelease("web", 2, "deployed"));
    storage.create(sampleRelease("web", 3, "failed"));
    storage.create(sampleRelease("other", 1, "deployed"));
    auto h = storage.history("default", "web");
    REQUIRE(h.size() == 3);
    CHECK(h[0].version == 1);
    CHECK(storage.last("default", "web")->version == 3);
    CHECK(storage.deployed("default", "web")->version == 2);
    CHECK_FALSE(storage.last("default", "missing"));
    CHECK(storage.query("").size() == 4);

    auto r3 = *storage.get("default", "web", 3);
    r3.info.status = "superseded";
    storage.update(r3);
    auto obj = kube.objects.at("/api/v1/namespaces/default/secrets/sh.helm.release.v1.web.v3");
    CHECK(obj["metadata"]["labels"]["status"] == "superseded");
    CHECK(obj["metadata"]["labels"].contains("modifiedAt"));
    storage.remove("default", "web", 1);
    CHECK(storage.history("default", "web").size() == 2);
    CHECK_FALSE(storage.get("default", "web", 1));
}

TEST_CASE("storage surfaces the API's reason when the caller is forbidden") {
    FakeKube kube;
    kube.forbiddenNamespaces.insert("prod");
    ReleaseStorage storage(kube, ReleaseStorage::Driver::Secret);
    auto r = sampleRelease("web", 1, "deployed");
    r.ns = "prod";
    try {
        storage.create(r);
        FAIL("expected an error");
    } catch (const StorageError& e) {
        CHECK(e.status() == 403);
        CHECK(std::string(e.what()).find("forbidden") != std::string::npos);
    }
}
