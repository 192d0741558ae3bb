#include "config/KeyNormalizer.hpp"

#include "config/KeySchema.hpp"
#include "config/ValueReader.hpp"

#include <fmt/format.h>

#include <array>

namespace kmcp::config::detail {

namespace {

struct Alias {
    std::string_view seed;
    std::string_view table; // "" → token_exchange, else token_exchange.<table>
    std::string_view key;
};

constexpr std::array<Alias, 9> aliases{{
    {"token_exchange_strategy", "", "strategy"},
    {"sts_audience", "", "audience"},
    {"sts_scopes", "", "scopes"},
    {"sts_auth_style", "client_auth", "method"},
    {"sts_client_id", "client_auth", "client_id"},
    {"sts_client_secret", "client_auth", "client_secret"},
    {"sts_client_cert_file", "client_auth", "certificate_file"},
    {"sts_client_key_file", "client_auth", "private_key_file"},
    {"sts_federated_token_file", "client_auth", "token_file"},
}};

toml::table& ensureTable(toml::table& parent, std::string_view key, const std::string& path,
                         const std::string& sourceName) {
    if (auto* node = parent.get(key)) {
        if (auto* table = node->as_table()) return *table;
        throw ConfigError(fmt::format("invalid type for {} in {}: expected a table, got {}", path,
                                      locationOf(*node, sourceName), ValueReader::describe(path, *node)));
    }
    return *parent.insert_or_assign(key, toml::table{}).first->second.as_table();
}

bool sameValue(const toml::node& a, const toml::node& b) {
    if (a.type() != b.type()) return false;
    if (a.is_string()) return *a.value<std::string>() == *b.value<std::string>();
    if (a.is_array()) return *a.as_array() == *b.as_array();
    if (a.is_boolean()) return *a.value<bool>() == *b.value<bool>();
    if (a.is_integer()) return *a.value<int64_t>() == *b.value<int64_t>();
    return false;
}

void dropObsolete(toml::table& table, const std::string& sourceName, Provenance& provenance,
                  std::vector<std::string>& warnings) {
    auto warnDropped = [&](std::string_view key, std::string_view why) {
        if (auto* node = table.get(key)) {
            warnings.push_back(fmt::format("obsolete configuration key \"{}\" in {} is ignored: {}", key,
                                           locationOf(*node, sourceName), why));
            table.erase(key);
        }
    };
    warnDropped("validate_token",
                "tokens are verified against authorization_url (JWKS) when require_oauth is "
                "true, and the cluster checks the token it receives");
    warnDropped("sse_base_url", "the legacy SSE endpoint is served at /sse on the main port; set server_url "
                                "for the public URL");
    // The reference once served SSE and Streamable HTTP on separate ports; both now share `port`.
    for (std::string_view key : {"http_port", "sse_port"}) {
        auto* node = table.get(key);
        if (!node) continue;
        if (!table.contains("port")) {
            warnings.push_back(fmt::format("obsolete configuration key \"{}\" in {}: use \"port\" (SSE and "
                                           "Streamable HTTP share one port); its value is used as port",
                                           key, locationOf(*node, sourceName)));
            table.insert_or_assign("port", std::move(*node));
            provenance.spellings["port"] = std::string(key);
            table.erase(key);
        } else {
            warnDropped(key, "\"port\" is set and serves both SSE and Streamable HTTP");
        }
    }
}

void canonicalizeTokenExchange(toml::table& table, const std::string& sourceName, Provenance& provenance) {
    Provenance none;
    ValueReader reader(none);
    for (const auto& alias : aliases) {
        auto* seedNode = table.get(alias.seed);
        if (!seedNode) continue;
        const std::string canonical = alias.table.empty()
                                          ? fmt::format("token_exchange.{}", alias.key)
                                          : fmt::format("token_exchange.{}.{}", alias.table, alias.key);
        if (alias.seed == "sts_auth_style") {
            auto style = reader.oneOf(alias.seed, *seedNode, {"params", "header", "assertion", "federated"});
            seedNode->as_string()->get() = authMethodForStyle(style);
        }
        toml::table* target = &ensureTable(table, "token_exchange", "token_exchange", sourceName);
        if (!alias.table.empty()) {
            target = &ensureTable(*target, alias.table, "token_exchange.client_auth", sourceName);
        }
        if (auto* existing = target->get(alias.key)) {
            if (!sameValue(*existing, *seedNode)) {
                throw ConfigError(fmt::format(
                    "token exchange setting given twice with different values: {} ({}) and {} ({}); keep one "
                    "spelling",
                    alias.seed, locationOf(*seedNode, sourceName), canonical,
                    locationOf(*existing, sourceName)));
            }
            table.erase(alias.seed);
            continue;
        }
        target->insert_or_assign(alias.key, std::move(*seedNode));
        table.erase(alias.seed);
        provenance.spellings[canonical] = std::string(alias.seed);
    }
}

} // namespace

std::string authMethodForStyle(std::string_view style) {
    if (style == "params") return "client_secret_post";
    if (style == "header") return "client_secret_basic";
    if (style == "assertion") return "private_key_jwt";
    if (style == "federated") return "jwt_file";
    return {};
}

void normalizeSource(toml::table& table, const std::string& sourceName, Provenance& provenance,
                     std::vector<std::string>& warnings) {
    dropObsolete(table, sourceName, provenance, warnings);
    canonicalizeTokenExchange(table, sourceName, provenance);
    warnUnknownKeys(table, sourceName, warnings);
}

} // namespace kmcp::config::detail
