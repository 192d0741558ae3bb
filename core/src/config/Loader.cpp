#include "config/Loader.hpp"

#include "config/CommandLine.hpp"
#include "config/Decoder.hpp"
#include "config/KeyNormalizer.hpp"
#include "config/TableMerge.hpp"
#include "config/TomlSource.hpp"
#include "config/Validator.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace kmcp::config {

namespace fs = std::filesystem;
using detail::ConfigError;

namespace {

Error invalid(const std::string& message) {
    return makeError(Error::Code::InvalidArgument, message);
}

// The drop-in directory for these paths, or "" when none applies.
std::string dropInDir(const std::string& configPath, const std::string& configDir) {
    if (configPath.empty()) return configDir;
    const fs::path base = fs::absolute(configPath).parent_path();
    if (configDir.empty()) return (base / "conf.d").string();
    fs::path dir(configDir);
    return dir.is_absolute() ? dir.string() : (base / dir).string();
}

std::vector<std::string> dropInFiles(const std::string& dir, bool explicitDir,
                                     std::vector<std::string>& warnings) {
    std::vector<std::string> files;
    if (dir.empty()) return files;
    std::error_code ec;
    const auto status = fs::status(dir, ec);
    if (!fs::exists(status)) {
        // The default conf.d is optional; a directory the user named should exist.
        if (explicitDir) warnings.push_back(fmt::format("drop-in directory {} does not exist", dir));
        return files;
    }
    if (!fs::is_directory(status)) throw ConfigError(fmt::format("drop-in path {} is not a directory", dir));
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.empty() || name.front() == '.' || it->path().extension() != ".toml") continue;
        std::error_code typeError;
        if (it->is_directory(typeError)) continue;
        files.push_back(it->path().string());
    }
    if (ec) throw ConfigError(fmt::format("cannot list drop-in directory {}: {}", dir, ec.message()));
    // Lexical by file name (they share one directory), as the reference sorts them.
    std::sort(files.begin(), files.end());
    return files;
}

toml::table& tableAt(toml::table& root, std::string_view dotted, std::string& leaf) {
    toml::table* current = &root;
    size_t start = 0;
    for (size_t dot; (dot = dotted.find('.', start)) != std::string_view::npos; start = dot + 1) {
        auto key = dotted.substr(start, dot - start);
        if (!current->contains(key)) current->insert(key, toml::table{});
        current = current->get_as<toml::table>(key);
    }
    leaf = std::string(dotted.substr(start));
    return *current;
}

// The flags as a source table in canonical spelling, remembering which flag set each key.
toml::table flagTable(const std::vector<FlagOverride>& overrides, detail::Provenance& provenance) {
    toml::table table;
    for (const auto& o : overrides) {
        std::string leaf;
        auto& parent = tableAt(table, o.key, leaf);
        std::visit(
            [&](const auto& v) {
                using T = std::decay_t<decltype(v)>;
                if constexpr (std::is_same_v<T, std::vector<std::string>>) {
                    toml::array array;
                    for (const auto& item : v)
                        array.push_back(item);
                    parent.insert_or_assign(leaf, std::move(array));
                } else {
                    parent.insert_or_assign(leaf, v);
                }
            },
            o.value);
        provenance.flags[o.key] = o.flag;
    }
    return table;
}

struct Source {
    std::string name;
    std::optional<std::string> text; // set: parse this instead of reading `name`
};

Result<Loaded> loadSources(const std::vector<Source>& sources, const std::vector<FlagOverride>& overrides,
                           const std::string& configPath, const std::string& configDir) {
    Loaded loaded;
    try {
        toml::table merged;
        detail::Provenance provenance;
        for (const auto& source : sources) {
            auto parsed = source.text ? detail::parseToml(*source.text, source.name)
                                      : detail::readTomlFile(source.name);
            loaded.warnings.insert(loaded.warnings.end(), parsed.warnings.begin(), parsed.warnings.end());
            detail::Provenance sourceProvenance;
            detail::normalizeSource(parsed.table, source.name, sourceProvenance, loaded.warnings);
            detail::mergeInto(merged, std::move(parsed.table), provenance, sourceProvenance);
            loaded.files.push_back(source.name);
        }
        detail::Provenance flagProvenance;
        detail::mergeInto(merged, flagTable(overrides, flagProvenance), provenance, flagProvenance);
        loaded.config = detail::decode(merged, provenance, loaded.warnings);
        detail::validate(loaded.config, provenance, loaded.warnings);
        loaded.config.configPath = configPath;
        loaded.config.configDir = configDir;
    } catch (const ConfigError& e) {
        return invalid(e.what());
    } catch (const std::exception& e) {
        return invalid(fmt::format("cannot load the configuration: {}", e.what()));
    }
    return loaded;
}

std::optional<std::string> processEnv(const std::string& name) {
    if (const char* value = std::getenv(name.c_str()); value && *value) return std::string(value);
    return std::nullopt;
}

} // namespace

Result<Loader> Loader::fromArgs(int argc, const char* const* argv) {
    return fromArgs(argc, argv, processEnv);
}

Result<Loader> Loader::fromArgs(int argc, const char* const* argv, const EnvLookup& env) {
    try {
        auto parsed = detail::parseCommandLine(argc, argv, env);
        Loader loader;
        loader.invocation_ = std::move(parsed.invocation);
        loader.overrides_ = std::move(parsed.overrides);
        return loader;
    } catch (const std::exception& e) {
        return invalid(e.what());
    }
}

Loader Loader::fromPaths(std::string configPath, std::string configDir) {
    Loader loader;
    loader.invocation_.configPath = std::move(configPath);
    loader.invocation_.configDir = std::move(configDir);
    return loader;
}

Result<Loaded> Loader::load() const {
    std::vector<Source> sources;
    std::vector<std::string> listingWarnings;
    const std::string dir = dropInDir(invocation_.configPath, invocation_.configDir);
    try {
        if (!invocation_.configPath.empty()) sources.push_back({invocation_.configPath, std::nullopt});
        for (auto& file : dropInFiles(dir, !invocation_.configDir.empty(), listingWarnings)) {
            sources.push_back({std::move(file), std::nullopt});
        }
    } catch (const std::exception& e) {
        return invalid(e.what());
    }
    auto result = loadSources(sources, overrides_, invocation_.configPath, dir);
    if (result)
        result->warnings.insert(result->warnings.begin(), listingWarnings.begin(), listingWarnings.end());
    return result;
}

Result<Loaded> Loader::loadText(std::string_view toml, const std::string& sourceName) const {
    return loadSources({{sourceName, std::string(toml)}}, overrides_, sourceName, {});
}

Status checkReferencedFiles(const Config& config) {
    const std::pair<std::string_view, const std::string*> files[] = {
        {"kubeconfig", &config.kubeconfig},
        {"tls_cert", &config.tlsCert},
        {"tls_key", &config.tlsKey},
        {"certificate_authority", &config.oauth.certificateAuthority},
        {"token_exchange.client_auth.certificate_file", &config.tokenExchange.certificateFile},
        {"token_exchange.client_auth.private_key_file", &config.tokenExchange.privateKeyFile},
        {"token_exchange.client_auth.token_file", &config.tokenExchange.tokenFile},
    };
    for (const auto& [key, path] : files) {
        if (path->empty()) continue;
        std::error_code ec;
        if (!fs::is_regular_file(*path, ec)) {
            return makeError(Error::Code::NotFound,
                             fmt::format("{} names \"{}\", which is not a readable file{}", key, *path,
                                         ec ? ": " + ec.message() : ""));
        }
    }
    return okStatus();
}

} // namespace kmcp::config
