// Profile filtering: the precedence table.
#include "config/ToolFilter.hpp"

#include <kmcp/plugin.h>

#include <catch2/catch.hpp>

using namespace kmcp::config;

namespace {

constexpr uint32_t RO = KMCP_TOOL_READ_ONLY;
constexpr uint32_t DE = KMCP_TOOL_DESTRUCTIVE;
constexpr uint32_t ID = KMCP_TOOL_IDEMPOTENT;
constexpr uint32_t OW = KMCP_TOOL_OPEN_WORLD;

Config profile(bool readOnly, bool disableDestructive, std::vector<std::string> enabled = {},
               std::vector<std::string> disabled = {}) {
    Config c;
    c.readOnly = readOnly;
    c.disableDestructive = disableDestructive;
    c.enabledTools = std::move(enabled);
    c.disabledTools = std::move(disabled);
    return c;
}

} // namespace

TEST_CASE("tool filtering table", "[config][filter]") {
    struct Row {
        const char* what;
        Config config;
        const char* tool;
        uint32_t annotations;
        bool allowed;
    };
    const Row rows[] = {
        {"default shows read tools", profile(false, false), "pods_list", RO | OW, true},
        {"default shows writes", profile(false, false), "pods_run", OW, true},
        {"default shows destructive tools", profile(false, false), "pods_delete", DE | ID | OW, true},
        {"read_only keeps read tools", profile(true, false), "pods_list", RO | OW, true},
        {"read_only hides writes", profile(true, false), "pods_run", OW, false},
        {"read_only hides destructive tools", profile(true, false), "pods_delete", DE | ID | OW, false},
        {"read_only hides a mislabelled RO+DE tool", profile(true, false), "odd", RO | DE, false},
        {"disable_destructive keeps writes", profile(false, true), "pods_run", OW, true},
        {"disable_destructive hides destructive", profile(false, true), "resources_delete", DE | ID | OW,
         false},
        {"disable_destructive keeps reads", profile(false, true), "pods_get", RO, true},
        {"allow-list admits listed", profile(false, false, {"pods_get"}), "pods_get", RO, true},
        {"allow-list hides others", profile(false, false, {"pods_get"}), "pods_list", RO, false},
        {"allow-list cannot beat read_only", profile(true, false, {"pods_delete"}), "pods_delete", DE, false},
        {"allow-list cannot beat disable_destructive", profile(false, true, {"pods_delete"}), "pods_delete",
         DE, false},
        {"deny-list hides", profile(false, false, {}, {"pods_exec"}), "pods_exec", DE | OW, false},
        {"deny-list leaves others", profile(false, false, {}, {"pods_exec"}), "pods_log", RO, true},
        {"deny-list beats allow-list", profile(false, false, {"pods_log"}, {"pods_log"}), "pods_log", RO,
         false},
        {"no annotations, no profile", profile(false, false), "custom", 0, true},
        {"no annotations under read_only", profile(true, false), "custom", 0, false},
    };
    for (const auto& row : rows) {
        INFO(row.what);
        CHECK(toolAllowed(row.config, row.tool, row.annotations) == row.allowed);
    }
}

TEST_CASE("tool description overrides", "[config][filter]") {
    Config c;
    c.toolDescriptionOverrides["pods_list"] = "Prefer label selectors.";
    c.toolDescriptionOverrides["pods_get"] = "";
    CHECK(toolDescription(c, "pods_list", "List pods") == "Prefer label selectors.");
    CHECK(toolDescription(c, "pods_get", "Get a pod") == "Get a pod");
    CHECK(toolDescription(c, "events_list", "List events") == "List events");
}
