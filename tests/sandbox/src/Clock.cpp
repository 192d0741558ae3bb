#include "Clock.hpp"

#include <cstdio>
#include <ctime>

namespace kmcp::sandbox {

namespace {

std::string format(TimePoint t, bool nanos) {
    auto secs = std::chrono::time_point_cast<std::chrono::seconds>(t);
    std::time_t tt = std::chrono::system_clock::to_time_t(secs);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    std::string out(buf);
    if (nanos) {
        auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(t - secs).count();
        char frac[16];
        std::snprintf(frac, sizeof frac, ".%09lld", static_cast<long long>(ns));
        out += frac;
    }
    return out + "Z";
}

} // namespace

std::string rfc3339(TimePoint t) {
    return format(t, false);
}

std::string rfc3339Nano(TimePoint t) {
    return format(t, true);
}

TimePoint parseRfc3339(const std::string& text) {
    std::tm tm{};
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    if (std::sscanf(text.c_str(), "%d-%d-%dT%d:%d:%d", &y, &mo, &d, &h, &mi, &s) != 6) {
        return TimePoint{};
    }
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = s;
    return std::chrono::system_clock::from_time_t(timegm(&tm));
}

std::string humanDuration(std::chrono::seconds d) {
    long long seconds = d.count();
    if (seconds < -1) {
        return "<invalid>";
    }
    if (seconds < 0) {
        return "0s";
    }
    if (seconds < 60 * 2) {
        return std::to_string(seconds) + "s";
    }
    long long minutes = seconds / 60;
    if (minutes < 10) {
        long long s = seconds % 60;
        return s == 0 ? std::to_string(minutes) + "m"
                      : std::to_string(minutes) + "m" + std::to_string(s) + "s";
    }
    if (minutes < 60 * 3) {
        return std::to_string(minutes) + "m";
    }
    long long hours = minutes / 60;
    if (hours < 8) {
        long long m = minutes % 60;
        return m == 0 ? std::to_string(hours) + "h" : std::to_string(hours) + "h" + std::to_string(m) + "m";
    }
    if (hours < 48) {
        return std::to_string(hours) + "h";
    }
    if (hours < 24 * 8) {
        long long h = hours % 24;
        return h == 0 ? std::to_string(hours / 24) + "d"
                      : std::to_string(hours / 24) + "d" + std::to_string(h) + "h";
    }
    if (hours < 24 * 365 * 2) {
        return std::to_string(hours / 24) + "d";
    }
    if (hours < 24 * 365 * 8) {
        long long dy = (hours / 24) % 365;
        return dy == 0 ? std::to_string(hours / 24 / 365) + "y"
                       : std::to_string(hours / 24 / 365) + "y" + std::to_string(dy) + "d";
    }
    return std::to_string(hours / 24 / 365) + "y";
}

} // namespace kmcp::sandbox
