#include "Events.hpp"

#include <kmcp/yaml.hpp>

#include <cstdio>

namespace kmcp::plugins::core {

namespace {

const char* kZeroTime = "0001-01-01 00:00:00 +0000 UTC";

// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's algorithm).
long long daysFromCivil(long long y, unsigned m, unsigned d) {
    y -= m <= 2;
    const long long era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long long>(doe) - 719468;
}

void civilFromDays(long long z, long long& y, unsigned& m, unsigned& d) {
    z += 719468;
    const long long era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y = static_cast<long long>(yoe) + era * 400 + (m <= 2);
}

int digits(std::string_view s, size_t pos, size_t n, bool& ok) {
    int v = 0;
    for (size_t i = pos; i < pos + n; ++i) {
        if (i >= s.size() || s[i] < '0' || s[i] > '9') {
            ok = false;
            return 0;
        }
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

std::string stringField(const nlohmann::json& obj, const char* key) {
    return obj.is_object() && obj.contains(key) && obj[key].is_string() ? obj[key].get<std::string>() : "";
}

std::string trimSpace(std::string s) {
    const char* ws = " \t\r\n\v\f";
    auto b = s.find_first_not_of(ws);
    if (b == std::string::npos) return "";
    return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

} // namespace

std::string goTimeString(std::string_view s) {
    bool ok = true;
    if (s.size() < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't') || s[13] != ':' ||
        s[16] != ':')
        return kZeroTime;
    int year = digits(s, 0, 4, ok), month = digits(s, 5, 2, ok), day = digits(s, 8, 2, ok);
    int hour = digits(s, 11, 2, ok), minute = digits(s, 14, 2, ok), second = digits(s, 17, 2, ok);
    size_t i = 19;
    std::string frac;
    if (i < s.size() && s[i] == '.') {
        ++i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9')
            frac += s[i++];
    }
    long long offset = 0;
    if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
        ++i;
    } else if (i + 6 == s.size() && (s[i] == '+' || s[i] == '-') && s[i + 3] == ':') {
        int oh = digits(s, i + 1, 2, ok), om = digits(s, i + 4, 2, ok);
        offset = (oh * 3600LL + om * 60LL) * (s[i] == '-' ? -1 : 1);
        i += 6;
    }
    if (!ok || i != s.size() || month < 1 || month > 12 || day < 1 || day > 31) return kZeroTime;
    long long secs = daysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 +
                     hour * 3600LL + minute * 60LL + second - offset;
    long long days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
    long long rem = secs - days * 86400;
    long long y;
    unsigned m, d;
    civilFromDays(days, y, m, d);
    while (!frac.empty() && frac.back() == '0')
        frac.pop_back();
    if (frac.size() > 9) frac.resize(9);
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%04lld-%02u-%02u %02lld:%02lld:%02lld", y, m, d, rem / 3600,
                  rem % 3600 / 60, rem % 60);
    return std::string(buf) + (frac.empty() ? "" : "." + frac) + " +0000 UTC";
}

nlohmann::json eventSummary(const nlohmann::json& event) {
    const auto meta = event.value("metadata", nlohmann::json::object());
    std::string ts = stringField(event, "eventTime");
    if (ts.empty() && event.contains("series") && event["series"].is_object()) {
        ts = stringField(event["series"], "lastObservedTime");
    } else if (ts.empty() && event.value("count", 0LL) > 1) {
        ts = stringField(event, "lastTimestamp");
    } else if (ts.empty()) {
        ts = stringField(event, "firstTimestamp");
    }
    const auto involved = event.value("involvedObject", nlohmann::json::object());
    return {
        {"Namespace", stringField(meta, "namespace")},
        {"Timestamp", goTimeString(ts)},
        {"Type", stringField(event, "type")},
        {"Reason", stringField(event, "reason")},
        {"InvolvedObject",
         {{"apiVersion", stringField(involved, "apiVersion")},
          {"Kind", stringField(involved, "kind")},
          {"Name", stringField(involved, "name")}}},
        {"Message", trimSpace(stringField(event, "message"))},
    };
}

std::string formatEvents(const nlohmann::json& eventList) {
    auto summaries = nlohmann::json::array();
    if (eventList.contains("items") && eventList["items"].is_array())
        for (const auto& e : eventList["items"])
            summaries.push_back(eventSummary(e));
    if (summaries.empty()) return "# No events found";
    return "# The following events (YAML format) were found:\n" + sdk::toYaml(summaries);
}

} // namespace kmcp::plugins::core
