#include "ReleaseFormat.hpp"

#include "kmcp/yaml.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <map>
#include <set>

namespace kmcp::helm {

namespace {

struct Instant {
    std::time_t secs = 0;
    std::string frac; // digits after the dot, trailing zeros trimmed
    bool valid = false;
};

Instant parseRfc3339(const std::string& s) {
    Instant out;
    int y, mo, d, h, mi, se;
    if (s.size() < 20 || std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &se) != 6)
        return out;
    size_t pos = 19;
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos])))
            out.frac += s[pos++];
        while (!out.frac.empty() && out.frac.back() == '0')
            out.frac.pop_back();
    }
    long offset = 0;
    if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
        int oh = 0, om = 0;
        std::sscanf(s.c_str() + pos + 1, "%2d:%2d", &oh, &om);
        offset = (oh * 3600L + om * 60L) * (s[pos] == '-' ? -1 : 1);
    }
    std::tm tm{};
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = se;
    out.secs = timegm(&tm) - offset;
    out.valid = true;
    return out;
}

std::string pad(const std::string& s, size_t width) {
    size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n >= width ? s : s + std::string(width - n, ' ');
}

size_t runes(const std::string& s) {
    size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

// gosuri/uitable as helm uses it: every cell padded to its column's width, joined by tabs.
std::string uitable(const std::vector<std::vector<std::string>>& rows) {
    std::vector<size_t> widths;
    for (const auto& r : rows)
        for (size_t i = 0; i < r.size(); ++i) {
            if (widths.size() <= i) widths.push_back(0);
            widths[i] = std::max(widths[i], runes(r[i]));
        }
    std::string out;
    for (const auto& r : rows) {
        for (size_t i = 0; i < r.size(); ++i) {
            if (i) out += '\t';
            out += pad(r[i], widths[i]);
        }
        out += '\n';
    }
    return out;
}

} // namespace

std::string goTimeString(const std::string& rfc3339) {
    auto t = parseRfc3339(rfc3339);
    if (!t.valid) return rfc3339;
    std::tm tm{};
    gmtime_r(&t.secs, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
    std::string out = buf;
    if (!t.frac.empty()) out += "." + t.frac;
    return out + " +0000 UTC";
}

std::string ansicTime(const std::string& rfc3339) {
    auto t = parseRfc3339(rfc3339);
    if (!t.valid) return rfc3339;
    std::tm tm{};
    gmtime_r(&t.secs, &tm);
    static const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s %s %2d %02d:%02d:%02d %d", days[tm.tm_wday], months[tm.tm_mon],
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, tm.tm_year + 1900);
    return buf;
}

std::vector<Release> filterLatest(const std::vector<Release>& all, const std::string& statusFilter) {
    std::map<std::pair<std::string, std::string>, const Release*> latest;
    for (const auto& r : all) {
        auto& slot = latest[{r.ns, r.name}];
        if (!slot || r.version > slot->version) slot = &r;
    }
    std::set<std::string> wanted;
    bool any = statusFilter == "all";
    if (statusFilter.empty()) wanted = {"deployed", "failed"};
    size_t start = 0;
    while (!any && !statusFilter.empty()) {
        auto comma = statusFilter.find(',', start);
        auto s = statusFilter.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        s.erase(0, s.find_first_not_of(' '));
        s.erase(s.find_last_not_of(' ') + 1);
        if (s == "pending")
            wanted.insert({"pending-install", "pending-upgrade", "pending-rollback"});
        else
            wanted.insert(s);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    std::vector<Release> out;
    for (const auto& [key, r] : latest)
        if (any || wanted.count(r->info.status)) out.push_back(*r);
    // helm list sorts by name.
    std::stable_sort(out.begin(), out.end(),
                     [](const Release& a, const Release& b) { return a.name < b.name; });
    return out;
}

std::string listTable(const std::vector<Release>& releases) {
    std::vector<std::vector<std::string>> rows = {
        {"NAME", "NAMESPACE", "REVISION", "UPDATED", "STATUS", "CHART", "APP VERSION"}};
    for (const auto& r : releases)
        rows.push_back({r.name, r.ns, std::to_string(r.version),
                        r.info.lastDeployed.empty() ? "-" : goTimeString(r.info.lastDeployed), r.info.status,
                        r.chartLabel(), r.chart.metadata.appVersion});
    return uitable(rows);
}

std::string listYaml(const std::vector<Release>& releases) {
    auto items = nlohmann::json::array();
    for (const auto& r : releases)
        items.push_back({{"name", r.name},
                         {"namespace", r.ns},
                         {"revision", std::to_string(r.version)},
                         {"updated", r.info.lastDeployed.empty() ? "-" : goTimeString(r.info.lastDeployed)},
                         {"status", r.info.status},
                         {"chart", r.chartLabel()},
                         {"app_version", r.chart.metadata.appVersion}});
    return kmcp::sdk::toYaml(items);
}

std::string historyTable(const std::vector<Release>& history) {
    std::vector<std::vector<std::string>> rows = {
        {"REVISION", "UPDATED", "STATUS", "CHART", "APP VERSION", "DESCRIPTION"}};
    for (const auto& r : history)
        rows.push_back({std::to_string(r.version), ansicTime(r.info.lastDeployed), r.info.status,
                        r.chartLabel(), r.chart.metadata.appVersion, r.info.description});
    return uitable(rows);
}

std::string statusText(const Release& r) {
    std::string out = "NAME: " + r.name + "\n";
    if (!r.info.lastDeployed.empty()) out += "LAST DEPLOYED: " + ansicTime(r.info.lastDeployed) + "\n";
    out += "NAMESPACE: " + r.ns + "\n";
    out += "STATUS: " + r.info.status + "\n";
    out += "REVISION: " + std::to_string(r.version) + "\n";
    bool hasTests = false;
    for (const auto& h : r.hooks)
        if (std::find(h.events.begin(), h.events.end(), "test") != h.events.end()) hasTests = true;
    if (!hasTests) out += "TEST SUITE: None\n";
    for (const auto& h : r.hooks) {
        if (std::find(h.events.begin(), h.events.end(), "test") == h.events.end() ||
            h.lastRun.startedAt.empty())
            continue;
        out += "TEST SUITE:     " + h.name + "\nLast Started:   " + ansicTime(h.lastRun.startedAt) +
               "\nLast Completed: " + ansicTime(h.lastRun.completedAt) +
               "\nPhase:          " + h.lastRun.phase + "\n";
    }
    auto notes = r.info.notes;
    notes.erase(0, notes.find_first_not_of(" \t\r\n"));
    notes.erase(notes.find_last_not_of(" \t\r\n") + 1);
    if (!notes.empty()) out += "NOTES:\n" + notes + "\n";
    return out;
}

std::string valuesText(const nlohmann::json& values, bool computed) {
    std::string header = computed ? "COMPUTED VALUES:\n" : "USER-SUPPLIED VALUES:\n";
    if (!values.is_object() || values.empty()) return header + (computed ? "{}\n" : "null\n");
    return header + kmcp::sdk::toYaml(values);
}

nlohmann::json releaseSummary(const Release& r) {
    return {{"name", r.name},
            {"namespace", r.ns},
            {"revision", r.version},
            {"status", r.info.status},
            {"chart", r.chartLabel()},
            {"app_version", r.chart.metadata.appVersion},
            {"updated", r.info.lastDeployed},
            {"description", r.info.description}};
}

} // namespace kmcp::helm
