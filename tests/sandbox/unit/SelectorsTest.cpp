#include "Selectors.hpp"
#include "ApiError.hpp"

#include <catch2/catch.hpp>

using kmcp::sandbox::ApiError;
using kmcp::sandbox::FieldSelector;
using kmcp::sandbox::LabelSelector;
using nlohmann::json;

TEST_CASE("label selector equality and inequality", "[selectors]") {
    json labels = {{"app", "web"}, {"tier", "frontend"}};
    CHECK(LabelSelector::parse("app=web").matches(labels));
    CHECK(LabelSelector::parse("app==web").matches(labels));
    CHECK_FALSE(LabelSelector::parse("app=api").matches(labels));
    CHECK(LabelSelector::parse("app!=api").matches(labels));
    CHECK_FALSE(LabelSelector::parse("app!=web").matches(labels));
    CHECK(LabelSelector::parse("missing!=x").matches(labels));
    CHECK(LabelSelector::parse("app=web,tier=frontend").matches(labels));
    CHECK_FALSE(LabelSelector::parse("app=web,tier=backend").matches(labels));
}

TEST_CASE("label selector set and existence operators", "[selectors]") {
    json labels = {{"env", "prod"}, {"app", "web"}};
    CHECK(LabelSelector::parse("env in (prod, staging)").matches(labels));
    CHECK_FALSE(LabelSelector::parse("env in (dev,staging)").matches(labels));
    CHECK(LabelSelector::parse("env notin (dev,staging)").matches(labels));
    CHECK_FALSE(LabelSelector::parse("env notin (prod)").matches(labels));
    CHECK(LabelSelector::parse("app").matches(labels));
    CHECK_FALSE(LabelSelector::parse("release").matches(labels));
    CHECK(LabelSelector::parse("!release").matches(labels));
    CHECK_FALSE(LabelSelector::parse("!app").matches(labels));
    CHECK(LabelSelector::parse("env in (prod),app=web,!release").matches(labels));
    CHECK(LabelSelector::parse("").matches(labels));
}

TEST_CASE("label selector syntax errors are BadRequest", "[selectors]") {
    CHECK_THROWS_AS(LabelSelector::parse("env in (prod"), ApiError);
    CHECK_THROWS_AS(LabelSelector::parse("a b=c"), ApiError);
    CHECK_THROWS_AS(LabelSelector::parse("env in ()"), ApiError);
    try {
        LabelSelector::parse("=x");
        FAIL("expected an error");
    } catch (const ApiError& e) {
        CHECK(e.code() == 400);
        CHECK(e.reason() == "BadRequest");
    }
}

TEST_CASE("label selector from a metav1.LabelSelector object", "[selectors]") {
    json selector = {
        {"matchLabels", {{"app", "web"}}},
        {"matchExpressions", json::array({{{"key", "env"}, {"operator", "In"}, {"values", {"prod"}}}})}};
    auto s = LabelSelector::fromObject(selector);
    CHECK(s.matches({{"app", "web"}, {"env", "prod"}}));
    CHECK_FALSE(s.matches({{"app", "web"}, {"env", "dev"}}));
}

TEST_CASE("field selectors on metadata, status, spec and events", "[selectors]") {
    json pod = {{"metadata", {{"name", "web-1"}, {"namespace", "default"}}},
                {"spec", {{"nodeName", "node-a"}}},
                {"status", {{"phase", "Running"}}}};
    CHECK(FieldSelector::parse("metadata.name=web-1").matches(pod));
    CHECK(FieldSelector::parse("metadata.namespace==default,status.phase=Running").matches(pod));
    CHECK_FALSE(FieldSelector::parse("status.phase!=Running").matches(pod));
    CHECK(FieldSelector::parse("spec.nodeName=node-a").matches(pod));
    CHECK_FALSE(FieldSelector::parse("spec.nodeName=node-b").matches(pod));
    json event = {{"type", "Warning"}, {"involvedObject", {{"kind", "Pod"}, {"name", "web-1"}}}};
    CHECK(FieldSelector::parse("involvedObject.kind=Pod,involvedObject.name=web-1,type=Warning")
              .matches(event));
    CHECK_FALSE(FieldSelector::parse("type=Normal").matches(event));
    CHECK(FieldSelector::parse("metadata.name=a").equalityValue("metadata.name") == "a");
    CHECK_THROWS_AS(FieldSelector::parse("justakey"), ApiError);
}

TEST_CASE("field selector renders non-string values", "[selectors]") {
    json obj = {{"spec", {{"replicas", 3}, {"paused", false}}}};
    CHECK(FieldSelector::parse("spec.replicas=3").matches(obj));
    CHECK(FieldSelector::parse("spec.paused=false").matches(obj));
}
