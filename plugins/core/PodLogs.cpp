#include "PodLogs.hpp"

#include "ApiPath.hpp"

#include <kmcp/plugin.hpp>

namespace kmcp::plugins::core {

std::string chooseContainer(const nlohmann::json& pod, const std::string& requested) {
    if (!requested.empty()) return requested;
    const auto spec = pod.value("spec", nlohmann::json::object());
    const auto containers = spec.value("containers", nlohmann::json::array());
    if (containers.size() == 1) return containers[0].value("name", "");
    const auto annotations =
        pod.value("metadata", nlohmann::json::object()).value("annotations", nlohmann::json::object());
    if (annotations.is_object()) {
        std::string preferred = annotations.value(kDefaultContainerAnnotation, "");
        if (!preferred.empty()) return preferred;
    }
    return containers.empty() ? "" : containers[0].value("name", "");
}

LogFilter::LogFilter(std::string grep, const std::string& regex) : grep_(std::move(grep)) {
    if (regex.empty()) return;
    try {
        regex_.emplace(regex, std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
        throw sdk::invalidArgument("invalid argument regex: '" + regex +
                                   "' is not a valid ECMAScript regular expression (" + e.what() + ")");
    }
}

bool LogFilter::keep(std::string_view line) const {
    if (!grep_.empty() && line.find(grep_) == std::string_view::npos) return false;
    if (regex_ && !std::regex_search(line.begin(), line.end(), *regex_)) return false;
    return true;
}

std::string LogFilter::apply(std::string_view logs) const {
    if (!active()) return std::string(logs);
    std::string out;
    size_t start = 0;
    while (start < logs.size()) {
        size_t nl = logs.find('\n', start);
        size_t end = nl == std::string_view::npos ? logs.size() : nl + 1;
        std::string_view line = logs.substr(start, end - start);
        std::string_view content = line;
        if (!content.empty() && content.back() == '\n') content.remove_suffix(1);
        if (!content.empty() && content.back() == '\r') content.remove_suffix(1);
        if (keep(content)) out.append(line);
        start = end;
    }
    return out;
}

std::string logQuery(const std::string& container, bool previous, long long tail, long long limitBytes) {
    Query q;
    q.addIf("container", container);
    if (previous) q.add("previous", "true");
    q.add("tailLines", std::to_string(tail > 0 ? tail : kDefaultTailLines));
    if (limitBytes > 0) q.add("limitBytes", std::to_string(limitBytes));
    return q.str();
}

} // namespace kmcp::plugins::core
