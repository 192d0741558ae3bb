#include "obs/Audit.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <ctime>
#include <mutex>

namespace kmcp::obs {
namespace {

std::mutex gMutex;
FILE* gFile = nullptr; // nullptr → stderr

std::string now() {
    auto t = std::chrono::system_clock::now();
    auto secs = std::chrono::system_clock::to_time_t(t);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count() % 1000;
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[40];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    char out[48];
    std::snprintf(out, sizeof out, "%s.%03dZ", buf, static_cast<int>(ms));
    return out;
}

void emit(const nlohmann::json& line) {
    auto text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    std::lock_guard lock(gMutex);
    FILE* out = gFile ? gFile : stderr;
    std::fprintf(out, "%s\n", text.c_str());
    std::fflush(out);
}

} // namespace

Audit& Audit::instance() {
    static Audit audit;
    return audit;
}

bool Audit::open(const std::string& path) {
    std::lock_guard lock(gMutex);
    if (gFile) std::fclose(gFile);
    gFile = path.empty() ? nullptr : std::fopen(path.c_str(), "a");
    return path.empty() || gFile != nullptr;
}

void Audit::toolCall(const ToolCallRecord& r) {
    nlohmann::json j{{"time", now()},
                     {"audit", "tool_call"},
                     {"subject", r.subject},
                     {"username", r.username},
                     {"groups", r.groups},
                     {"session", r.session},
                     {"tool", r.tool},
                     {"context", r.context},
                     {"outcome", r.ok ? "success" : "error"},
                     {"duration_ms", static_cast<double>(r.duration.count()) / 1000.0}};
    if (!r.error.empty()) j["error"] = r.error.substr(0, 512);
    emit(j);
}

void Audit::kubeRequest(const KubeRequestRecord& r) {
    nlohmann::json j{{"time", now()},
                     {"audit", "kube_request"},
                     {"subject", r.subject},
                     {"username", r.username},
                     {"tool", r.tool},
                     {"context", r.context},
                     {"verb", r.verb},
                     {"resource", r.resource},
                     {"namespace", r.namespace_},
                     {"name", r.name},
                     {"status", r.status},
                     {"duration_ms", static_cast<double>(r.duration.count()) / 1000.0}};
    if (!r.error.empty()) j["error"] = r.error.substr(0, 512);
    emit(j);
}

} // namespace kmcp::obs
