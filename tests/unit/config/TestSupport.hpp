#pragma once

#include "config/Loader.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace kmcp::config::test {

// A fresh directory under the system temp dir, removed with everything in it at scope exit.
class TempDir {
public:
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "kmcp-config-XXXXXX").string();
        if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return path_; }

    // Writes `relative` (creating parent directories) and returns its full path.
    std::string write(const std::string& relative, const std::string& content) const {
        auto full = path_ / relative;
        std::filesystem::create_directories(full.parent_path());
        std::ofstream(full, std::ios::binary) << content;
        return full.string();
    }

private:
    std::filesystem::path path_;
};

// Loads TOML text as the config file, with these command-line arguments (program name added).
inline Result<Loaded> loadWith(const std::string& toml, std::vector<std::string> args = {}) {
    args.insert(args.begin(), "kubernetes-mcp-server");
    std::vector<const char*> argv;
    for (const auto& a : args)
        argv.push_back(a.c_str());
    auto loader = Loader::fromArgs(static_cast<int>(argv.size()), argv.data(),
                                   [](const std::string&) { return std::optional<std::string>(); });
    if (!loader) return loader.error();
    return loader->loadText(toml, "test.toml");
}

// Loads and requires success; returns the config.
inline Loaded mustLoad(const std::string& toml, std::vector<std::string> args = {}) {
    auto loaded = loadWith(toml, std::move(args));
    INFO((loaded ? std::string() : loaded.error().message));
    REQUIRE(loaded.ok());
    return loaded.value();
}

// Loads and requires failure; returns the error message.
inline std::string loadError(const std::string& toml, std::vector<std::string> args = {}) {
    auto loaded = loadWith(toml, std::move(args));
    REQUIRE_FALSE(loaded.ok());
    CHECK(loaded.error().code == Error::Code::InvalidArgument);
    return loaded.error().message;
}

inline bool anyContains(const std::vector<std::string>& lines, const std::string& needle) {
    return std::any_of(lines.begin(), lines.end(),
                       [&](const std::string& l) { return l.find(needle) != std::string::npos; });
}

// The minimum that satisfies the OAuth rules, for tests about other OAuth keys.
inline const std::string oauthBase = "port = \"8080\"\nrequire_oauth = true\n"
                                     "authorization_url = \"https://idp.example.com/realms/r\"\n";

} // namespace kmcp::config::test
