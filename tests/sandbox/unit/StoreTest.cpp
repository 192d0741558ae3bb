#include "Store.hpp"
#include "ApiError.hpp"

#include <catch2/catch.hpp>

using namespace kmcp::sandbox;
using nlohmann::json;

namespace {

const Bucket kPods{"", "pods"};

json pod(const std::string& ns, const std::string& name, const std::string& app = "web") {
    return {{"metadata", {{"name", name}, {"namespace", ns}, {"labels", {{"app", app}}}}},
            {"spec", {{"x", 1}}}};
}

} // namespace

TEST_CASE("store stamps metadata and rejects duplicates", "[store]") {
    Store store;
    auto a = store.create(kPods, pod("default", "a"));
    const json& meta = a->object["metadata"];
    CHECK_FALSE(meta.value("uid", "").empty());
    CHECK_FALSE(meta.value("resourceVersion", "").empty());
    CHECK_FALSE(meta.value("creationTimestamp", "").empty());
    CHECK(meta.value("generation", 0) == 1);
    CHECK(json::parse(a->serialized) == a->object);
    try {
        store.create(kPods, pod("default", "a"));
        FAIL("expected AlreadyExists");
    } catch (const ApiError& e) {
        CHECK(e.code() == 409);
        CHECK(std::string(e.what()) == "pods \"a\" already exists");
    }
    auto b = store.create({"apps", "deployments"}, pod("default", "a"));
    CHECK(b);
}

TEST_CASE("store generateName produces unique names", "[store]") {
    Store store;
    json p = {{"metadata", {{"generateName", "web-"}, {"namespace", "default"}}}};
    auto one = store.create(kPods, p);
    auto two = store.create(kPods, p);
    std::string n1 = one->object["metadata"]["name"];
    std::string n2 = two->object["metadata"]["name"];
    CHECK(n1.rfind("web-", 0) == 0);
    CHECK(n1.size() == 9);
    CHECK(n1 != n2);
}

TEST_CASE("store update enforces resourceVersion and bumps generation on spec change", "[store]") {
    Store store;
    auto a = store.create(kPods, pod("default", "a"));
    json next = a->object;
    next["spec"]["x"] = 2;
    auto updated = store.update(kPods, next);
    CHECK(updated->object["metadata"]["generation"] == 2);
    CHECK(updated->object["metadata"]["uid"] == a->object["metadata"]["uid"]);
    try {
        store.update(kPods, next);
        FAIL("expected a conflict");
    } catch (const ApiError& e) {
        CHECK(e.code() == 409);
        CHECK(e.reason() == "Conflict");
        CHECK(std::string(e.what()).find("the object has been modified") != std::string::npos);
    }
    json missing = pod("default", "zzz");
    CHECK_THROWS_AS(store.update(kPods, missing), ApiError);
}

TEST_CASE("store lists by namespace and selectors", "[store]") {
    Store store;
    store.create(kPods, pod("dev", "a", "api"));
    store.create(kPods, pod("dev", "b", "web"));
    store.create(kPods, pod("dev-2", "c", "web"));
    store.create(kPods, pod("qa", "d", "web"));
    ListQuery q;
    q.ns = "dev";
    CHECK(store.list(kPods, q).items.size() == 2);
    q.labels = LabelSelector::parse("app=web");
    CHECK(store.list(kPods, q).items.size() == 1);
    ListQuery all;
    all.labels = LabelSelector::parse("app=web");
    CHECK(store.list(kPods, all).items.size() == 3);
}

TEST_CASE("store pages with limit and continue tokens", "[store]") {
    Store store;
    for (int i = 0; i < 7; ++i) {
        store.create(kPods, pod("default", "p" + std::to_string(i)));
    }
    ListQuery q;
    q.ns = "default";
    q.limit = 3;
    std::vector<std::string> names;
    int pages = 0;
    for (; pages < 10; ++pages) {
        ListPage page = store.list(kPods, q);
        for (const auto& item : page.items) {
            names.push_back(item->object["metadata"]["name"]);
        }
        if (page.continueToken.empty()) {
            CHECK(page.remainingItemCount == -1);
            break;
        }
        CHECK(page.remainingItemCount == 7 - static_cast<long long>(names.size()));
        q.continueToken = page.continueToken;
    }
    CHECK(pages == 2);
    REQUIRE(names.size() == 7);
    CHECK(names.front() == "p0");
    CHECK(names.back() == "p6");
    q.continueToken = "not-a-token!";
    CHECK_THROWS_AS(store.list(kPods, q), ApiError);
}

TEST_CASE("store remove, dependents and watch events", "[store]") {
    Store store;
    auto owner = store.create({"apps", "replicasets"}, pod("default", "rs"));
    json child = pod("default", "child");
    child["metadata"]["ownerReferences"] =
        json::array({{{"uid", owner->object["metadata"]["uid"]}, {"controller", true}}});
    std::uint64_t before = store.resourceVersion();
    store.create(kPods, child);
    CHECK(store.dependentsOf(owner->object["metadata"]["uid"]).size() == 1);
    CHECK(store.remove(kPods, "default", "child"));
    CHECK_FALSE(store.remove(kPods, "default", "child"));
    bool tooOld = false;
    auto events = store.eventsAfter(before, std::chrono::milliseconds(10), tooOld);
    REQUIRE(events.size() == 2);
    CHECK(events[0].type == "ADDED");
    CHECK(events[1].type == "DELETED");
    CHECK(events[1].object->object["metadata"]["name"] == "child");
}
