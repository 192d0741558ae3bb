#include "TablePrinter.hpp"

#include <catch2/catch.hpp>

using namespace kmcp::sandbox;
using nlohmann::json;

namespace {

ObjectPtr stored(json o) {
    auto s = std::make_shared<StoredObject>();
    s->serialized = o.dump();
    s->object = std::move(o);
    return s;
}

} // namespace

TEST_CASE("pod rows follow kubectl's columns", "[table]") {
    TimePoint now = parseRfc3339("2024-05-01T12:00:00Z");
    json pod = {
        {"metadata",
         {{"name", "web-1"}, {"namespace", "default"}, {"creationTimestamp", "2024-05-01T11:00:00Z"}}},
        {"spec", {{"nodeName", "node-1"}, {"containers", json::array({{{"name", "a"}}, {{"name", "b"}}})}}},
        {"status",
         {{"phase", "Running"},
          {"podIP", "10.0.0.5"},
          {"containerStatuses",
           json::array({{{"name", "a"}, {"ready", true}, {"restartCount", 0}},
                        {{"name", "b"},
                         {"ready", false},
                         {"restartCount", 2},
                         {"lastState", {{"terminated", {{"finishedAt", "2024-05-01T11:55:00Z"}}}}}}})}}}};
    json cells = TablePrinter::cells("pods", pod, now);
    CHECK(cells[0] == "web-1");
    CHECK(cells[1] == "1/2");
    CHECK(cells[2] == "Running");
    CHECK(cells[3] == "2 (5m ago)");
    CHECK(cells[4] == "60m");
    CHECK(cells[5] == "10.0.0.5");
    CHECK(cells[6] == "node-1");
    json cols = TablePrinter::columns("pods");
    CHECK(cols[0]["name"] == "Name");
    CHECK(cols[0]["format"] == "name");
    CHECK(cols[5]["name"] == "IP");
    CHECK(cols[5]["priority"] == 1);
    CHECK(cols.size() == cells.size());
}

TEST_CASE("completed pods show the terminated reason", "[table]") {
    json pod = {
        {"metadata", {{"name", "job-1"}, {"creationTimestamp", "2024-05-01T11:59:30Z"}}},
        {"spec", {{"containers", json::array({{{"name", "a"}}})}}},
        {"status",
         {{"phase", "Succeeded"},
          {"containerStatuses", json::array({{{"name", "a"},
                                              {"ready", false},
                                              {"state", {{"terminated", {{"reason", "Completed"}}}}}}})}}}};
    json cells = TablePrinter::cells("pods", pod, parseRfc3339("2024-05-01T12:00:00Z"));
    CHECK(cells[1] == "0/1");
    CHECK(cells[2] == "Completed");
    CHECK(cells[4] == "30s");
}

TEST_CASE("deployment, namespace, secret and generic rows", "[table]") {
    TimePoint now = parseRfc3339("2024-05-03T12:00:00Z");
    json deploy = {
        {"metadata", {{"name", "web"}, {"creationTimestamp", "2024-05-01T12:00:00Z"}}},
        {"spec",
         {{"replicas", 3},
          {"selector", {{"matchLabels", {{"app", "web"}}}}},
          {"template",
           {{"spec", {{"containers", json::array({{{"name", "nginx"}, {"image", "nginx:1"}}})}}}}}}},
        {"status", {{"readyReplicas", 2}, {"updatedReplicas", 3}, {"availableReplicas", 2}}}};
    json cells = TablePrinter::cells("deployments", deploy, now);
    CHECK(cells == json::array({"web", "2/3", 3, 2, "2d", "nginx", "nginx:1", "app=web"}));
    json ns = {{"metadata", {{"name", "dev"}, {"creationTimestamp", "2024-05-03T11:00:00Z"}}},
               {"status", {{"phase", "Active"}}}};
    CHECK(TablePrinter::cells("namespaces", ns, now) == json::array({"dev", "Active", "60m"}));
    json secret = {{"metadata", {{"name", "s"}, {"creationTimestamp", "2024-05-03T11:59:00Z"}}},
                   {"type", "Opaque"},
                   {"data", {{"a", "eA=="}, {"b", "eQ=="}}}};
    CHECK(TablePrinter::cells("secrets", secret, now) == json::array({"s", "Opaque", 2, "60s"}));
    json cr = {{"metadata", {{"name", "thing"}, {"creationTimestamp", "2024-05-03T09:00:00Z"}}}};
    CHECK(TablePrinter::cells("", cr, now) == json::array({"thing", "3h"}));
    CHECK(TablePrinter::columns("").size() == 2);
}

TEST_CASE("table rows carry metadata or the full object", "[table]") {
    auto o = stored({{"metadata", {{"name", "x"}, {"creationTimestamp", "2024-05-03T09:00:00Z"}}},
                     {"data", {{"k", "v"}}}});
    TimePoint now = parseRfc3339("2024-05-03T12:00:00Z");
    json meta = TablePrinter::table("configmaps", {o}, IncludeObject::Metadata, now);
    CHECK(meta["kind"] == "Table");
    CHECK(meta["apiVersion"] == "meta.k8s.io/v1");
    CHECK(meta["rows"][0]["object"]["kind"] == "PartialObjectMetadata");
    CHECK_FALSE(meta["rows"][0]["object"].contains("data"));
    json full = TablePrinter::table("configmaps", {o}, IncludeObject::Object, now);
    CHECK(full["rows"][0]["object"]["data"]["k"] == "v");
    json none = TablePrinter::table("configmaps", {o}, IncludeObject::None, now);
    CHECK_FALSE(none["rows"][0].contains("object"));
    CHECK(TablePrinter::parseIncludeObject("") == IncludeObject::Metadata);
}

TEST_CASE("human durations match kubectl", "[table]") {
    using std::chrono::seconds;
    CHECK(humanDuration(seconds(5)) == "5s");
    CHECK(humanDuration(seconds(119)) == "119s");
    CHECK(humanDuration(seconds(200)) == "3m20s");
    CHECK(humanDuration(seconds(600)) == "10m");
    CHECK(humanDuration(seconds(4 * 3600 + 60)) == "4h1m");
    CHECK(humanDuration(seconds(30 * 3600)) == "30h");
    CHECK(humanDuration(seconds(3 * 86400 + 3600)) == "3d1h");
    CHECK(humanDuration(seconds(40 * 86400)) == "40d");
}
