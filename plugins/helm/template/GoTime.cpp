#include "GoTime.h"

#include "Function.h"

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <mutex>

namespace kmcp::helm::tmpl {

namespace {

const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                         "July",    "August",   "September", "October", "November", "December"};
const char* kDays[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};

int64_t daysFromCivil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

struct Civil {
    int64_t year;
    int month, day, hour, minute, second, weekday, yday;
};

Civil civil(int64_t localSec) {
    int64_t days = localSec >= 0 ? localSec / 86400 : -((-localSec + 86399) / 86400);
    int64_t rem = localSec - days * 86400;
    int64_t z = days + 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = static_cast<int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    Civil c{};
    c.year = y;
    c.month = static_cast<int>(m);
    c.day = static_cast<int>(d);
    c.hour = static_cast<int>(rem / 3600);
    c.minute = static_cast<int>(rem / 60 % 60);
    c.second = static_cast<int>(rem % 60);
    c.weekday = static_cast<int>(((days % 7) + 11) % 7);
    c.yday = static_cast<int>(days - daysFromCivil(y, 1, 1)) + 1;
    return c;
}

std::mutex& tzMutex() {
    static std::mutex m;
    return m;
}

// Offset and abbreviation of `zone` at `sec`, using the C library's zone database.
std::pair<int, std::string> zoneAt(int64_t sec, const std::string& zone) {
    std::lock_guard<std::mutex> lock(tzMutex());
    std::string saved;
    const char* old = std::getenv("TZ");
    bool hadOld = old != nullptr;
    if (hadOld) saved = old;
    if (zone != "Local") {
        setenv("TZ", zone.c_str(), 1);
        tzset();
    }
    time_t t = static_cast<time_t>(sec);
    struct tm tmv {};
    localtime_r(&t, &tmv);
    std::pair<int, std::string> out{static_cast<int>(tmv.tm_gmtoff), tmv.tm_zone ? tmv.tm_zone : "UTC"};
    if (zone != "Local") {
        if (hadOld)
            setenv("TZ", saved.c_str(), 1);
        else
            unsetenv("TZ");
        tzset();
    }
    return out;
}

std::string pad(int64_t v, int width, char fill = '0') {
    std::string s = std::to_string(v < 0 ? -v : v);
    while (static_cast<int>(s.size()) < width)
        s.insert(s.begin(), fill);
    return v < 0 ? "-" + s : s;
}

enum class Std {
    None,
    LongMonth,
    Month,
    NumMonth,
    ZeroMonth,
    LongWeekDay,
    WeekDay,
    Day,
    UnderDay,
    ZeroDay,
    UnderYearDay,
    ZeroYearDay,
    Hour,
    Hour12,
    ZeroHour12,
    Minute,
    ZeroMinute,
    Second,
    ZeroSecond,
    LongYear,
    Year,
    PM,
    pm,
    TZ,
    ISO8601TZ,
    ISO8601SecondsTZ,
    ISO8601ShortTZ,
    ISO8601ColonTZ,
    ISO8601ColonSecondsTZ,
    NumTZ,
    NumSecondsTz,
    NumShortTZ,
    NumColonTZ,
    NumColonSecondsTZ,
    FracSecond0,
    FracSecond9,
};

// Splits the layout at its next reference-time element, like Go's nextStdChunk.
Std nextChunk(const std::string& l, size_t i, size_t& len, int& fracDigits) {
    auto has = [&](const char* s) { return l.compare(i, std::char_traits<char>::length(s), s) == 0; };
    struct Pat {
        const char* text;
        Std std;
    };
    static const Pat pats[] = {
        {"January", Std::LongMonth},
        {"Jan", Std::Month},
        {"Monday", Std::LongWeekDay},
        {"Mon", Std::WeekDay},
        {"MST", Std::TZ},
        {"002", Std::ZeroYearDay},
        {"01", Std::ZeroMonth},
        {"02", Std::ZeroDay},
        {"03", Std::ZeroHour12},
        {"04", Std::ZeroMinute},
        {"05", Std::ZeroSecond},
        {"06", Std::Year},
        {"15", Std::Hour},
        {"1", Std::NumMonth},
        {"2006", Std::LongYear},
        {"2", Std::Day},
        {"__2", Std::UnderYearDay},
        {"_2", Std::UnderDay},
        {"3", Std::Hour12},
        {"4", Std::Minute},
        {"5", Std::Second},
        {"PM", Std::PM},
        {"pm", Std::pm},
        {"-07:00:00", Std::NumColonSecondsTZ},
        {"-070000", Std::NumSecondsTz},
        {"-07:00", Std::NumColonTZ},
        {"-0700", Std::NumTZ},
        {"-07", Std::NumShortTZ},
        {"Z07:00:00", Std::ISO8601ColonSecondsTZ},
        {"Z070000", Std::ISO8601SecondsTZ},
        {"Z07:00", Std::ISO8601ColonTZ},
        {"Z0700", Std::ISO8601TZ},
        {"Z07", Std::ISO8601ShortTZ},
    };
    if ((l[i] == '.' || l[i] == ',') && i + 1 < l.size() && (l[i + 1] == '0' || l[i + 1] == '9')) {
        char c = l[i + 1];
        size_t j = i + 1;
        while (j < l.size() && l[j] == c)
            ++j;
        if (j >= l.size() || !std::isdigit(static_cast<unsigned char>(l[j]))) {
            len = j - i;
            fracDigits = static_cast<int>(j - i - 1);
            return c == '0' ? Std::FracSecond0 : Std::FracSecond9;
        }
    }
    for (const auto& p : pats) {
        if (!has(p.text)) continue;
        if ((p.std == Std::Month || p.std == Std::WeekDay) && i + 3 < l.size() &&
            std::islower(static_cast<unsigned char>(l[i + 3])))
            continue;
        len = std::char_traits<char>::length(p.text);
        return p.std;
    }
    return Std::None;
}

std::string tzNum(int offset, bool colon, bool seconds, bool shortForm) {
    std::string s = offset < 0 ? "-" : "+";
    int a = offset < 0 ? -offset : offset;
    s += pad(a / 3600, 2);
    if (shortForm) return s;
    if (colon) s += ":";
    s += pad(a / 60 % 60, 2);
    if (seconds) {
        if (colon) s += ":";
        s += pad(a % 60, 2);
    }
    return s;
}

} // namespace

GoTime GoTime::now() {
    auto d = std::chrono::system_clock::now().time_since_epoch();
    auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(d).count();
    GoTime t;
    t.sec = ns / 1000000000;
    t.nsec = static_cast<int32_t>(ns % 1000000000);
    return t.in("Local");
}

GoTime GoTime::zero() {
    GoTime t;
    t.sec = daysFromCivil(1, 1, 1) * 86400;
    return t;
}

GoTime GoTime::in(const std::string& zoneName) const {
    GoTime t = *this;
    if (zoneName == "UTC" || zoneName.empty()) {
        t.offset = 0;
        t.zone = "UTC";
        return t;
    }
    if (zoneName != "Local" && !std::filesystem::exists("/usr/share/zoneinfo/" + zoneName)) return in("UTC");
    auto [off, abbr] = zoneAt(sec, zoneName);
    t.offset = off;
    t.zone = abbr;
    return t;
}

std::string GoTime::format(const std::string& layout) const {
    Civil c = civil(sec + offset);
    std::string out;
    for (size_t i = 0; i < layout.size();) {
        size_t len = 0;
        int frac = 0;
        Std s = nextChunk(layout, i, len, frac);
        if (s == Std::None) {
            out += layout[i++];
            continue;
        }
        i += len;
        int h12 = c.hour % 12 == 0 ? 12 : c.hour % 12;
        switch (s) {
        case Std::LongMonth:
            out += kMonths[c.month - 1];
            break;
        case Std::Month:
            out += std::string(kMonths[c.month - 1]).substr(0, 3);
            break;
        case Std::NumMonth:
            out += std::to_string(c.month);
            break;
        case Std::ZeroMonth:
            out += pad(c.month, 2);
            break;
        case Std::LongWeekDay:
            out += kDays[c.weekday];
            break;
        case Std::WeekDay:
            out += std::string(kDays[c.weekday]).substr(0, 3);
            break;
        case Std::Day:
            out += std::to_string(c.day);
            break;
        case Std::UnderDay:
            out += pad(c.day, 2, ' ');
            break;
        case Std::ZeroDay:
            out += pad(c.day, 2);
            break;
        case Std::UnderYearDay:
            out += pad(c.yday, 3, ' ');
            break;
        case Std::ZeroYearDay:
            out += pad(c.yday, 3);
            break;
        case Std::Hour:
            out += pad(c.hour, 2);
            break;
        case Std::Hour12:
            out += std::to_string(h12);
            break;
        case Std::ZeroHour12:
            out += pad(h12, 2);
            break;
        case Std::Minute:
            out += std::to_string(c.minute);
            break;
        case Std::ZeroMinute:
            out += pad(c.minute, 2);
            break;
        case Std::Second:
            out += std::to_string(c.second);
            break;
        case Std::ZeroSecond:
            out += pad(c.second, 2);
            break;
        case Std::LongYear:
            out += pad(c.year, 4);
            break;
        case Std::Year:
            out += pad(c.year % 100, 2);
            break;
        case Std::PM:
            out += c.hour >= 12 ? "PM" : "AM";
            break;
        case Std::pm:
            out += c.hour >= 12 ? "pm" : "am";
            break;
        case Std::TZ:
            out += zone.empty() ? tzNum(offset, false, false, false) : zone;
            break;
        case Std::ISO8601TZ:
        case Std::ISO8601SecondsTZ:
        case Std::ISO8601ShortTZ:
        case Std::ISO8601ColonTZ:
        case Std::ISO8601ColonSecondsTZ:
            if (offset == 0) {
                out += "Z";
                break;
            }
            [[fallthrough]];
        case Std::NumTZ:
        case Std::NumSecondsTz:
        case Std::NumShortTZ:
        case Std::NumColonTZ:
        case Std::NumColonSecondsTZ: {
            bool colon = s == Std::NumColonTZ || s == Std::NumColonSecondsTZ || s == Std::ISO8601ColonTZ ||
                         s == Std::ISO8601ColonSecondsTZ;
            bool secs = s == Std::NumSecondsTz || s == Std::NumColonSecondsTZ || s == Std::ISO8601SecondsTZ ||
                        s == Std::ISO8601ColonSecondsTZ;
            bool shortForm = s == Std::NumShortTZ || s == Std::ISO8601ShortTZ;
            out += tzNum(offset, colon, secs, shortForm);
            break;
        }
        case Std::FracSecond0:
        case Std::FracSecond9: {
            std::string digits = pad(nsec, 9).substr(0, frac);
            if (s == Std::FracSecond9) {
                while (!digits.empty() && digits.back() == '0')
                    digits.pop_back();
                if (digits.empty()) break;
            }
            out += layout[i - len];
            out += digits;
            break;
        }
        default:
            break;
        }
    }
    return out;
}

std::optional<GoTime> GoTime::parse(const std::string& layout, const std::string& text) {
    int64_t year = 1;
    int month = 1, day = 1, hour = 0, minute = 0, second = 0, nsec = 0;
    bool pm = false, pmSet = false, haveZone = false;
    int offset = 0;
    size_t p = 0;
    auto num = [&](int minDigits, int maxDigits, int64_t& v) {
        size_t start = p;
        while (p < text.size() && static_cast<int>(p - start) < maxDigits &&
               std::isdigit(static_cast<unsigned char>(text[p])))
            ++p;
        if (static_cast<int>(p - start) < minDigits) return false;
        v = std::stoll(text.substr(start, p - start));
        return true;
    };
    auto word = [&](const char* const* names, int count, bool abbrev, int& idx) {
        for (int k = 0; k < count; ++k) {
            std::string n = abbrev ? std::string(names[k]).substr(0, 3) : names[k];
            if (text.compare(p, n.size(), n) == 0) {
                idx = k;
                p += n.size();
                return true;
            }
        }
        return false;
    };
    for (size_t i = 0; i < layout.size();) {
        size_t len = 0;
        int frac = 0;
        Std s = nextChunk(layout, i, len, frac);
        if (s == Std::None) {
            if (p >= text.size() || text[p] != layout[i]) return std::nullopt;
            ++p;
            ++i;
            continue;
        }
        i += len;
        int64_t v = 0;
        int idx = 0;
        bool ok = true;
        switch (s) {
        case Std::LongMonth:
            ok = word(kMonths, 12, false, idx);
            month = idx + 1;
            break;
        case Std::Month:
            ok = word(kMonths, 12, true, idx);
            month = idx + 1;
            break;
        case Std::LongWeekDay:
            ok = word(kDays, 7, false, idx);
            break;
        case Std::WeekDay:
            ok = word(kDays, 7, true, idx);
            break;
        case Std::NumMonth:
            ok = num(1, 2, v);
            month = static_cast<int>(v);
            break;
        case Std::ZeroMonth:
            ok = num(2, 2, v);
            month = static_cast<int>(v);
            break;
        case Std::Day:
            ok = num(1, 2, v);
            day = static_cast<int>(v);
            break;
        case Std::UnderDay:
            if (p < text.size() && text[p] == ' ') ++p;
            ok = num(1, 2, v);
            day = static_cast<int>(v);
            break;
        case Std::ZeroDay:
            ok = num(2, 2, v);
            day = static_cast<int>(v);
            break;
        case Std::Hour:
            ok = num(2, 2, v);
            hour = static_cast<int>(v);
            break;
        case Std::Hour12:
            ok = num(1, 2, v);
            hour = static_cast<int>(v);
            break;
        case Std::ZeroHour12:
            ok = num(2, 2, v);
            hour = static_cast<int>(v);
            break;
        case Std::Minute:
            ok = num(1, 2, v);
            minute = static_cast<int>(v);
            break;
        case Std::ZeroMinute:
            ok = num(2, 2, v);
            minute = static_cast<int>(v);
            break;
        case Std::Second:
            ok = num(1, 2, v);
            second = static_cast<int>(v);
            break;
        case Std::ZeroSecond:
            ok = num(2, 2, v);
            second = static_cast<int>(v);
            // Go accepts fractional seconds after a seconds field even if the layout has none.
            if (ok && p + 1 < text.size() && text[p] == '.' &&
                std::isdigit(static_cast<unsigned char>(text[p + 1])) &&
                (i >= layout.size() || layout[i] != '.')) {
                ++p;
                size_t start = p;
                while (p < text.size() && std::isdigit(static_cast<unsigned char>(text[p])))
                    ++p;
                std::string f = text.substr(start, p - start);
                f = f.size() > 9 ? f.substr(0, 9) : f + std::string(9 - f.size(), '0');
                nsec = std::stoi(f);
            }
            break;
        case Std::LongYear:
            ok = num(4, 4, v);
            year = v;
            break;
        case Std::Year:
            ok = num(2, 2, v);
            year = v >= 69 ? 1900 + v : 2000 + v;
            break;
        case Std::PM:
        case Std::pm: {
            std::string ap = text.substr(p, 2);
            for (auto& ch : ap)
                ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
            ok = ap == "AM" || ap == "PM";
            pm = ap == "PM";
            pmSet = true;
            p += 2;
            break;
        }
        case Std::TZ: {
            size_t start = p;
            while (p < text.size() && std::isupper(static_cast<unsigned char>(text[p])))
                ++p;
            ok = p - start >= 3 || text.compare(start, 3, "UTC") == 0;
            haveZone = text.substr(start, p - start) == "UTC";
            break;
        }
        case Std::FracSecond0:
        case Std::FracSecond9: {
            if (p < text.size() && (text[p] == '.' || text[p] == ',')) {
                ++p;
                size_t start = p;
                while (p < text.size() && std::isdigit(static_cast<unsigned char>(text[p])))
                    ++p;
                std::string f = text.substr(start, p - start);
                ok = !f.empty() && (s == Std::FracSecond9 || static_cast<int>(f.size()) == frac);
                f = f.size() > 9 ? f.substr(0, 9) : f + std::string(9 - f.size(), '0');
                if (ok) nsec = std::stoi(f);
            } else {
                ok = s == Std::FracSecond9;
            }
            break;
        }
        default: {
            if ((s >= Std::ISO8601TZ && s <= Std::ISO8601ColonSecondsTZ) && p < text.size() &&
                text[p] == 'Z') {
                ++p;
                haveZone = true;
                offset = 0;
                break;
            }
            if (p >= text.size() || (text[p] != '+' && text[p] != '-')) {
                ok = false;
                break;
            }
            int sign = text[p] == '-' ? -1 : 1;
            ++p;
            int64_t hh = 0, mm = 0, ss = 0;
            ok = num(2, 2, hh);
            bool shortForm = s == Std::NumShortTZ || s == Std::ISO8601ShortTZ;
            if (ok && !shortForm) {
                if (p < text.size() && text[p] == ':') ++p;
                ok = num(2, 2, mm);
                bool secs = s == Std::NumSecondsTz || s == Std::NumColonSecondsTZ ||
                            s == Std::ISO8601SecondsTZ || s == Std::ISO8601ColonSecondsTZ;
                if (ok && secs) {
                    if (p < text.size() && text[p] == ':') ++p;
                    ok = num(2, 2, ss);
                }
            }
            offset = sign * static_cast<int>(hh * 3600 + mm * 60 + ss);
            haveZone = true;
        }
        }
        if (!ok) return std::nullopt;
    }
    if (p != text.size()) return std::nullopt;
    if (pmSet && hour < 12 && pm) hour += 12;
    if (pmSet && hour == 12 && !pm) hour = 0;
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59)
        return std::nullopt;
    int64_t local = daysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 +
                    hour * 3600 + minute * 60 + second;
    GoTime t;
    t.nsec = nsec;
    if (haveZone) {
        t.sec = local - offset;
        t.offset = offset;
        t.zone = offset == 0 ? "UTC" : "";
        return t;
    }
    // Local wall time: find the offset in effect (two passes settle DST transitions).
    int off = zoneAt(local, "Local").first;
    off = zoneAt(local - off, "Local").first;
    t.sec = local - off;
    return t.in("Local");
}

std::string GoTime::toString() const {
    std::string s = format("2006-01-02 15:04:05.999999999 -0700 MST");
    return s;
}

std::string goDurationString(int64_t ns) {
    if (ns == 0) return "0s";
    bool neg = ns < 0;
    uint64_t u = neg ? static_cast<uint64_t>(-(ns + 1)) + 1 : static_cast<uint64_t>(ns);
    std::string out;
    auto frac = [](uint64_t v, int digits) {
        std::string f = pad(static_cast<int64_t>(v), digits);
        while (!f.empty() && f.back() == '0')
            f.pop_back();
        return f.empty() ? std::string() : "." + f;
    };
    if (u < 1000000000ULL) {
        if (u < 1000)
            out = std::to_string(u) + "ns";
        else if (u < 1000000)
            out = std::to_string(u / 1000) + frac(u % 1000, 3) + "µs";
        else
            out = std::to_string(u / 1000000) + frac(u % 1000000, 6) + "ms";
    } else {
        uint64_t secs = u / 1000000000ULL;
        std::string s = std::to_string(secs % 60) + frac(u % 1000000000ULL, 9) + "s";
        uint64_t mins = secs / 60;
        if (mins > 0) {
            s = std::to_string(mins % 60) + "m" + s;
            uint64_t hours = mins / 60;
            if (hours > 0) s = std::to_string(hours) + "h" + s;
        }
        out = s;
    }
    return neg ? "-" + out : out;
}

std::optional<int64_t> goParseDuration(const std::string& in) {
    std::string s = in;
    bool neg = false;
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
        neg = s[0] == '-';
        s = s.substr(1);
    }
    if (s == "0") return 0;
    if (s.empty()) return std::nullopt;
    long double total = 0;
    size_t p = 0;
    while (p < s.size()) {
        size_t start = p;
        while (p < s.size() && (std::isdigit(static_cast<unsigned char>(s[p])) || s[p] == '.'))
            ++p;
        if (p == start) return std::nullopt;
        long double v = std::strtold(s.substr(start, p - start).c_str(), nullptr);
        size_t ustart = p;
        while (p < s.size() && !std::isdigit(static_cast<unsigned char>(s[p])) && s[p] != '.')
            ++p;
        std::string unit = s.substr(ustart, p - ustart);
        long double mult;
        if (unit == "ns")
            mult = 1;
        else if (unit == "us" || unit == "µs" || unit == "μs")
            mult = 1e3;
        else if (unit == "ms")
            mult = 1e6;
        else if (unit == "s")
            mult = 1e9;
        else if (unit == "m")
            mult = 60e9;
        else if (unit == "h")
            mult = 3600e9;
        else
            return std::nullopt;
        total += v * mult;
    }
    auto ns = static_cast<int64_t>(total);
    return neg ? -ns : ns;
}

std::optional<std::vector<ArgType>> TimeObject::methodParams(const std::string& name) const {
    if (name == "Format") return std::vector{ArgType::String};
    static const char* getters[] = {"Unix",   "UnixNano",   "Year",    "Month", "Day",   "Hour",  "Minute",
                                    "Second", "Nanosecond", "YearDay", "UTC",   "Local", "String"};
    for (const char* g : getters)
        if (name == g) return std::vector<ArgType>{};
    return std::nullopt;
}

Value TimeObject::call(const std::string& name, ValueList& args) const {
    Civil c = civil(t_.sec + t_.offset);
    if (name == "Format") return Value(t_.format(args[0].asString()));
    if (name == "Unix") return Value::int64(t_.sec);
    if (name == "UnixNano") return Value::int64(t_.sec * 1000000000LL + t_.nsec);
    if (name == "Year") return Value(static_cast<int>(c.year));
    if (name == "Month") return Value(kMonths[c.month - 1]);
    if (name == "Day") return Value(c.day);
    if (name == "Hour") return Value(c.hour);
    if (name == "Minute") return Value(c.minute);
    if (name == "Second") return Value(c.second);
    if (name == "Nanosecond") return Value(static_cast<int>(t_.nsec));
    if (name == "YearDay") return Value(c.yday);
    if (name == "UTC") return Value(std::make_shared<TimeObject>(t_.in("UTC")));
    if (name == "Local") return Value(std::make_shared<TimeObject>(t_.in("Local")));
    if (name == "String") return Value(t_.toString());
    return Object::call(name, args);
}

Value TimeObject::marshal() const {
    return Value(t_.format("2006-01-02T15:04:05.999999999Z07:00"));
}

} // namespace kmcp::helm::tmpl
