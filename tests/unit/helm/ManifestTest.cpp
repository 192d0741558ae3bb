#include "ManifestSorter.hpp"

#include <catch2/catch.hpp>

using namespace kmcp::helm;

TEST_CASE("manifests split on separator lines like releaseutil.SplitManifests") {
    CHECK(splitManifests("a: 1\n---\nb: 2\n") == std::vector<std::string>{"a: 1", "b: 2"});
    CHECK(splitManifests("---\na: 1\n\n---   \n\nb: 2") == std::vector<std::string>{"a: 1", "b: 2"});
    // The separator's trailing \s* eats the newline a following "---" would need: Go keeps it.
    CHECK(splitManifests("a: 1\n---\n---\nb: 2") == std::vector<std::string>{"a: 1", "---\nb: 2"});
    CHECK(splitManifests("a: |\n  x\n  ---\n  y\n") == std::vector<std::string>{"a: |\n  x\n  ---\n  y"});
    CHECK(splitManifests("a: 1 --- b").size() == 1);
    CHECK(splitManifests("  \n\n").empty());
    CHECK(splitManifests("# only a comment\n---\nkind: A") ==
          std::vector<std::string>{"# only a comment", "kind: A"});
}

TEST_CASE("documents sort by helm's install order, stable within a kind, unknown kinds last") {
    std::map<std::string, std::string> files = {
        {"c/templates/z.yaml",
         "kind: Deployment\nmetadata:\n  name: d\n---\nkind: Service\nmetadata:\n  name: s\n"},
        {"c/templates/a.yaml",
         "kind: Widget\n---\nkind: ConfigMap\nmetadata:\n  name: cm1\n---\nkind: Gadget\n"},
        {"c/templates/b.yaml", "kind: ConfigMap\nmetadata:\n  name: cm2\n---\nkind: Namespace\n"},
        {"c/templates/_helpers.tpl", "kind: Pod\n"},
        {"c/templates/empty.yaml", "  \n"},
    };
    auto sorted = sortManifests(files, installOrder());
    std::vector<std::string> got;
    for (const auto& m : sorted.manifests)
        got.push_back(m.head.kind + ":" + m.head.name);
    CHECK(got == std::vector<std::string>{"Namespace:", "ConfigMap:cm1", "ConfigMap:cm2", "Service:s",
                                          "Deployment:d", "Gadget:", "Widget:"});
    CHECK(sorted.manifests[1].name == "c/templates/a.yaml");
    auto rev = sorted.manifests;
    sortByKind(rev, uninstallOrder());
    CHECK(rev.front().head.kind == "Service");
    CHECK(rev[rev.size() - 3].head.kind == "Namespace");
}

TEST_CASE("hook documents are separated with events, weight and delete policies") {
    std::map<std::string, std::string> files = {
        {"c/templates/job.yaml",
         "kind: Job\nmetadata:\n  name: migrate\n  annotations:\n"
         "    helm.sh/hook: Pre-Install, pre-upgrade\n    helm.sh/hook-weight: \"-5\"\n"
         "    helm.sh/hook-delete-policy: before-hook-creation,Hook-Succeeded\n"},
        {"c/templates/weird.yaml",
         "kind: Pod\nmetadata:\n  name: w\n  annotations:\n    helm.sh/hook: on-lunch\n"},
        {"c/templates/cm.yaml", "kind: ConfigMap\nmetadata:\n  name: cm\n  annotations:\n    other: x\n"},
    };
    auto sorted = sortManifests(files, installOrder());
    REQUIRE(sorted.hooks.size() == 1); // unknown hook events are skipped
    const auto& h = sorted.hooks[0];
    CHECK(h.name == "migrate");
    CHECK(h.kind == "Job");
    CHECK(h.path == "c/templates/job.yaml");
    CHECK(h.weight == -5);
    CHECK(h.events == std::vector<std::string>{"pre-install", "pre-upgrade"});
    CHECK(h.deletePolicies == std::vector<std::string>{"before-hook-creation", "hook-succeeded"});
    REQUIRE(sorted.manifests.size() == 1);
    CHECK(sorted.manifests[0].head.name == "cm");
}

TEST_CASE("helm template layout: trimmed manifest, then hooks with their source") {
    std::vector<Manifest> ms = {{"c/templates/a.yaml", "kind: ConfigMap", {}},
                                {"c/templates/b.yaml", "kind: Service", {}}};
    auto manifest = joinManifests(ms);
    CHECK(manifest == "---\n# Source: c/templates/a.yaml\nkind: ConfigMap\n---\n# Source: "
                      "c/templates/b.yaml\nkind: Service\n");
    Hook h;
    h.path = "c/templates/t.yaml";
    h.manifest = "kind: Pod";
    CHECK(templateOutput(manifest, {h}) == manifest + "---\n# Source: c/templates/t.yaml\nkind: Pod\n");
    CHECK(templateOutput("", {}) == "\n");
}

TEST_CASE("malformed documents and non-string annotations are YAML parse errors naming the file") {
    CHECK_THROWS_WITH(sortManifests({{"c/templates/x.yaml", "a: [1, 2\n"}}, installOrder()),
                      Catch::StartsWith("YAML parse error on c/templates/x.yaml"));
    CHECK_THROWS_WITH(sortManifests({{"c/templates/x.yaml",
                                      "kind: Pod\nmetadata:\n  annotations:\n    helm.sh/hook-weight: 5\n"}},
                                    installOrder()),
                      Catch::Contains("cannot unmarshal number"));
}
