#pragma once

#include "Chart.hpp"

#include <functional>
#include <optional>
#include <string>

namespace kmcp::helm {

// helm's chartutil coalescing. `merge` false is CoalesceValues (a null deletes the key it
// overrides); true is MergeValues (nulls kept). Warnings (type conflicts helm logs and skips) go
// to `warn` when set.
using WarnFn = std::function<void(const std::string&)>;

// Chart defaults ← parent values for subcharts ← user values, globals pushed down to subcharts.
json coalesceValues(const Chart& chart, const json& userValues, bool merge = false, const WarnFn& warn = {});
// dst wins over src, recursively (CoalesceTables / MergeTables).
json coalesceTables(json dst, const json& src, bool merge = false, const WarnFn& warn = {});

// Values.Table("a.b"): the table at a dotted path, nullopt when missing or not a table.
std::optional<json> valuesTable(const json& values, const std::string& path);
// Values.PathValue("a.b.c"): a non-table value, nullopt when absent.
std::optional<json> valuesPathValue(const json& values, const std::string& path);

// chartutil.ProcessDependenciesWithMerge: applies aliases, enables/disables subcharts from
// conditions and tags (removing disabled ones from the chart and its metadata), then imports
// child values into parents (import-values, exports). Mutates `chart`.
void processDependencies(Chart& chart, const json& userValues, const WarnFn& warn = {});

} // namespace kmcp::helm
