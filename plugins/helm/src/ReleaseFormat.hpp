#pragma once

#include "Release.hpp"

#include <string>
#include <vector>

namespace kmcp::helm {

// Go's time.Time.String() of an RFC 3339 instant, in UTC: "2024-05-01 08:00:00.123 +0000 UTC".
std::string goTimeString(const std::string& rfc3339);
// Go's time.ANSIC in UTC: "Wed May  1 08:00:00 2024".
std::string ansicTime(const std::string& rfc3339);

// Latest revision per release, filtered by status like `helm list`: empty filter → deployed and
// failed; "all"; or a comma list (deployed, failed, pending, superseded, uninstalled, uninstalling).
std::vector<Release> filterLatest(const std::vector<Release>& all, const std::string& statusFilter);

// `helm list` output: the table (uitable: cells padded, tab-separated) or YAML items.
std::string listTable(const std::vector<Release>& releases);
std::string listYaml(const std::vector<Release>& releases);
// `helm history` table.
std::string historyTable(const std::vector<Release>& history);
// `helm status` / the summary `helm install` prints.
std::string statusText(const Release& r);
// `helm get values`: USER-SUPPLIED VALUES (or COMPUTED VALUES when `computed` is set) as YAML.
std::string valuesText(const nlohmann::json& values, bool computed);

// A small JSON summary of a release for structuredContent.
nlohmann::json releaseSummary(const Release& r);

} // namespace kmcp::helm
