#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace kmcp::obs {

struct ToolCallRecord {
    std::string subject;
    std::string username;
    std::vector<std::string> groups;
    std::string session; // a short prefix: enough to correlate, useless to hijack
    std::string tool;
    std::string context;
    bool ok = true;
    std::chrono::microseconds duration{};
    std::string error;
};

struct KubeRequestRecord {
    std::string subject;
    std::string username;
    std::string tool;
    std::string context;
    std::string verb;     // get, list, create, patch, delete, …
    std::string resource; // group/version/resource[/subresource]
    std::string namespace_;
    std::string name;
    int status = 0; // HTTP status, 0 when no response
    std::chrono::microseconds duration{};
    std::string error;
};

// One JSON line per tool call and per Kubernetes request it made, to `audit_log` (or stderr):
// who, what, where, outcome, how long. Never a token or a secret value.
class Audit {
public:
    static Audit& instance();

    // "" → stderr. Returns false when the file cannot be opened (stderr is kept).
    bool open(const std::string& path);
    void toolCall(const ToolCallRecord& r);
    void kubeRequest(const KubeRequestRecord& r);
};

} // namespace kmcp::obs
