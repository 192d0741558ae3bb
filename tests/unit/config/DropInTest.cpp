// Files, drop-ins and reload.
#include "TestSupport.hpp"

using namespace kmcp::config;
using namespace kmcp::config::test;

TEST_CASE("drop-ins override the main file in lexical order; tables merge, arrays replace",
          "[config][dropin]") {
    TempDir dir;
    auto main = dir.write("config.toml", R"(
log_level = 1
toolsets = ["core", "config", "helm"]
list_output = "yaml"
[http]
max_body_bytes = 1000
read_header_timeout = "5s"
)");
    dir.write("conf.d/20-second.toml", "log_level = 5\n[http]\nmax_body_bytes = 3000\n");
    dir.write("conf.d/10-first.toml",
              "log_level = 4\ntoolsets = [\"core\"]\n[http]\nmax_body_bytes = 2000\n");
    dir.write("conf.d/.hidden.toml", "log_level = 9\n");
    dir.write("conf.d/notes.txt", "log_level = 8\n");
    dir.write("conf.d/99-dir.toml/inner.toml", "log_level = 8\n");

    auto loaded = Loader::fromPaths(main).load();
    REQUIRE(loaded.ok());
    const auto& c = loaded->config;
    CHECK(c.logLevel == 5);                                // 20-second wins over 10-first and the main file
    CHECK(c.toolsets == std::vector<std::string>{"core"}); // arrays replace, not append
    CHECK(c.listOutput == ListOutput::Yaml);               // untouched keys survive
    CHECK(c.http.maxBodyBytes == 3000u);                   // tables merge key by key…
    CHECK(c.http.readHeaderTimeout == std::chrono::seconds(5)); // …keeping keys the drop-ins do not set
    REQUIRE(loaded->files.size() == 3);
    CHECK(loaded->files[0] == main);
    CHECK(loaded->files[1].find("10-first.toml") != std::string::npos);
    CHECK(loaded->files[2].find("20-second.toml") != std::string::npos);
    CHECK(c.configPath == main);
    CHECK(c.configDir == (dir.path() / "conf.d").string());
}

TEST_CASE("arrays of tables from a drop-in replace the main file's prompts", "[config][dropin]") {
    TempDir dir;
    auto main =
        dir.write("config.toml", "[[prompts]]\nname = \"a\"\n[[prompts.messages]]\ncontent = \"A\"\n");
    dir.write("conf.d/50.toml", "[[prompts]]\nname = \"b\"\n[[prompts.messages]]\ncontent = \"B\"\n");
    auto loaded = Loader::fromPaths(main).load();
    REQUIRE(loaded.ok());
    REQUIRE(loaded->config.prompts.size() == 1);
    CHECK(loaded->config.prompts[0].name == "b");
}

TEST_CASE("--config-dir: relative to the config file, or alone", "[config][dropin]") {
    TempDir dir;
    auto main = dir.write("etc/config.toml", "log_level = 1\n");
    dir.write("etc/extra/a.toml", "log_level = 6\n");
    dir.write("etc/conf.d/a.toml", "log_level = 3\n");

    auto relative = Loader::fromPaths(main, "extra").load();
    REQUIRE(relative.ok());
    CHECK(relative->config.logLevel == 6); // extra/ replaces the default conf.d, not added to it

    auto alone = Loader::fromPaths("", (dir.path() / "etc/extra").string()).load();
    REQUIRE(alone.ok());
    CHECK(alone->config.logLevel == 6);
    CHECK(alone->files.size() == 1);
}

TEST_CASE("a missing drop-in directory", "[config][dropin]") {
    TempDir dir;
    auto main = dir.write("config.toml", "log_level = 1\n");
    auto defaulted = Loader::fromPaths(main).load();
    REQUIRE(defaulted.ok());
    CHECK(defaulted->warnings.empty()); // conf.d is optional

    auto named = Loader::fromPaths(main, "nope").load();
    REQUIRE(named.ok());
    CHECK(anyContains(named->warnings, "drop-in directory"));
    CHECK(anyContains(named->warnings, "does not exist"));

    dir.write("file.toml", "");
    auto notDir = Loader::fromPaths(main, (dir.path() / "file.toml").string()).load();
    REQUIRE_FALSE(notDir.ok());
    CHECK(notDir.error().message.find("is not a directory") != std::string::npos);
}

TEST_CASE("a missing config file is an error naming it", "[config][dropin]") {
    TempDir dir;
    auto path = (dir.path() / "absent.toml").string();
    auto loaded = Loader::fromPaths(path).load();
    REQUIRE_FALSE(loaded.ok());
    CHECK(loaded.error().message.find("cannot read config file " + path) != std::string::npos);
}

TEST_CASE("a drop-in with a syntax error names the file and line", "[config][dropin]") {
    TempDir dir;
    auto main = dir.write("config.toml", "log_level = 1\n");
    auto bad = dir.write("conf.d/10.toml", "\nlog_level = = 3\n");
    auto loaded = Loader::fromPaths(main).load();
    REQUIRE_FALSE(loaded.ok());
    CHECK(loaded.error().message.find("cannot parse " + bad + ":2:") != std::string::npos);
}

TEST_CASE("load() re-reads the files each time (SIGHUP) and re-applies flags", "[config][dropin][reload]") {
    TempDir dir;
    auto main = dir.write("config.toml", "log_level = 1\nlist_output = \"table\"\n");
    const std::string configArg = "--config=" + main;
    const char* argv[] = {"kubernetes-mcp-server", configArg.c_str(), "--list-output", "yaml"};
    auto loader = Loader::fromArgs(4, argv);
    REQUIRE(loader.ok());
    CHECK(loader->readsFiles());

    auto first = loader->load();
    REQUIRE(first.ok());
    CHECK(first->config.logLevel == 1);
    CHECK(first->config.listOutput == ListOutput::Yaml);

    dir.write("config.toml", "log_level = 6\nlist_output = \"table\"\n");
    dir.write("conf.d/10.toml", "read_only = true\n");
    auto second = loader->load();
    REQUIRE(second.ok());
    CHECK(second->config.logLevel == 6);
    CHECK(second->config.readOnly);
    CHECK(second->config.listOutput == ListOutput::Yaml); // the flag still wins

    dir.write("config.toml", "log_level = 60\n");
    auto broken = loader->load();
    REQUIRE_FALSE(broken.ok()); // the caller keeps the previous config
    CHECK(broken.error().message.find("log_level") != std::string::npos);
}

TEST_CASE("no --config and no --config-dir reads no file", "[config][dropin]") {
    const char* argv[] = {"kubernetes-mcp-server"};
    auto loader = Loader::fromArgs(1, argv, [](const std::string&) { return std::optional<std::string>(); });
    REQUIRE(loader.ok());
    CHECK_FALSE(loader->readsFiles());
    auto loaded = loader->load();
    REQUIRE(loaded.ok());
    CHECK(loaded->files.empty());
}

TEST_CASE("K8S_MCP_CONFIG_PATH names the file unless --config is given", "[config][dropin]") {
    TempDir dir;
    auto fromEnv = dir.write("env.toml", "log_level = 3\n");
    auto fromFlag = dir.write("flag.toml", "log_level = 4\n");
    auto env = [&](const std::string& name) {
        return name == "K8S_MCP_CONFIG_PATH" ? std::optional<std::string>(fromEnv) : std::nullopt;
    };
    const char* bare[] = {"kubernetes-mcp-server"};
    auto a = Loader::fromArgs(1, bare, env);
    REQUIRE(a.ok());
    CHECK(a->invocation().configPath == fromEnv);
    CHECK(a->load()->config.logLevel == 3);

    const std::string flag = "--config=" + fromFlag;
    const char* withFlag[] = {"kubernetes-mcp-server", flag.c_str()};
    auto b = Loader::fromArgs(2, withFlag, env);
    REQUIRE(b.ok());
    CHECK(b->load()->config.logLevel == 4);
}

TEST_CASE("a drop-in's obsolete http_port overrides the main file's port", "[config][dropin]") {
    TempDir dir;
    auto main = dir.write("config.toml", "port = \"8000\"\n");
    dir.write("conf.d/10.toml", "http_port = 9000\n");
    auto loaded = Loader::fromPaths(main).load();
    REQUIRE(loaded.ok());
    CHECK(loaded->config.port == "9000");
    CHECK(anyContains(loaded->warnings, "obsolete configuration key \"http_port\""));
}

TEST_CASE("--config-dir given on the command line", "[config][dropin][cli]") {
    TempDir dir;
    auto main = dir.write("config.toml", "log_level = 1\n");
    dir.write("elsewhere/10.toml", "log_level = 8\n");
    const std::string config = "--config=" + main;
    const std::string configDir = (dir.path() / "elsewhere").string();
    const char* argv[] = {"kubernetes-mcp-server", config.c_str(), "--config-dir", configDir.c_str()};
    auto loader = Loader::fromArgs(4, argv);
    REQUIRE(loader.ok());
    CHECK(loader->invocation().configDir == configDir);
    auto loaded = loader->load();
    REQUIRE(loaded.ok());
    CHECK(loaded->config.logLevel == 8);
    CHECK(loaded->config.configDir == configDir);
}
