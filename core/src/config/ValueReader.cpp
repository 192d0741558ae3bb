#include "config/ValueReader.hpp"

#include <fmt/format.h>

namespace kmcp::config::detail {

namespace {

std::string quoted(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out + "\"";
}

} // namespace

bool ValueReader::isSecretKey(std::string_view path) {
    return path.find("secret") != std::string_view::npos || path.find("password") != std::string_view::npos;
}

std::string ValueReader::describe(std::string_view path, const toml::node& node) {
    const bool secret = isSecretKey(path);
    switch (node.type()) {
    case toml::node_type::string:
        return secret ? "a string (value hidden)" : "string " + quoted(*node.value<std::string>());
    case toml::node_type::integer:
        return secret ? "an integer" : fmt::format("integer {}", *node.value<int64_t>());
    case toml::node_type::floating_point:
        return secret ? "a float" : fmt::format("float {}", *node.value<double>());
    case toml::node_type::boolean:
        return fmt::format("boolean {}", *node.value<bool>());
    case toml::node_type::table:
        return "a table";
    case toml::node_type::array:
        return "an array";
    case toml::node_type::date:
    case toml::node_type::time:
    case toml::node_type::date_time:
        return "a date/time";
    default:
        return "nothing";
    }
}

std::string ValueReader::describeKey(std::string_view path, const toml::node* node) const {
    return provenance_.displayKey(path) + provenance_.where(path, node);
}

void ValueReader::typeError(std::string_view path, const toml::node& node, std::string_view expected) const {
    throw ConfigError(fmt::format("invalid type for {}: expected {}, got {}", describeKey(path, &node),
                                  expected, describe(path, node)));
}

void ValueReader::valueError(std::string_view path, const toml::node& node, std::string_view allowed) const {
    std::string shown = describe(path, node);
    // "string "xml"" reads badly in "invalid value …"; show just the literal.
    if (auto pos = shown.find(' '); pos != std::string::npos && !isSecretKey(path) &&
                                    (node.is_string() || node.is_integer() || node.is_floating_point())) {
        shown = shown.substr(pos + 1);
    }
    throw ConfigError(
        fmt::format("invalid value {} for {}: expected {}", shown, describeKey(path, &node), allowed));
}

std::string ValueReader::string(std::string_view path, const toml::node& node) const {
    if (!node.is_string()) typeError(path, node, "a string");
    return *node.value<std::string>();
}

bool ValueReader::boolean(std::string_view path, const toml::node& node) const {
    if (!node.is_boolean()) typeError(path, node, "a boolean (true or false)");
    return *node.value<bool>();
}

int64_t ValueReader::integer(std::string_view path, const toml::node& node) const {
    if (!node.is_integer()) typeError(path, node, "an integer");
    return *node.value<int64_t>();
}

double ValueReader::number(std::string_view path, const toml::node& node) const {
    if (node.is_integer()) return static_cast<double>(*node.value<int64_t>());
    if (!node.is_floating_point()) typeError(path, node, "a number");
    return *node.value<double>();
}

std::vector<std::string> ValueReader::strings(std::string_view path, const toml::node& node) const {
    if (!node.is_array()) typeError(path, node, "an array of strings");
    std::vector<std::string> out;
    for (const auto& element : *node.as_array()) {
        if (!element.is_string()) {
            throw ConfigError(fmt::format("invalid type for {}: expected an array of strings, found {}",
                                          describeKey(path, &node), describe(path, element)));
        }
        out.push_back(*element.value<std::string>());
    }
    return out;
}

const toml::table& ValueReader::table(std::string_view path, const toml::node& node) const {
    if (!node.is_table()) typeError(path, node, "a table");
    return *node.as_table();
}

const toml::array& ValueReader::array(std::string_view path, const toml::node& node) const {
    if (!node.is_array()) typeError(path, node, "an array");
    return *node.as_array();
}

std::string ValueReader::oneOf(std::string_view path, const toml::node& node,
                               std::initializer_list<std::string_view> allowed) const {
    std::string value = string(path, node);
    std::string list;
    for (auto a : allowed) {
        if (a == value) return value;
        list += list.empty() ? "" : ", ";
        list += quoted(a);
    }
    valueError(path, node, "one of " + list);
}

} // namespace kmcp::config::detail
