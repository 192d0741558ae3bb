#pragma once

#include "config/Provenance.hpp"

#include <toml++/toml.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace kmcp::config::detail {

// Typed access to merged TOML values. Every failure throws ConfigError with a message that names
// the key (as the user spelled it), where it was set, the offending value, and what is allowed.
class ValueReader {
public:
    explicit ValueReader(const Provenance& provenance) : provenance_(provenance) {}

    std::string string(std::string_view path, const toml::node& node) const;
    bool boolean(std::string_view path, const toml::node& node) const;
    int64_t integer(std::string_view path, const toml::node& node) const;
    // An integer or a float.
    double number(std::string_view path, const toml::node& node) const;
    std::vector<std::string> strings(std::string_view path, const toml::node& node) const;
    const toml::table& table(std::string_view path, const toml::node& node) const;
    const toml::array& array(std::string_view path, const toml::node& node) const;
    // A string that must be one of `allowed`.
    std::string oneOf(std::string_view path, const toml::node& node,
                      std::initializer_list<std::string_view> allowed) const;

    [[noreturn]] void typeError(std::string_view path, const toml::node& node,
                                std::string_view expected) const;
    [[noreturn]] void valueError(std::string_view path, const toml::node& node,
                                 std::string_view allowed) const;
    // For errors about a key that is not tied to one node (missing keys, cross-field rules).
    std::string describeKey(std::string_view path, const toml::node* node) const;

    // `string "abc"`, `integer 12`, `table`, … with secrets redacted.
    static std::string describe(std::string_view path, const toml::node& node);
    static bool isSecretKey(std::string_view path);

private:
    const Provenance& provenance_;
};

} // namespace kmcp::config::detail
