// The example configs in etc/ load cleanly (with etc/conf.d merged on top, as they would be).
#include "config/ToolFilter.hpp"

#include "TestSupport.hpp"

#include <kmcp/plugin.h>

using namespace kmcp::config;
using namespace kmcp::config::test;

namespace {

const std::string etcDir = std::string(KMCP_SOURCE_ROOT) + "/etc/";

Loaded loadExample(const std::string& name) {
    auto loaded = Loader::fromPaths(etcDir + name).load();
    INFO(name << ": " << (loaded ? std::string() : loaded.error().message));
    REQUIRE(loaded.ok());
    for (const auto& w : loaded->warnings)
        UNSCOPED_INFO("warning: " << w);
    CHECK(loaded->warnings.empty());
    REQUIRE(loaded->files.size() == 2); // the example and conf.d/50-helm.toml
    CHECK(loaded->files[1] == etcDir + "conf.d/50-helm.toml");
    CHECK(loaded->config.toolsetConfigs.at("helm").at("storage_driver") == "secret");
    return loaded.value();
}

} // namespace

TEST_CASE("etc/config.toml is the defaults", "[config][examples]") {
    auto c = loadExample("config.toml").config;
    auto defaults = mustLoad("").config;
    CHECK(c.port == defaults.port);
    CHECK(c.toolsets == defaults.toolsets);
    CHECK(c.listOutput == defaults.listOutput);
    CHECK(c.readOnly == defaults.readOnly);
    CHECK(c.disableDestructive == defaults.disableDestructive);
    CHECK(c.logLevel == defaults.logLevel);
    CHECK(c.oauth.requireOAuth == defaults.oauth.requireOAuth);
}

TEST_CASE("etc/read-only.toml", "[config][examples]") {
    auto c = loadExample("read-only.toml").config;
    CHECK(c.readOnly);
    REQUIRE(c.deniedResources.size() == 1);
    CHECK(c.deniedResources[0].kind == "Secret");
    CHECK(toolAllowed(c, "pods_list", KMCP_TOOL_READ_ONLY));
    CHECK_FALSE(toolAllowed(c, "pods_run", KMCP_TOOL_OPEN_WORLD));
}

TEST_CASE("etc/non-destructive.toml", "[config][examples]") {
    auto c = loadExample("non-destructive.toml").config;
    CHECK(c.disableDestructive);
    CHECK_FALSE(c.readOnly);
    CHECK(toolAllowed(c, "pods_run", KMCP_TOOL_OPEN_WORLD));
    CHECK_FALSE(toolAllowed(c, "pods_delete", KMCP_TOOL_DESTRUCTIVE));
    CHECK_FALSE(toolAllowed(c, "pods_exec", KMCP_TOOL_OPEN_WORLD));
}

TEST_CASE("etc/keycloak-oauth.toml is the seed's OAuth setup", "[config][examples]") {
    auto c = loadExample("keycloak-oauth.toml").config;
    CHECK(c.oauth.requireOAuth);
    CHECK(c.oauth.oauthAudience == "account");
    CHECK(c.oauth.oauthScopes == std::vector<std::string>{"openid", "mcp-server"});
    CHECK(c.tokenExchange.strategy == "rfc8693");
    CHECK(c.tokenExchange.clientId == "mcp-server");
    CHECK(c.tokenExchange.audience == "openshift");
    CHECK(c.tokenExchange.scopes == std::vector<std::string>{"mcp:openshift"});
}
