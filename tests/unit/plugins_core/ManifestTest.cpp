#include "Manifest.hpp"

#include <kmcp/plugin.hpp>

#include <catch2/catch.hpp>

using namespace kmcp::plugins::core;
using nlohmann::json;

TEST_CASE("parseManifests splits multi-document YAML and drops status", "[manifest]") {
    auto docs = parseManifests(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  on: yes\n  q: \"yes\"\n"
        "  n: 010\nstatus:\n  x: 1\n---\n# only a comment\n---\n"
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: b}\nspec:\n  replicas: 2\n---\n");
    REQUIRE(docs.size() == 2);
    CHECK(docs[0]["metadata"]["name"] == "a");
    CHECK_FALSE(docs[0].contains("status"));
    // Plain scalars are typed the YAML 1.1 way (as kubectl's decoder does); quoted ones stay strings.
    CHECK(docs[0]["data"]["on"] == json(true));
    CHECK(docs[0]["data"]["q"] == json("yes"));
    CHECK(docs[0]["data"]["n"] == json(8));
    CHECK(docs[1]["spec"]["replicas"] == json(2));
}

TEST_CASE("parseManifests accepts JSON objects, arrays and Lists", "[manifest]") {
    auto one = parseManifests(
        "{\n\t\"apiVersion\": \"v1\", \"kind\": \"Namespace\", \"metadata\": {\"name\": \"x\"},"
        " \"status\": {\"phase\": \"Active\"}}");
    REQUIRE(one.size() == 1);
    CHECK(one[0] == json{{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", "x"}}}});
    auto arr = parseManifests(R"([{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"a"}},
                                  {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"b"}}])");
    CHECK(arr.size() == 2);
    auto list = parseManifests(
        "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata:\n"
        "    name: c\n");
    REQUIRE(list.size() == 1);
    CHECK(list[0]["metadata"]["name"] == "c");
}

TEST_CASE("parseManifests names the bad document", "[manifest]") {
    auto message = [](const std::string& text) {
        try {
            parseManifests(text);
        } catch (const kmcp::sdk::Error& e) {
            CHECK(e.status() == KMCP_STATUS_INVALID_ARGUMENT);
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK(message("apiVersion: v1\nkind: A\nmetadata: {name: a}\n---\nkind: B\nmetadata: {name: b}\n") ==
          "invalid argument resource: document 2 has no apiVersion");
    CHECK(message("apiVersion: v1\nkind: A\nmetadata: {generateName: a-}\n")
              .find("document 1 has no metadata.name") != std::string::npos);
    CHECK(message("- just\n- a list\n") == "invalid argument resource: document 1 is not a mapping/object");
    CHECK(message("a: [unclosed\n").find("not valid YAML or JSON") != std::string::npos);
    CHECK(message("  \n") == "invalid argument resource: it is empty");
    CHECK(message("---\n---\n") == "invalid argument resource: it holds no object");
}
