#include "ReleaseFormat.hpp"

#include <catch2/catch.hpp>

using namespace kmcp::helm;

namespace {
Release rel(const std::string& name, const std::string& ns, int version, const std::string& status,
            const std::string& when = "2024-05-01T10:00:00.5+02:00") {
    Release r;
    r.name = name;
    r.ns = ns;
    r.version = version;
    r.info.status = status;
    r.info.lastDeployed = when;
    r.info.description = "Install complete";
    r.chart.metadata.name = "webapp";
    r.chart.metadata.version = "0.3.1";
    r.chart.metadata.appVersion = "2.4.0";
    return r;
}
} // namespace

TEST_CASE("times print like Go's time.Time.String and ANSIC, in UTC") {
    CHECK(goTimeString("2024-05-01T10:00:00.123456789+02:00") == "2024-05-01 08:00:00.123456789 +0000 UTC");
    CHECK(goTimeString("2024-05-01T10:00:00Z") == "2024-05-01 10:00:00 +0000 UTC");
    CHECK(ansicTime("2024-05-01T10:00:00.5+02:00") == "Wed May  1 08:00:00 2024");
    CHECK(ansicTime("2024-12-24T23:59:59Z") == "Tue Dec 24 23:59:59 2024");
}

TEST_CASE("list keeps the latest revision per release and filters by status like helm list") {
    std::vector<Release> all = {rel("a", "ns1", 1, "superseded"), rel("a", "ns1", 2, "deployed"),
                                rel("b", "ns1", 1, "uninstalled"), rel("c", "ns2", 3, "failed"),
                                rel("d", "ns2", 1, "pending-install")};
    auto def = filterLatest(all, "");
    REQUIRE(def.size() == 2);
    CHECK(def[0].name == "a");
    CHECK(def[0].version == 2);
    CHECK(def[1].name == "c");
    CHECK(filterLatest(all, "all").size() == 4);
    CHECK(filterLatest(all, "pending").at(0).name == "d");
    CHECK(filterLatest(all, "uninstalled, failed").size() == 2);
}

TEST_CASE("list table and YAML") {
    auto table = listTable({rel("web", "default", 2, "deployed")});
    CHECK(
        table ==
        "NAME\tNAMESPACE\tREVISION\tUPDATED                        \tSTATUS  \tCHART       \tAPP VERSION\n"
        "web \tdefault  \t2       \t2024-05-01 08:00:00.5 +0000 UTC\tdeployed\twebapp-0.3.1\t2.4.0      \n");
    CHECK(
        listYaml({rel("web", "default", 2, "deployed")}) ==
        "- app_version: 2.4.0\n  chart: webapp-0.3.1\n  name: web\n  namespace: default\n  revision: \"2\"\n"
        "  status: deployed\n  updated: 2024-05-01 08:00:00.5 +0000 UTC\n");
}

TEST_CASE("status and history text") {
    auto r = rel("web", "default", 1, "deployed");
    r.info.notes = "\nVisit the app.\n\n";
    CHECK(statusText(r) ==
          "NAME: web\nLAST DEPLOYED: Wed May  1 08:00:00 2024\nNAMESPACE: default\nSTATUS: deployed\n"
          "REVISION: 1\nTEST SUITE: None\nNOTES:\nVisit the app.\n");
    auto h = historyTable({rel("web", "default", 1, "superseded"), rel("web", "default", 2, "deployed")});
    CHECK(h.rfind(
              "REVISION\tUPDATED                 \tSTATUS    \tCHART       \tAPP VERSION\tDESCRIPTION     \n",
              0) == 0);
    CHECK(h.find("2       \tWed May  1 08:00:00 2024\tdeployed  \twebapp-0.3.1\t2.4.0      \tInstall "
                 "complete\n") != std::string::npos);
}

TEST_CASE("values text") {
    CHECK(valuesText(nlohmann::json::object(), false) == "USER-SUPPLIED VALUES:\nnull\n");
    CHECK(valuesText({{"replicaCount", 2}, {"image", {{"tag", "v1"}}}}, false) ==
          "USER-SUPPLIED VALUES:\nimage:\n  tag: v1\nreplicaCount: 2\n");
}
