#pragma once

#include "Chart.hpp"
#include "TarReader.hpp"

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace kmcp::helm {

class ChartError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Builds a chart from its files (paths relative to the chart root, '/'-separated), as helm's
// loader.LoadFiles: Chart.yaml (v1 or v2), Chart.lock / requirements.*, values.yaml,
// values.schema.json, templates/, charts/ (directories and .tgz archives), everything else in
// Files. Validates the metadata (name, SemVer 2 version, apiVersion, type).
std::shared_ptr<Chart> loadChartFiles(const std::vector<TarEntry>& files);
// A chart directory, honouring .helmignore. Symlinks that resolve outside the chart are refused.
std::shared_ptr<Chart> loadChartDir(const std::filesystem::path& dir);
// A packaged chart (.tgz): one top-level directory holding the chart.
std::shared_ptr<Chart> loadChartArchive(std::string_view tgz);

} // namespace kmcp::helm
