#pragma once

#include "Chart.hpp"

#include <string>
#include <vector>

namespace kmcp::helm {

// helm's pkg/release types. Times are kept as the RFC 3339 text helm wrote ("" when zero) so a
// record read and written again is byte-identical.
struct HookExecution {
    std::string startedAt, completedAt, phase;
};

struct Hook {
    std::string name;
    std::string kind;
    std::string path;
    std::string manifest;
    std::vector<std::string> events;
    HookExecution lastRun;
    int weight = 0;
    std::vector<std::string> deletePolicies;
};

struct Info {
    std::string firstDeployed;
    std::string lastDeployed;
    std::string deleted;
    std::string description;
    std::string status; // deployed, superseded, failed, uninstalled, uninstalling, pending-*
    std::string notes;
};

struct Release {
    std::string name;
    Info info;
    Chart chart;
    json config = json::object(); // user-supplied values only
    std::string manifest;
    std::vector<Hook> hooks;
    int version = 0;
    std::string ns;

    std::string chartLabel() const { return chart.metadata.name + "-" + chart.metadata.version; }
};

// JSON exactly as helm's json.Marshal(release).
std::string releaseToJson(const Release& r);
Release releaseFromJson(const json& j);

// helm's storage payload: base64(gzip(json)). Decoding also accepts uncompressed JSON (helm's
// pre-compression records).
std::string encodeRelease(const Release& r);
Release decodeRelease(const std::string& payload);
std::string decodeReleaseJson(const std::string& payload);

// Now as Go's time.RFC3339Nano would print it in UTC.
std::string nowRfc3339();

} // namespace kmcp::helm
