#pragma once

#include "Clock.hpp"

#include <string>
#include <utility>
#include <vector>

namespace kmcp::sandbox {

struct ExecContext {
    std::string podName;
    std::string container;
    std::vector<std::pair<std::string, std::string>> env; // in output order
    std::string stdinData;
    TimePoint now;
};

struct ExecResult {
    std::string out;
    std::string err;
    int exitCode = 0;
};

// A tiny deterministic command interpreter standing in for a container's shell. It never starts
// processes: it understands a handful of commands (echo, env, printenv, cat, ls, hostname, date,
// pwd, whoami, true, false, exit, sh -c) and answers like busybox would.
class ExecInterpreter {
public:
    static ExecResult run(const std::vector<std::string>& argv, const ExecContext& context);
    // Shell-like word splitting with single/double quotes and backslash escapes.
    static std::vector<std::string> splitWords(const std::string& line);
};

} // namespace kmcp::sandbox
