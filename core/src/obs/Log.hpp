#pragma once

#include <fmt/format.h>

#include <string>
#include <string_view>

namespace kmcp::obs {

// klog-style verbosity: messages at level V are written when the configured log_level >= V.
// Errors and warnings always go out. Output never goes to stdout (stdio transport owns it).
enum class Severity { Error, Warning, Info };

void setLogLevel(int level);
int logLevel();
// Redirects the log to a file ("" → stderr). Returns false and keeps stderr when it cannot open.
bool setLogFile(const std::string& path);
void write(Severity severity, int verbosity, std::string_view message);

template <typename... Args> void error(fmt::format_string<Args...> f, Args&&... args) {
    write(Severity::Error, 0, fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args> void warn(fmt::format_string<Args...> f, Args&&... args) {
    write(Severity::Warning, 0, fmt::format(f, std::forward<Args>(args)...));
}
// Informational message shown at log_level >= verbosity (klog's V(n)).
template <typename... Args> void info(int verbosity, fmt::format_string<Args...> f, Args&&... args) {
    if (logLevel() >= verbosity)
        write(Severity::Info, verbosity, fmt::format(f, std::forward<Args>(args)...));
}

} // namespace kmcp::obs
