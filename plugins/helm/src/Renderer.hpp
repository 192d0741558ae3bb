#pragma once

#include "Chart.hpp"

#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace kmcp::helm {

// Facts about the target cluster for .Capabilities.
struct ClusterCapabilities {
    std::string kubeVersion = "v1.20.0"; // helm's default when no cluster is known
    std::vector<std::string> apiVersions;
};

// Answers `lookup apiVersion kind namespace name` (JSON object, list object, or {} when absent).
using LookupFn = std::function<json(const std::string& apiVersion, const std::string& kind,
                                    const std::string& ns, const std::string& name)>;

struct RenderOptions {
    std::string releaseName;
    std::string ns;
    int revision = 1;
    bool isInstall = true;
    bool isUpgrade = false;
    ClusterCapabilities capabilities;
    LookupFn lookup; // unset: lookup returns {} as in `helm template`
    bool strict = false;
};

struct RenderResult {
    std::map<std::string, std::string> files; // rendered, non-partial templates by full path
    std::string notes;                        // the top chart's NOTES.txt
};

class RenderError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// helm's engine.Render over a chart whose dependencies are processed: every template of the chart
// and its subcharts in one namespace (deepest first, so parent defines win), each executed with
// its own .Values scope, .Chart, .Files, .Release, .Capabilities, .Template and .Subcharts;
// "<no value>" removed. NOTES.txt files are taken out; only the top chart's becomes `notes`.
RenderResult renderChart(const Chart& chart, const json& values, const RenderOptions& options);

// The template namespace order helm parses in (byPathLen reversed).
std::vector<std::string> templateParseOrder(std::vector<std::string> names);

} // namespace kmcp::helm
