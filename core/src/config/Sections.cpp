// Decoding of the structured sections: [[prompts]] and [toolset_configs.*].
#include "config/Decoder.hpp"
#include "config/Url.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <sstream>

namespace kmcp::config::detail {

namespace {

std::string optionalString(const ValueReader& reader, const toml::table& t, std::string_view key,
                           const std::string& parent) {
    if (auto* n = t.get(key)) return reader.string(joinPath(parent, key), *n);
    return {};
}

std::string requiredString(const ValueReader& reader, const toml::table& t, const toml::node& tableNode,
                           std::string_view key, const std::string& parent) {
    auto value = optionalString(reader, t, key, parent);
    if (value.empty()) {
        throw ConfigError(
            fmt::format("{} needs a non-empty \"{}\"", reader.describeKey(parent, &tableNode), key));
    }
    return value;
}

// Names used as {{name}} in a message; spaces inside the braces are allowed.
std::set<std::string> placeholders(std::string_view text) {
    std::set<std::string> out;
    size_t pos = 0;
    while ((pos = text.find("{{", pos)) != std::string_view::npos) {
        auto end = text.find("}}", pos + 2);
        if (end == std::string_view::npos) break;
        std::string name(text.substr(pos + 2, end - pos - 2));
        name.erase(0, name.find_first_not_of(' '));
        name.erase(name.find_last_not_of(' ') + 1);
        if (!name.empty()) out.insert(name);
        pos = end + 2;
    }
    return out;
}

Prompt decodePrompt(const ValueReader& reader, const toml::node& node, const std::string& path,
                    std::vector<std::string>& warnings) {
    const auto& t = reader.table(path, node);
    Prompt p;
    p.name = requiredString(reader, t, node, "name", path);
    p.title = optionalString(reader, t, "title", path);
    p.description = optionalString(reader, t, "description", path);
    if (auto* args = t.get("arguments")) {
        const auto& array = reader.array(path + ".arguments", *args);
        for (size_t i = 0; i < array.size(); ++i) {
            const std::string argPath = fmt::format("{}.arguments[{}]", path, i);
            const auto& a = reader.table(argPath, *array.get(i));
            PromptArgument arg;
            arg.name = requiredString(reader, a, *array.get(i), "name", argPath);
            arg.description = optionalString(reader, a, "description", argPath);
            if (auto* r = a.get("required")) arg.required = reader.boolean(argPath + ".required", *r);
            for (const auto& other : p.arguments) {
                if (other.name == arg.name) {
                    throw ConfigError(
                        fmt::format("prompt \"{}\" declares argument \"{}\" twice", p.name, arg.name));
                }
            }
            p.arguments.push_back(std::move(arg));
        }
    }
    const auto* messages = t.get("messages");
    if (!messages || !messages->is_array() || messages->as_array()->empty()) {
        if (messages && !messages->is_array())
            reader.typeError(path + ".messages", *messages, "an array of tables");
        throw ConfigError(fmt::format("prompt \"{}\" ({}) needs at least one [[prompts.messages]] entry",
                                      p.name, reader.describeKey(path, &node)));
    }
    const auto& array = *messages->as_array();
    for (size_t i = 0; i < array.size(); ++i) {
        const std::string msgPath = fmt::format("{}.messages[{}]", path, i);
        const auto& m = reader.table(msgPath, *array.get(i));
        PromptMessage msg;
        if (auto* role = m.get("role"))
            msg.role = reader.oneOf(msgPath + ".role", *role, {"user", "assistant"});
        msg.content = requiredString(reader, m, *array.get(i), "content", msgPath);
        for (const auto& name : placeholders(msg.content)) {
            const bool declared = std::any_of(p.arguments.begin(), p.arguments.end(),
                                              [&](const PromptArgument& a) { return a.name == name; });
            if (!declared) {
                warnings.push_back(
                    fmt::format("prompt \"{}\": message {} uses {{{{{}}}}}, which is not one of its "
                                "arguments (it will be left empty)",
                                p.name, i + 1, name));
            }
        }
        p.messages.push_back(std::move(msg));
    }
    return p;
}

nlohmann::json helmConfig(const ValueReader& reader, const toml::table& t, const toml::node& node) {
    const std::string base = "toolset_configs.helm";
    nlohmann::json out = toJson(node);
    if (auto* n = t.get("allowed_registries")) {
        const std::string path = base + ".allowed_registries";
        nlohmann::json normalized = nlohmann::json::array();
        for (const auto& entry : reader.strings(path, *n)) {
            auto url = parseUrl(entry);
            if (!url || (url->scheme != "oci" && url->scheme != "https")) {
                throw ConfigError(
                    fmt::format("invalid entry \"{}\" in {}: expected an oci:// or https:// URL with "
                                "a host",
                                entry, reader.describeKey(path, n)));
            }
            // Lower-case scheme and host, no trailing slash: chart references are prefix-matched.
            auto pathPart = url->path;
            while (!pathPart.empty() && pathPart.back() == '/')
                pathPart.pop_back();
            normalized.push_back(url->scheme + "://" + url->host + pathPart);
        }
        out["allowed_registries"] = normalized;
    }
    if (auto* n = t.get("storage_driver")) {
        std::string driver = reader.string(base + ".storage_driver", *n);
        std::transform(driver.begin(), driver.end(), driver.begin(),
                       [](unsigned char c) { return std::tolower(c); });
        if (driver != "secret" && driver != "configmap" && driver != "memory") {
            reader.valueError(base + ".storage_driver", *n, "one of \"secret\", \"configmap\", \"memory\"");
        }
        out["storage_driver"] = driver;
    }
    if (auto* n = t.get("chart_dirs")) {
        for (const auto& dir : reader.strings(base + ".chart_dirs", *n)) {
            if (dir.empty()) reader.valueError(base + ".chart_dirs", *n, "non-empty directory paths");
        }
    }
    if (auto* n = t.get("repositories")) {
        const auto& array = reader.array(base + ".repositories", *n);
        std::set<std::string> seen;
        for (size_t i = 0; i < array.size(); ++i) {
            const std::string path = fmt::format("{}.repositories[{}]", base, i);
            const auto& repo = reader.table(path, *array.get(i));
            auto name = requiredString(reader, repo, *array.get(i), "name", path);
            auto urlText = requiredString(reader, repo, *array.get(i), "url", path);
            auto url = parseUrl(urlText);
            if (!url || (url->scheme != "https" && url->scheme != "http" && url->scheme != "oci")) {
                reader.valueError(path + ".url", *repo.get("url"), "an https://, http:// or oci:// URL");
            }
            optionalString(reader, repo, "username", path);
            optionalString(reader, repo, "password", path);
            optionalString(reader, repo, "ca_file", path);
            if (auto* b = repo.get("insecure_skip_tls_verify"))
                reader.boolean(path + ".insecure_skip_tls_verify", *b);
            if (!seen.insert(name).second) {
                throw ConfigError(fmt::format("{} repeats the repository name \"{}\"",
                                              reader.describeKey(path, array.get(i)), name));
            }
        }
    }
    return out;
}

} // namespace

nlohmann::json toJson(const toml::node& node) {
    switch (node.type()) {
    case toml::node_type::table: {
        nlohmann::json out = nlohmann::json::object();
        for (const auto& [key, value] : *node.as_table())
            out[std::string(key.str())] = toJson(value);
        return out;
    }
    case toml::node_type::array: {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& value : *node.as_array())
            out.push_back(toJson(value));
        return out;
    }
    case toml::node_type::string:
        return *node.value<std::string>();
    case toml::node_type::integer:
        return *node.value<int64_t>();
    case toml::node_type::floating_point:
        return *node.value<double>();
    case toml::node_type::boolean:
        return *node.value<bool>();
    default: {
        std::ostringstream text;
        if (auto* d = node.as_date()) text << *d;
        if (auto* t = node.as_time()) text << *t;
        if (auto* dt = node.as_date_time()) text << *dt;
        return text.str();
    }
    }
}

std::vector<Prompt> decodePrompts(const ValueReader& reader, const toml::node& node,
                                  std::vector<std::string>& warnings) {
    std::vector<Prompt> out;
    const auto& array = reader.array("prompts", node);
    for (size_t i = 0; i < array.size(); ++i) {
        auto prompt = decodePrompt(reader, *array.get(i), fmt::format("prompts[{}]", i), warnings);
        for (const auto& other : out) {
            if (other.name == prompt.name)
                throw ConfigError(fmt::format("prompt \"{}\" is defined twice", prompt.name));
        }
        out.push_back(std::move(prompt));
    }
    return out;
}

nlohmann::json decodeToolsetConfigs(const ValueReader& reader, const toml::node& node) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [name, value] : reader.table("toolset_configs", node)) {
        const std::string path = joinPath("toolset_configs", name.str());
        const auto& t = reader.table(path, value);
        out[std::string(name.str())] = name.str() == "helm" ? helmConfig(reader, t, value) : toJson(value);
    }
    return out;
}

} // namespace kmcp::config::detail
