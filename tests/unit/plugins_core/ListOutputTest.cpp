#include "ListOutput.hpp"
#include "ObjectCleanup.hpp"
#include "OutputLimit.hpp"

#include <catch2/catch.hpp>

using namespace kmcp::plugins::core;
using nlohmann::json;

TEST_CASE("renderList prints a Table with APIVERSION and KIND prepended and a paging note", "[list]") {
    json table = {{"kind", "Table"},
                  {"metadata", {{"continue", "tok123"}, {"remainingItemCount", 7}}},
                  {"columnDefinitions", {{{"name", "Name"}}, {{"name", "Ready"}}}},
                  {"rows",
                   {{{"cells", {"web", "2/2"}},
                     {"object", {{"metadata", {{"name", "web"}, {"namespace", "shop"}}}}}}}}};
    CHECK(renderList(table, "apps/v1", "Deployment", true) ==
          "NAMESPACE   APIVERSION   KIND         NAME   READY   LABELS\n"
          "shop        apps/v1      Deployment   web    2/2     <none>\n"
          "# more items are available (7 remaining): call again with the same arguments and "
          "continue=\"tok123\"\n");
}

TEST_CASE("renderList prints List items as YAML without managedFields, kinds filled in", "[list]") {
    json list = {{"kind", "PodList"},
                 {"apiVersion", "v1"},
                 {"metadata", json::object()},
                 {"items", {{{"metadata", {{"name", "a"}, {"managedFields", {{{"manager", "kubectl"}}}}}}}}}};
    CHECK(renderList(list, "v1", "Pod", true) == "- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: a\n");
    list["items"] = json::array();
    CHECK(renderList(list, "v1", "Pod", true) == "No Pod resources found\n");
}

TEST_CASE("Secrets are redacted unless the host says otherwise", "[list]") {
    json secret = {
        {"apiVersion", "v1"},
        {"kind", "Secret"},
        {"metadata",
         {{"name", "s"},
          {"annotations",
           {{"kubectl.kubernetes.io/last-applied-configuration", "{\"data\":{\"p\":\"c2VjcmV0\"}}"}}}}},
        {"data", {{"password", "c2VjcmV0"}}},
        {"stringData", {{"token", "abc"}}}};
    json redacted = secret;
    cleanObject(redacted, true);
    CHECK(redacted["data"]["password"] == kRedacted);
    CHECK(redacted["stringData"]["token"] == kRedacted);
    CHECK(redacted["metadata"]["annotations"]["kubectl.kubernetes.io/last-applied-configuration"] ==
          kRedacted);
    json clear = secret;
    cleanObject(clear, false);
    CHECK(clear["data"]["password"] == "c2VjcmV0");
    json configMap = {{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"data", {{"k", "v"}}}};
    cleanObject(configMap, true);
    CHECK(configMap["data"]["k"] == "v");
    json list = {{"kind", "SecretList"}, {"apiVersion", "v1"}, {"items", {{{"data", {{"k", "dg=="}}}}}}};
    CHECK(cleanListItems(list, true)[0]["data"]["k"] == kRedacted);
}

TEST_CASE("listFormatFrom defaults to table", "[list]") {
    CHECK(listFormatFrom("yaml") == ListFormat::Yaml);
    CHECK(listFormatFrom("table") == ListFormat::Table);
    CHECK(listFormatFrom("") == ListFormat::Table);
}

TEST_CASE("boundOutput cuts at a line break and says how to page on", "[limit]") {
    CHECK(boundOutput("short\n", "page", 100) == "short\n");
    std::string text = "line-1\nline-2\nline-3\n";
    CHECK(boundOutput(text, "use limit", 15) ==
          "line-1\nline-2\n# output truncated: showing 14 of 21 bytes; use limit\n");
    // Without a line break in range the cut never splits a UTF-8 sequence.
    std::string utf = "\xC3\xA9\xC3\xA9\xC3\xA9";
    CHECK(boundOutput(utf, "", 3) == "\xC3\xA9\n# output truncated: showing 2 of 6 bytes\n");
}
