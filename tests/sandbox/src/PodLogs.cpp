#include "PodLogs.hpp"

#include "ApiError.hpp"

namespace kmcp::sandbox {

using nlohmann::json;

namespace {

std::vector<std::string> containerNames(const json& pod) {
    std::vector<std::string> names;
    for (const auto& c : pod.value("spec", json::object()).value("containers", json::array())) {
        names.push_back(c.value("name", ""));
    }
    return names;
}

long long restartCount(const json& pod, const std::string& container) {
    for (const auto& cs : pod.value("status", json::object()).value("containerStatuses", json::array())) {
        if (cs.value("name", "") == container) {
            return cs.value("restartCount", 0LL);
        }
    }
    return 0;
}

TimePoint startOf(const json& pod) {
    std::string ts = pod.value("status", json::object()).value("startTime", "");
    if (ts.empty()) {
        ts = pod["metadata"].value("creationTimestamp", "");
    }
    return parseRfc3339(ts);
}

const char* kPaths[] = {"/",      "/healthz",       "/api/items", "/api/items/42",
                        "/login", "/static/app.js", "/metrics"};

} // namespace

std::string PodLogs::resolveContainer(const json& pod, const std::string& requested) {
    auto names = containerNames(pod);
    const std::string podName = pod["metadata"].value("name", "");
    if (!requested.empty()) {
        for (const auto& n : names) {
            if (n == requested) {
                return n;
            }
        }
        throw badRequest("container " + requested + " is not valid for pod " + podName);
    }
    std::string annotated = pod["metadata"]
                                .value("annotations", json::object())
                                .value("kubectl.kubernetes.io/default-container", "");
    if (!annotated.empty()) {
        return annotated;
    }
    if (names.size() == 1) {
        return names[0];
    }
    std::string list;
    for (std::size_t i = 0; i < names.size(); ++i) {
        list += (i ? " " : "") + names[i];
    }
    throw badRequest("a container name must be specified for pod " + podName + ", choose one of: [" + list +
                     "]");
}

std::vector<LogLine> PodLogs::history(const json& pod, const std::string& container, bool previous) {
    const std::string podName = pod["metadata"].value("name", "");
    if (previous && restartCount(pod, container) == 0) {
        throw badRequest("previous terminated container \"" + container + "\" in pod \"" + podName +
                         "\" not found");
    }
    std::vector<LogLine> lines;
    TimePoint start = startOf(pod) - (previous ? std::chrono::seconds(600) : std::chrono::seconds(0));
    for (int i = 0; i < kLinesPerContainer; ++i) {
        LogLine line;
        line.time = start + std::chrono::seconds(i + 1);
        if (previous) {
            line.text = "level=" + std::string(i == kLinesPerContainer - 1 ? "fatal" : "warn") +
                        " container=" + container + " pod=" + podName + " seq=" + std::to_string(i + 1) +
                        (i == kLinesPerContainer - 1 ? " msg=\"database connection lost, exiting\""
                                                     : " msg=\"retrying database connection\"");
        } else {
            int status = (i + 1) % 37 == 0 ? 500 : 200;
            line.text = "level=" + std::string(status == 500 ? "error" : "info") + " container=" + container +
                        " pod=" + podName + " seq=" + std::to_string(i + 1) +
                        " msg=\"handled request\" path=" + kPaths[i % 7] +
                        " status=" + std::to_string(status) +
                        " duration_ms=" + std::to_string((i * 7) % 97 + 1);
        }
        lines.push_back(std::move(line));
    }
    return lines;
}

LogLine PodLogs::followLine(const json& pod, const std::string& container, int index, TimePoint now) {
    return {now, "level=info container=" + container + " pod=" + pod["metadata"].value("name", "") +
                     " seq=" + std::to_string(kLinesPerContainer + index + 1) + " msg=\"follow tick\""};
}

std::string PodLogs::formatLine(const LogLine& line, bool timestamps) {
    return (timestamps ? rfc3339Nano(line.time) + " " : std::string()) + line.text + "\n";
}

std::string PodLogs::render(const std::vector<LogLine>& lines, const LogOptions& options, TimePoint now) {
    std::size_t first = 0;
    if (options.sinceSeconds >= 0) {
        TimePoint cutoff = now - std::chrono::seconds(options.sinceSeconds);
        while (first < lines.size() && lines[first].time < cutoff) {
            ++first;
        }
    }
    if (options.tailLines >= 0 && lines.size() - first > static_cast<std::size_t>(options.tailLines)) {
        first = lines.size() - static_cast<std::size_t>(options.tailLines);
    }
    std::string out;
    for (std::size_t i = first; i < lines.size(); ++i) {
        out += formatLine(lines[i], options.timestamps);
    }
    if (options.limitBytes >= 0 && out.size() > static_cast<std::size_t>(options.limitBytes)) {
        out.resize(static_cast<std::size_t>(options.limitBytes));
    }
    return out;
}

} // namespace kmcp::sandbox
