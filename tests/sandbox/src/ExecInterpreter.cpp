#include "ExecInterpreter.hpp"

#include <ctime>
#include <map>

namespace kmcp::sandbox {

namespace {

const std::map<std::string, std::vector<std::string>>& fileSystem() {
    static const std::map<std::string, std::vector<std::string>> dirs = {
        {"/", {"bin", "dev", "etc", "home", "proc", "root", "sys", "tmp", "usr", "var"}},
        {"/etc", {"hostname", "hosts", "os-release", "passwd", "resolv.conf"}},
        {"/tmp", {}},
        {"/home", {}},
        {"/root", {}},
        {"/var", {"log", "run"}},
        {"/usr", {"bin", "lib", "local", "share"}},
    };
    return dirs;
}

std::string fileContent(const std::string& path, const ExecContext& ctx, bool& found) {
    found = true;
    if (path == "/etc/hostname") {
        return ctx.podName + "\n";
    }
    if (path == "/etc/os-release") {
        return "NAME=\"Sandbox Linux\"\nID=sandbox\nVERSION_ID=1.0\nPRETTY_NAME=\"Sandbox Linux 1.0\"\n";
    }
    if (path == "/etc/hosts") {
        return "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n";
    }
    if (path == "/etc/resolv.conf") {
        return "search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver "
               "10.96.0.10\noptions ndots:5\n";
    }
    if (path == "/etc/passwd") {
        return "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n";
    }
    found = false;
    return "";
}

std::string dateText(TimePoint now) {
    std::time_t t = std::chrono::system_clock::to_time_t(now);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%a %b %e %H:%M:%S UTC %Y", &tm);
    return std::string(buf) + "\n";
}

ExecResult runScript(const std::string& script, const ExecContext& ctx);

ExecResult runOne(const std::vector<std::string>& argv, const ExecContext& ctx) {
    ExecResult r;
    if (argv.empty()) {
        return r;
    }
    std::string cmd = argv[0];
    if (auto slash = cmd.rfind('/');
        slash != std::string::npos && (cmd.rfind("/bin/", 0) == 0 || cmd.rfind("/usr/bin/", 0) == 0)) {
        cmd = cmd.substr(slash + 1);
    }
    if (cmd == "echo") {
        bool newline = true;
        std::size_t i = 1;
        if (argv.size() > 1 && argv[1] == "-n") {
            newline = false;
            i = 2;
        }
        for (std::size_t j = i; j < argv.size(); ++j) {
            r.out += (j > i ? " " : "") + argv[j];
        }
        if (newline) {
            r.out += "\n";
        }
    } else if (cmd == "env" || (cmd == "printenv" && argv.size() == 1)) {
        for (const auto& [k, v] : ctx.env) {
            r.out += k + "=" + v + "\n";
        }
    } else if (cmd == "printenv") {
        r.exitCode = 1;
        for (std::size_t i = 1; i < argv.size(); ++i) {
            for (const auto& [k, v] : ctx.env) {
                if (k == argv[i]) {
                    r.out += v + "\n";
                    r.exitCode = 0;
                }
            }
        }
    } else if (cmd == "cat") {
        if (argv.size() == 1) {
            r.out = ctx.stdinData;
        }
        for (std::size_t i = 1; i < argv.size(); ++i) {
            bool found = false;
            std::string content = fileContent(argv[i], ctx, found);
            if (found) {
                r.out += content;
            } else {
                bool isDir = fileSystem().count(argv[i]) > 0;
                r.err += "cat: can't open '" + argv[i] +
                         "': " + (isDir ? "Is a directory" : "No such file or directory") + "\n";
                r.exitCode = 1;
            }
        }
    } else if (cmd == "ls") {
        std::string path = argv.size() > 1 ? argv.back() : "/";
        if (path.size() > 1 && path.back() == '/') {
            path.pop_back();
        }
        auto it = fileSystem().find(path);
        bool isFile = false;
        fileContent(path, ctx, isFile);
        if (it != fileSystem().end()) {
            for (const auto& e : it->second) {
                r.out += e + "\n";
            }
        } else if (isFile) {
            r.out = path + "\n";
        } else {
            r.err = "ls: " + path + ": No such file or directory\n";
            r.exitCode = 1;
        }
    } else if (cmd == "hostname") {
        r.out = ctx.podName + "\n";
    } else if (cmd == "date") {
        r.out = dateText(ctx.now);
    } else if (cmd == "pwd") {
        r.out = "/\n";
    } else if (cmd == "whoami") {
        r.out = "root\n";
    } else if (cmd == "id") {
        r.out = "uid=0(root) gid=0(root) groups=0(root)\n";
    } else if (cmd == "true") {
        r.exitCode = 0;
    } else if (cmd == "false") {
        r.exitCode = 1;
    } else if (cmd == "exit") {
        r.exitCode = argv.size() > 1 ? std::atoi(argv[1].c_str()) & 0xFF : 0;
    } else if (cmd == "sh" || cmd == "bash" || cmd == "ash") {
        if (argv.size() > 2 && argv[1] == "-c") {
            return runScript(argv[2], ctx);
        }
        if (argv.size() == 1) {
            return runScript(ctx.stdinData, ctx);
        }
        r.err = cmd + ": can't open '" + argv[1] + "': No such file or directory\n";
        r.exitCode = 2;
    } else {
        r.err = "sh: " + argv[0] + ": not found\n";
        r.exitCode = 127;
    }
    return r;
}

// Runs `a; b && c || d` and newline-separated lines, with `exit` ending the script.
ExecResult runScript(const std::string& script, const ExecContext& ctx) {
    ExecResult total;
    std::string normalized = script;
    for (auto& c : normalized) {
        if (c == '\n') {
            c = ';';
        }
    }
    std::vector<std::string> words = ExecInterpreter::splitWords(normalized);
    std::vector<std::string> current;
    std::string pendingOp = ";";
    auto flush = [&](const std::string& nextOp) -> bool {
        bool run = pendingOp == ";" || (pendingOp == "&&" && total.exitCode == 0) ||
                   (pendingOp == "||" && total.exitCode != 0);
        if (run && !current.empty()) {
            ExecResult r = runOne(current, ctx);
            total.out += r.out;
            total.err += r.err;
            total.exitCode = r.exitCode;
            if (current[0] == "exit") {
                return false;
            }
        }
        current.clear();
        pendingOp = nextOp;
        return true;
    };
    for (const auto& w : words) {
        if (w == ";" || w == "&&" || w == "||") {
            if (!flush(w)) {
                return total;
            }
        } else {
            current.push_back(w);
        }
    }
    flush(";");
    return total;
}

} // namespace

std::vector<std::string> ExecInterpreter::splitWords(const std::string& line) {
    std::vector<std::string> words;
    std::string current;
    bool inWord = false;
    char quote = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
        char c = line[i];
        if (quote != 0) {
            if (c == quote) {
                quote = 0;
            } else if (c == '\\' && quote == '"' && i + 1 < line.size()) {
                current += line[++i];
            } else {
                current += c;
            }
            continue;
        }
        if (c == '\'' || c == '"') {
            quote = c;
            inWord = true;
        } else if (c == '\\' && i + 1 < line.size()) {
            current += line[++i];
            inWord = true;
        } else if (c == ' ' || c == '\t') {
            if (inWord) {
                words.push_back(current);
                current.clear();
                inWord = false;
            }
        } else if (c == ';' || ((c == '&' || c == '|') && i + 1 < line.size() && line[i + 1] == c)) {
            if (inWord) {
                words.push_back(current);
                current.clear();
                inWord = false;
            }
            if (c == ';') {
                words.emplace_back(";");
            } else {
                words.emplace_back(std::string(2, c));
                ++i;
            }
        } else {
            current += c;
            inWord = true;
        }
    }
    if (inWord) {
        words.push_back(current);
    }
    return words;
}

ExecResult ExecInterpreter::run(const std::vector<std::string>& argv, const ExecContext& context) {
    return runOne(argv, context);
}

} // namespace kmcp::sandbox
