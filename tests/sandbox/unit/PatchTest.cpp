#include "Patch.hpp"
#include "ApiError.hpp"

#include <catch2/catch.hpp>

using namespace kmcp::sandbox;
using nlohmann::json;

TEST_CASE("merge patch sets, replaces and deletes fields", "[patch]") {
    json live = {{"metadata", {{"labels", {{"a", "1"}, {"b", "2"}}}}}, {"spec", {{"replicas", 1}}}};
    json out = applyMergePatch(
        live, {{"metadata", {{"labels", {{"a", nullptr}, {"c", "3"}}}}}, {"spec", {{"replicas", 4}}}});
    CHECK(out["metadata"]["labels"] == json({{"b", "2"}, {"c", "3"}}));
    CHECK(out["spec"]["replicas"] == 4);
    CHECK_THROWS_AS(applyMergePatch(live, json::array()), ApiError);
}

TEST_CASE("json patch applies RFC 6902 operations", "[patch]") {
    json live = {{"spec", {{"replicas", 1}, {"list", {1, 2}}}}};
    json patch = json::parse(R"([{"op":"replace","path":"/spec/replicas","value":3},
                                 {"op":"add","path":"/spec/list/-","value":9},
                                 {"op":"remove","path":"/spec/list/0"}])");
    json out = applyJsonPatch(live, patch);
    CHECK(out["spec"]["replicas"] == 3);
    CHECK(out["spec"]["list"] == json({2, 9}));
}

TEST_CASE("json patch failures are reported as ApiError", "[patch]") {
    json live = {{"a", 1}};
    CHECK_THROWS_AS(applyJsonPatch(live, json::parse(R"([{"op":"test","path":"/a","value":2}])")), ApiError);
    CHECK_THROWS_AS(applyJsonPatch(live, json::parse(R"([{"op":"remove","path":"/missing"}])")), ApiError);
    CHECK_THROWS_AS(applyJsonPatch(live, json::object()), ApiError);
}

TEST_CASE("strategic merge patch merges containers by name", "[patch]") {
    json live = {{"spec",
                  {{"containers", json::array({{{"name", "app"}, {"image", "nginx:1"}},
                                               {{"name", "side"}, {"image", "busybox"}}})}}}};
    json patch = json::parse(R"({"spec":{"$setElementOrder/containers":[{"name":"app"},{"name":"side"}],
                                 "containers":[{"name":"app","image":"nginx:2"}]}})");
    json out = applyStrategicMergePatch(live, patch);
    REQUIRE(out["spec"]["containers"].size() == 2);
    CHECK(out["spec"]["containers"][0]["image"] == "nginx:2");
    CHECK(out["spec"]["containers"][1]["image"] == "busybox");
    CHECK_FALSE(out["spec"].contains("$setElementOrder/containers"));
}

TEST_CASE("strategic merge patch directives", "[patch]") {
    json live = {{"spec",
                  {{"containers", json::array({{{"name", "app"}}, {{"name", "side"}}})},
                   {"finalizers", {"a", "b"}},
                   {"nested", {{"x", 1}, {"y", 2}}}}}};
    json out = applyStrategicMergePatch(
        live, json::parse(R"({"spec":{"containers":[{"name":"side","$patch":"delete"}],
                                       "$deleteFromPrimitiveList/finalizers":["a"],
                                       "nested":{"$patch":"replace","z":3}}})"));
    CHECK(out["spec"]["containers"] == json::parse(R"([{"name":"app"}])"));
    CHECK(out["spec"]["finalizers"] == json({"b"}));
    CHECK(out["spec"]["nested"] == json({{"z", 3}}));
}

TEST_CASE("strategic merge replaces lists without a merge key", "[patch]") {
    json live = {{"spec", {{"args", {"a", "b"}}}}};
    json out = applyStrategicMergePatch(live, {{"spec", {{"args", {"c"}}}}});
    CHECK(out["spec"]["args"] == json({"c"}));
}

TEST_CASE("server-side apply keeps unmentioned fields and ignores nulls", "[patch]") {
    json live = {{"data", {{"a", "1"}, {"b", "2"}}}};
    json out = applyServerSideApply(live, {{"data", {{"a", "9"}, {"b", nullptr}}}});
    CHECK(out["data"] == json({{"a", "9"}, {"b", "2"}}));
}

TEST_CASE("patch content types map to patch kinds", "[patch]") {
    CHECK(patchTypeFromContentType("application/merge-patch+json") == PatchType::Merge);
    CHECK(patchTypeFromContentType("application/json-patch+json; charset=utf-8") == PatchType::Json);
    CHECK(patchTypeFromContentType("application/strategic-merge-patch+json") == PatchType::Strategic);
    CHECK(patchTypeFromContentType("application/apply-patch+yaml") == PatchType::Apply);
    CHECK_THROWS_AS(patchTypeFromContentType("text/plain"), ApiError);
}
