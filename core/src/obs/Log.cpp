#include "obs/Log.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace kmcp::obs {
namespace {

std::atomic<int> gLevel{2};
std::mutex gMutex;
FILE* gOut = nullptr; // nullptr → stderr; guarded by gMutex

char severityLetter(Severity s) {
    switch (s) {
    case Severity::Error:
        return 'E';
    case Severity::Warning:
        return 'W';
    default:
        return 'I';
    }
}

} // namespace

void setLogLevel(int level) {
    gLevel.store(level);
}
int logLevel() {
    return gLevel.load();
}

bool setLogFile(const std::string& path) {
    std::lock_guard lock(gMutex);
    if (gOut) std::fclose(gOut);
    gOut = nullptr;
    if (path.empty()) return true;
    gOut = std::fopen(path.c_str(), "a");
    return gOut != nullptr;
}

void write(Severity severity, int /*verbosity*/, std::string_view message) {
    auto now = std::chrono::system_clock::now();
    auto t = std::chrono::system_clock::to_time_t(now);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
    std::lock_guard lock(gMutex);
    FILE* out = gOut ? gOut : stderr;
    std::fprintf(out, "%c %s.%03dZ %.*s\n", severityLetter(severity), stamp, static_cast<int>(ms),
                 static_cast<int>(message.size()), message.data());
    std::fflush(out);
}

} // namespace kmcp::obs
