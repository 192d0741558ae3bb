#include "config/KeySchema.hpp"

#include "config/Provenance.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <span>
#include <string_view>

namespace kmcp::config::detail {

namespace {

using Keys = std::span<const std::string_view>;

constexpr std::string_view topLevel[] = {"port",
                                         "bind_address",
                                         "kubeconfig",
                                         "cluster_provider_strategy",
                                         "toolsets",
                                         "enabled_tools",
                                         "disabled_tools",
                                         "read_only",
                                         "disable_destructive",
                                         "denied_resources",
                                         "list_output",
                                         "log_level",
                                         "log_file",
                                         "stateless",
                                         "tls_cert",
                                         "tls_key",
                                         "require_tls",
                                         "metrics_port",
                                         "server_instructions",
                                         "prompts",
                                         "tool_overrides",
                                         "require_oauth",
                                         "oauth_audience",
                                         "authorization_url",
                                         "server_url",
                                         "certificate_authority",
                                         "oauth_scopes",
                                         "disable_dynamic_client_registration",
                                         "skip_jwt_verification",
                                         "cluster_auth_mode",
                                         "trust_proxy_headers",
                                         "http",
                                         "toolset_configs",
                                         "plugin_dirs",
                                         "audit_log",
                                         "token_exchange"};

// Keys of the Go reference server that this server does not implement.
constexpr std::string_view unsupportedReference[] = {"tls_min_version",
                                                     "tls_cipher_suites",
                                                     "telemetry",
                                                     "validation_enabled",
                                                     "experimental_enable_target_compatibility_tool_filters",
                                                     "confirmation_fallback",
                                                     "confirmation_rules",
                                                     "cluster_provider_configs"};

constexpr std::string_view httpKeys[] = {"max_body_bytes",   "read_header_timeout", "rate_limit_rps",
                                         "rate_limit_burst", "max_workers",         "max_streams"};
constexpr std::string_view tokenExchangeKeys[] = {
    "strategy",       "audience",   "scopes", "subject_token_type", "requested_token_type",
    "token_endpoint", "client_auth"};
constexpr std::string_view clientAuthKeys[] = {"method",           "client_id",        "client_secret",
                                               "certificate_file", "private_key_file", "token_file"};
constexpr std::string_view promptKeys[] = {"name", "title", "description", "arguments", "messages"};
constexpr std::string_view promptArgumentKeys[] = {"name", "description", "required"};
constexpr std::string_view promptMessageKeys[] = {"role", "content"};
constexpr std::string_view deniedResourceKeys[] = {"group", "version", "kind"};
constexpr std::string_view toolOverrideKeys[] = {"description"};
constexpr std::string_view helmKeys[] = {"allowed_registries", "storage_driver", "chart_dirs",
                                         "repositories"};
constexpr std::string_view helmRepositoryKeys[] = {"name",     "url",     "username",
                                                   "password", "ca_file", "insecure_skip_tls_verify"};

bool contains(Keys keys, std::string_view key) {
    return std::find(keys.begin(), keys.end(), key) != keys.end();
}

class UnknownKeyFinder {
public:
    explicit UnknownKeyFinder(const std::string& source) : source_(source) {}

    // Warnings in file order (toml++ iterates tables in key order).
    std::vector<std::string> sortedWarnings() {
        std::stable_sort(found_.begin(), found_.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        std::vector<std::string> out;
        for (auto& [line, message] : found_)
            out.push_back(std::move(message));
        return out;
    }

    void topLevelTable(const toml::table& table) {
        for (const auto& [key, node] : table) {
            const std::string_view name = key.str();
            if (contains(unsupportedReference, name)) {
                add(node,
                    fmt::format("configuration key \"{}\" in {} is not supported by this server (ignored)",
                                name, locationOf(node, source_)));
            } else if (!contains(topLevel, name)) {
                unknown(name, node);
            }
        }
        checkTable(table, "http", httpKeys);
        checkTable(table, "token_exchange", tokenExchangeKeys);
        if (auto* exchange = table.get_as<toml::table>("token_exchange")) {
            checkTable(*exchange, "client_auth", clientAuthKeys, "token_exchange.");
        }
        checkArrayOfTables(table, "denied_resources", deniedResourceKeys);
        checkPrompts(table);
        if (auto* overrides = table.get_as<toml::table>("tool_overrides")) {
            for (const auto& [tool, node] : *overrides) {
                if (auto* t = node.as_table())
                    checkKeys(*t, "tool_overrides." + std::string(tool.str()), toolOverrideKeys);
            }
        }
        if (auto* configs = table.get_as<toml::table>("toolset_configs")) {
            checkTable(*configs, "helm", helmKeys, "toolset_configs.");
            if (auto* helm = configs->get_as<toml::table>("helm")) {
                checkArrayOfTables(*helm, "repositories", helmRepositoryKeys, "toolset_configs.helm.");
            }
        }
    }

private:
    void unknown(std::string_view path, const toml::node& node) {
        add(node,
            fmt::format("unknown configuration key \"{}\" in {} (ignored)", path, locationOf(node, source_)));
    }

    void add(const toml::node& node, std::string message) {
        found_.emplace_back(node.source().begin.line, std::move(message));
    }

    void checkKeys(const toml::table& table, const std::string& path, Keys known) {
        for (const auto& [key, node] : table) {
            if (!contains(known, key.str())) unknown(joinPath(path, key.str()), node);
        }
    }

    void checkTable(const toml::table& parent, std::string_view key, Keys known,
                    std::string_view prefix = "") {
        if (auto* table = parent.get_as<toml::table>(key))
            checkKeys(*table, std::string(prefix) + std::string(key), known);
    }

    void checkArrayOfTables(const toml::table& parent, std::string_view key, Keys known,
                            std::string_view prefix = "") {
        auto* array = parent.get_as<toml::array>(key);
        if (!array) return;
        for (size_t i = 0; i < array->size(); ++i) {
            if (auto* table = array->get(i)->as_table()) {
                checkKeys(*table, fmt::format("{}{}[{}]", prefix, key, i), known);
            }
        }
    }

    void checkPrompts(const toml::table& table) {
        checkArrayOfTables(table, "prompts", promptKeys);
        auto* prompts = table.get_as<toml::array>("prompts");
        if (!prompts) return;
        for (size_t i = 0; i < prompts->size(); ++i) {
            if (auto* prompt = prompts->get(i)->as_table()) {
                const std::string prefix = fmt::format("prompts[{}].", i);
                checkArrayOfTables(*prompt, "arguments", promptArgumentKeys, prefix);
                checkArrayOfTables(*prompt, "messages", promptMessageKeys, prefix);
            }
        }
    }

    const std::string& source_;
    std::vector<std::pair<uint32_t, std::string>> found_;
};

} // namespace

void warnUnknownKeys(const toml::table& table, const std::string& sourceName,
                     std::vector<std::string>& warnings) {
    UnknownKeyFinder finder(sourceName);
    finder.topLevelTable(table);
    auto found = finder.sortedWarnings();
    warnings.insert(warnings.end(), found.begin(), found.end());
}

} // namespace kmcp::config::detail
