#include "config/TomlSource.hpp"

#include "config/Provenance.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <regex>
#include <sstream>

namespace kmcp::config::detail {

namespace {

// Keys whose value is a string, so a bare word can only have meant a string.
bool holdsString(const std::string& key) {
    static constexpr std::array<std::string_view, 35> keys = {"port",
                                                              "bind_address",
                                                              "kubeconfig",
                                                              "cluster_provider_strategy",
                                                              "list_output",
                                                              "log_file",
                                                              "tls_cert",
                                                              "tls_key",
                                                              "metrics_port",
                                                              "oauth_audience",
                                                              "authorization_url",
                                                              "server_url",
                                                              "certificate_authority",
                                                              "cluster_auth_mode",
                                                              "audit_log",
                                                              "sts_client_id",
                                                              "sts_client_secret",
                                                              "sts_audience",
                                                              "token_exchange_strategy",
                                                              "sts_auth_style",
                                                              "sts_client_cert_file",
                                                              "sts_client_key_file",
                                                              "sts_federated_token_file",
                                                              "client_id",
                                                              "client_secret",
                                                              "audience",
                                                              "strategy",
                                                              "method",
                                                              "token_endpoint",
                                                              "subject_token_type",
                                                              "requested_token_type",
                                                              "certificate_file",
                                                              "private_key_file",
                                                              "token_file",
                                                              "storage_driver"};
    for (auto k : keys) {
        if (k == key) return true;
    }
    return false;
}

std::string lineOf(const std::string& text, size_t lineNumber, size_t& offset) {
    offset = 0;
    for (size_t line = 1; line < lineNumber; ++line) {
        offset = text.find('\n', offset);
        if (offset == std::string::npos) return {};
        ++offset;
    }
    auto end = text.find('\n', offset);
    return text.substr(offset, end == std::string::npos ? std::string::npos : end - offset);
}

// Rewrites an unquoted string value on `lineNumber`; returns false when the line is not such a case.
bool quoteBareValue(std::string& text, size_t lineNumber, const std::string& sourceName,
                    std::vector<std::string>& warnings) {
    size_t offset = 0;
    std::string line = lineOf(text, lineNumber, offset);
    static const std::regex placeholder(
        R"(^\s*([A-Za-z0-9_-]+)\s*=\s*(\$\{?[A-Za-z_][A-Za-z0-9_]*\}?)\s*(#.*)?\r?$)");
    static const std::regex bare(R"(^(\s*([A-Za-z0-9_-]+)\s*=\s*)([A-Za-z0-9._~+/=:@%!*-]+)(\s*(#.*)?\r?)$)");
    std::smatch m;
    if (std::regex_match(line, m, placeholder) && holdsString(m[1].str())) {
        throw ConfigError(fmt::format("{}:{}: {} is set to the template placeholder {}: the file was not "
                                      "processed by envsubst (or set a quoted value)",
                                      sourceName, lineNumber, m[1].str(), m[2].str()));
    }
    if (!std::regex_match(line, m, bare) || !holdsString(m[2].str())) return false;
    const std::string value = m[3].str();
    std::string rewritten = m[1].str() + "\"" + value + "\"" + m[4].str();
    text.replace(offset, line.size(), rewritten);
    warnings.push_back(fmt::format("{}:{}: the value of {} is not quoted; it was read as a string (quote it: "
                                   "{} = \"...\")",
                                   sourceName, lineNumber, m[2].str(), m[2].str()));
    return true;
}

} // namespace

ParsedSource parseToml(std::string text, const std::string& sourceName) {
    ParsedSource out;
    // Each retry fixes one distinct line, so the loop is bounded by the line count.
    const size_t maxRetries = static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
    for (size_t attempt = 0; attempt <= maxRetries; ++attempt) {
        try {
            out.table = toml::parse(text, sourceName);
            return out;
        } catch (const toml::parse_error& e) {
            const size_t line = e.source().begin.line;
            if (attempt < maxRetries && quoteBareValue(text, line, sourceName, out.warnings)) continue;
            throw ConfigError(fmt::format("cannot parse {}:{}:{}: {}", sourceName, line,
                                          e.source().begin.column, e.description()));
        }
    }
    throw ConfigError(fmt::format("cannot parse {}", sourceName));
}

ParsedSource readTomlFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ConfigError(fmt::format("cannot read config file {}: {}", path, std::strerror(errno)));
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) throw ConfigError(fmt::format("cannot read config file {}", path));
    return parseToml(buffer.str(), path);
}

} // namespace kmcp::config::detail
