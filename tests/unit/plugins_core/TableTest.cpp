#include <kmcp/table.hpp>

#include <catch2/catch.hpp>

using nlohmann::json;

TEST_CASE("alignColumns pads like kubectl's tabwriter (min 6, padding 3)", "[table]") {
    CHECK(kmcp::sdk::alignColumns("NAME\tAGE\nlonger-name\t5m\n") == "NAME          AGE\nlonger-name   5m\n");
    CHECK(kmcp::sdk::alignColumns("A\tB\t\nx\ty\t\n") == "A     B     \nx     y     \n");
    // Columns count runes, not bytes.
    CHECK(kmcp::sdk::alignColumns("caf\xC3\xA9\tx\nab\ty\n") == "caf\xC3\xA9   x\nab     y\n");
}

TEST_CASE("renderTable prints a server-side Table like kubectl -o wide --show-labels", "[table]") {
    json table = json::parse(R"({
      "kind": "Table", "apiVersion": "meta.k8s.io/v1",
      "columnDefinitions": [
        {"name": "Name", "type": "string", "format": "name", "priority": 0},
        {"name": "Ready", "type": "string", "priority": 0},
        {"name": "Restarts", "type": "integer", "priority": 0},
        {"name": "Node", "type": "string", "priority": 1}
      ],
      "rows": [
        {"cells": ["web-1", "1/1", 0, "node-a"],
         "object": {"metadata": {"name": "web-1", "namespace": "default", "labels": {"tier": "web", "app": "shop"}}}},
        {"cells": ["db-0", "0/1", 12, null],
         "object": {"metadata": {"name": "db-0", "namespace": "data"}}}
      ]})");
    kmcp::sdk::TableOptions options;
    options.leadingColumns = {{"apiVersion", "v1"}, {"kind", "Pod"}};
    CHECK(kmcp::sdk::renderTable(table, options) ==
          "NAMESPACE   APIVERSION   KIND   NAME    READY   RESTARTS   NODE     LABELS\n"
          "default     v1           Pod    web-1   1/1     0          node-a   app=shop,tier=web\n"
          "data        v1           Pod    db-0    0/1     12                  <none>\n");
    options.wide = false;
    options.showLabels = false;
    CHECK(kmcp::sdk::renderTable(table, options) ==
          "NAMESPACE   APIVERSION   KIND   NAME    READY   RESTARTS\n"
          "default     v1           Pod    web-1   1/1     0\n"
          "data        v1           Pod    db-0    0/1     12\n");
}

TEST_CASE("renderTable leaves out NAMESPACE for cluster-scoped rows and prints nothing without rows",
          "[table]") {
    json table = {
        {"kind", "Table"},
        {"columnDefinitions", {{{"name", "Name"}}, {{"name", "Status"}}}},
        {"rows",
         {{{"cells", {"kube-system", "Active"}}, {"object", {{"metadata", {{"name", "kube-system"}}}}}}}}};
    CHECK(kmcp::sdk::renderTable(table) == "NAME          STATUS   LABELS\nkube-system   Active   <none>\n");
    table["rows"] = json::array();
    CHECK(kmcp::sdk::renderTable(table).empty());
}

TEST_CASE("renderTable cuts multi-line cells and neutralises escapes", "[table]") {
    json table = {
        {"columnDefinitions", {{{"name", "Msg"}}}},
        {"rows", {{{"cells", {"first\nsecond"}}}, {{"cells", {"esc\x1b[31m"}}}, {{"cells", {1.5}}}}}};
    kmcp::sdk::TableOptions options;
    options.showLabels = false;
    CHECK(kmcp::sdk::renderTable(table, options) == "MSG\nfirst...\nesc^[[31m\n1.5\n");
}
