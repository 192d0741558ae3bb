#pragma once

#include "Clock.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace kmcp::sandbox {

struct LogOptions {
    std::string container;
    bool previous = false;
    bool timestamps = false;
    long long tailLines = -1;
    long long limitBytes = -1;
    long long sinceSeconds = -1;
    bool follow = false;
};

struct LogLine {
    TimePoint time;
    std::string text;
};

// Deterministic container logs: every container of every pod has a fixed history derived from
// the pod's name and start time, so tests can assert exact lines.
class PodLogs {
public:
    static constexpr int kLinesPerContainer = 200;
    static constexpr int kFollowLines = 5;

    // Picks the container like kubelet/kubectl: explicit name, the default-container annotation,
    // or the only container. Throws BadRequest with upstream's messages otherwise.
    static std::string resolveContainer(const nlohmann::json& pod, const std::string& requested);
    // The history of one container; `previous` asks for the instance before the last restart and
    // fails with BadRequest when the container never restarted.
    static std::vector<LogLine> history(const nlohmann::json& pod, const std::string& container,
                                        bool previous);
    // Lines appended while following, numbered after the history.
    static LogLine followLine(const nlohmann::json& pod, const std::string& container, int index,
                              TimePoint now);
    // Applies sinceSeconds, tailLines, timestamps and limitBytes.
    static std::string render(const std::vector<LogLine>& lines, const LogOptions& options, TimePoint now);
    static std::string formatLine(const LogLine& line, bool timestamps);
};

} // namespace kmcp::sandbox
