#include "FakeCluster.hpp"
#include "plugins/LoadedPlugin.hpp"
#include "plugins/PluginManager.hpp"
#include "plugins/Registry.hpp"
#include "plugins/ToolExecutor.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>

using namespace kmcp;
using nlohmann::json;

namespace {

std::string fixture(const std::string& name) {
    const char* dir = std::getenv("KMCP_ABI_FIXTURES");
    REQUIRE(dir != nullptr);
    return std::string(dir) + "/" + name + ".so";
}

std::string text(const plugins::CallResult& r) {
    std::string all;
    for (const auto& c : r.content)
        all += c.value("text", "");
    return all;
}

plugins::CallResult call(const std::shared_ptr<plugins::LoadedPlugin>& p, const std::string& tool, json args,
                         plugins::CallEnvironment env = {}) {
    auto reg = plugins::Registry::build({p}, {});
    const auto* t = reg->findTool(tool);
    REQUIRE(t != nullptr);
    return plugins::runTool(*t, args, env);
}

} // namespace

TEST_CASE("a library without the entry symbol is refused by name") {
    auto r = plugins::LoadedPlugin::load(fixture("missing_symbol"), "{}");
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error().message,
               Catch::Contains("missing_symbol.so") && Catch::Contains("missing entry symbol"));
}

TEST_CASE("a file that is not a shared object is refused with the loader's reason") {
    auto r = plugins::LoadedPlugin::load("/etc/hostname", "{}");
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error().message, Catch::Contains("/etc/hostname") && Catch::Contains("cannot load"));
}

TEST_CASE("a plugin of another ABI major is refused") {
    auto r = plugins::LoadedPlugin::load(fixture("wrong_major"), "{}");
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error().message, Catch::Contains("ABI major 2 is not supported"));
}

TEST_CASE("a plugin of a newer minor than the host is refused") {
    auto r = plugins::LoadedPlugin::load(fixture("newer_minor"), "{}");
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error().message, Catch::Contains("newer than the host"));
}

TEST_CASE("a plugin whose init fails is unloaded and its message reported") {
    auto r = plugins::LoadedPlugin::load(fixture("init_failure"), "{}");
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error().message,
               Catch::Contains("init_failure.so") && Catch::Contains("license server unreachable"));
}

TEST_CASE("a too-short plugin table is refused") {
    auto r = plugins::LoadedPlugin::load(fixture("short_struct"), "{}");
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error().message, Catch::Contains("too short"));
}

TEST_CASE("an ABI 1.0 plugin is accepted and its missing 1.1 field is never used") {
    auto r = plugins::LoadedPlugin::load(fixture("older_minor"), "{}");
    REQUIRE(r.ok());
    CHECK(r.value()->abiMinor() == 0);
    auto result = call(r.value(), "older_minor_tool", json::object());
    CHECK_FALSE(result.isError);
    CHECK(text(result) == "older minor says hi");
    // A new configuration cannot be applied without on_configure: refused with a reason, not called.
    auto st = r.value()->configure(R"({"x":1})");
    REQUIRE_FALSE(st.ok());
    CHECK_THAT(st.error().message, Catch::Contains("without a restart"));
}

TEST_CASE("a pure C plugin works: arguments, caller, structured content and a cluster request") {
    auto r = plugins::LoadedPlugin::load(fixture("pure_c"), "{}");
    REQUIRE(r.ok());
    CHECK(r.value()->toolset() == "pure_c");
    plugins::CallEnvironment env;
    env.caller.username = "alice";
    env.caller.groups = {"dev", "ops"};
    env.caller.token = "secret-token";
    auto echo = call(r.value(), "c_echo", json{{"x", 1}}, env);
    CHECK_FALSE(echo.isError);
    CHECK(text(echo) == R"(args={"x":1} user=alice groups=2)");
    CHECK(echo.structured == json{{"language", "C"}});

    test::FakeFactory factory;
    factory.response = {200, R"({"items":[1,2,3]})", {}, ""};
    env.clusters = &factory;
    auto kube = call(r.value(), "c_kube", json::object(), env);
    CHECK_FALSE(kube.isError);
    CHECK(text(kube) == "status=200 context=fake-ctx bytes=17");
    // The factory (host side) sees the caller's token; the plugin only ever saw the username.
    CHECK(factory.lastCaller.token == "secret-token");
}

TEST_CASE("a cluster tool without a configured cluster fails clearly") {
    auto r = plugins::LoadedPlugin::load(fixture("pure_c"), "{}");
    REQUIRE(r.ok());
    auto result = call(r.value(), "c_kube", json::object());
    CHECK(result.isError);
    CHECK_THAT(text(result), Catch::Contains("no Kubernetes cluster is configured"));
}

TEST_CASE("cluster errors from the host reach the plugin's error message") {
    auto r = plugins::LoadedPlugin::load(fixture("pure_c"), "{}");
    REQUIRE(r.ok());
    test::FakeFactory factory;
    factory.failWith = makeError(Error::Code::Unauthenticated, "token exchange failed: invalid_grant");
    plugins::CallEnvironment env;
    env.clusters = &factory;
    auto result = call(r.value(), "c_kube", json::object(), env);
    CHECK(result.isError);
    CHECK_THAT(text(result), Catch::Contains("token exchange failed: invalid_grant"));
}

TEST_CASE(
    "a C++ tool that throws across the boundary becomes an isError result and the plugin keeps serving") {
    auto r = plugins::LoadedPlugin::load(fixture("throwing"), "{}");
    REQUIRE(r.ok());
    auto thrown = call(r.value(), "throw_tool", json::object());
    CHECK(thrown.isError);
    CHECK_THAT(text(thrown), Catch::Contains("exception"));
    auto fine = call(r.value(), "fine_tool", json::object());
    CHECK_FALSE(fine.isError);
}

TEST_CASE("the SDK example plugin: config, caller, schema errors and reconfiguration") {
    auto r = plugins::LoadedPlugin::load(fixture("hello"), R"({"greeting":"Hej"})");
    REQUIRE(r.ok());
    plugins::CallEnvironment env;
    env.caller.username = "bob";
    auto greet = call(r.value(), "hello_greet", json::object(), env);
    CHECK(text(greet) == "Hej, bob!");
    CHECK(greet.structured == json{{"greeting", "Hej"}, {"name", "bob"}});
    auto bad = call(r.value(), "hello_greet", json{{"name", 42}}, env);
    CHECK(bad.isError);
    CHECK_THAT(text(bad), Catch::Contains("argument 'name' must be string"));
    // ABI 1.1 plugins accept a new configuration without reloading.
    REQUIRE(r.value()->configure(R"({"greeting":"Hallo"})").ok());
}

TEST_CASE("plugin manager finds toolsets by file name and reports missing ones") {
    plugins::PluginManager pm({std::getenv("KMCP_ABI_FIXTURES")});
    auto ok = pm.load({"pure_c", "hello"}, json{{"hello", {{"greeting", "Hi"}}}});
    REQUIRE(ok.ok());
    REQUIRE(ok.value().size() == 2);
    CHECK(ok.value()[1]->toolset() == "hello");
    auto missing = pm.load({"nope"}, json::object());
    REQUIRE_FALSE(missing.ok());
    CHECK_THAT(missing.error().message, Catch::Contains("toolset 'nope' not found"));
    // A toolset whose library declares another name is refused.
    auto renamed = pm.load({"missing_symbol"}, json::object());
    REQUIRE_FALSE(renamed.ok());
}
