// kmcp/yaml.hpp — header-only YAML output that matches what Go's sigs.k8s.io/yaml (go-yaml v2 emitter)
// prints, so tool output reads exactly like the reference server and kubectl:
//   - keys sorted with go-yaml's "natural" order (digit runs compare numerically, letters after others),
//   - 2-space indentation, sequences not indented under their key (`key:\n- a`),
//   - strings quoted only when go-yaml would: double quotes when the plain text would read back as
//     another type (bool, null, int, float, timestamp, base-60), single quotes when the text starts
//     with an indicator or holds ": " / " #", double quotes with escapes for control characters,
//   - multi-line strings as literal blocks (`|`, `|-`, `|+`), no line folding.
// Also exposes the YAML 1.1 plain-scalar resolution (`resolveYamlScalar`) that plugins parsing user
// YAML with yaml-cpp need to type untagged scalars the way the Go tooling does.
#pragma once

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace kmcp::sdk {

namespace yamldetail {

inline bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

// Go's strconv.ParseInt/ParseUint with base 0 (sign, 0x/0o/0b prefixes, leading-0 octal).
// Returns false on syntax error; `overflow` tells a range error apart.
inline bool parseGoInt(std::string_view s, bool allowSign, bool& negative, unsigned __int128& magnitude,
                       bool& overflow) {
    negative = false;
    overflow = false;
    magnitude = 0;
    if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
        if (!allowSign) return false;
        negative = s[0] == '-';
        s.remove_prefix(1);
    }
    if (s.empty()) return false;
    int base = 10;
    if (s.size() >= 2 && s[0] == '0') {
        char p = static_cast<char>(s[1] | 0x20);
        if (p == 'x')
            base = 16, s.remove_prefix(2);
        else if (p == 'o')
            base = 8, s.remove_prefix(2);
        else if (p == 'b')
            base = 2, s.remove_prefix(2);
        else
            base = 8, s.remove_prefix(1);
        if (s.empty()) return false;
    }
    for (char c : s) {
        int d;
        if (isDigit(c))
            d = c - '0';
        else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
            d = (c | 0x20) - 'a' + 10;
        else
            return false;
        if (d >= base) return false;
        magnitude = magnitude * static_cast<unsigned>(base) + static_cast<unsigned>(d);
        if (magnitude > (static_cast<unsigned __int128>(1) << 65)) overflow = true, magnitude = 0;
    }
    return true;
}

// ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$  (go-yaml's yamlStyleFloat)
inline bool matchesYamlFloat(std::string_view s) {
    size_t i = 0;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (i < s.size() && s[i] == '.') {
        ++i;
        size_t start = i;
        while (i < s.size() && isDigit(s[i]))
            ++i;
        if (i == start) return false;
    } else {
        size_t start = i;
        while (i < s.size() && isDigit(s[i]))
            ++i;
        if (i == start) return false;
        if (i < s.size() && s[i] == '.') {
            ++i;
            while (i < s.size() && isDigit(s[i]))
                ++i;
        }
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
        size_t start = i;
        while (i < s.size() && isDigit(s[i]))
            ++i;
        if (i == start) return false;
    }
    return i == s.size();
}

inline bool finiteParse(std::string_view s, double& out) {
    std::string copy(s);
    char* end = nullptr;
    out = std::strtod(copy.c_str(), &end);
    return end == copy.c_str() + copy.size() && std::isfinite(out);
}

// Reads 1 or 2 digits like Go's time getnum(value, false).
inline bool goGetNum(std::string_view s, size_t& i, int& out) {
    if (i >= s.size() || !isDigit(s[i])) return false;
    out = s[i++] - '0';
    if (i < s.size() && isDigit(s[i])) out = out * 10 + (s[i++] - '0');
    return true;
}

inline int daysIn(int month, int year) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

// True when go-yaml's parseTimestamp would accept s (so the string must be quoted).
inline bool isTimestamp(std::string_view s) {
    if (s.size() < 5) return false;
    for (size_t k = 0; k < 4; ++k)
        if (!isDigit(s[k])) return false;
    if (s[4] != '-') return false;
    int year = std::stoi(std::string(s.substr(0, 4)));
    size_t i = 5;
    int month = 0, day = 0;
    if (!goGetNum(s, i, month) || i >= s.size() || s[i] != '-') return false;
    ++i;
    if (!goGetNum(s, i, day)) return false;
    if (month < 1 || month > 12 || day < 1 || day > daysIn(month, year)) return false;
    if (i == s.size()) return true;
    char sep = s[i];
    if (sep != 'T' && sep != 't' && sep != ' ') return false;
    ++i;
    int hour = 0, minute = 0, second = 0;
    if (!goGetNum(s, i, hour) || i >= s.size() || s[i] != ':') return false;
    ++i;
    if (!goGetNum(s, i, minute) || i >= s.size() || s[i] != ':') return false;
    ++i;
    if (!goGetNum(s, i, second)) return false;
    if (hour >= 24 || minute >= 60 || second >= 60) return false;
    if (i + 1 < s.size() && (s[i] == '.' || s[i] == ',') && isDigit(s[i + 1])) {
        ++i;
        while (i < s.size() && isDigit(s[i]))
            ++i;
    }
    if (sep == ' ') return i == s.size();
    if (i < s.size() && s[i] == 'Z') return i + 1 == s.size();
    if (s.size() - i != 6 || (s[i] != '+' && s[i] != '-') || s[i + 3] != ':') return false;
    if (!isDigit(s[i + 1]) || !isDigit(s[i + 2]) || !isDigit(s[i + 4]) || !isDigit(s[i + 5])) return false;
    int tzh = (s[i + 1] - '0') * 10 + (s[i + 2] - '0');
    int tzm = (s[i + 4] - '0') * 10 + (s[i + 5] - '0');
    return tzh <= 24 && tzm <= 60;
}

// ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$
inline bool isBase60Float(std::string_view s) {
    if (s.empty() || s.find(':') == std::string_view::npos) return false;
    size_t i = 0;
    if (s[i] == '+' || s[i] == '-') ++i;
    if (i >= s.size() || !isDigit(s[i])) return false;
    ++i;
    while (i < s.size() && (isDigit(s[i]) || s[i] == '_'))
        ++i;
    int groups = 0;
    while (i < s.size() && s[i] == ':') {
        ++i;
        size_t start = i;
        while (i < s.size() && isDigit(s[i]) && i - start < 2)
            ++i;
        size_t n = i - start;
        if (n == 0) return false;
        if (n == 2 && s[start] > '5') return false;
        ++groups;
    }
    if (groups == 0) return false;
    if (i < s.size() && s[i] == '.') {
        ++i;
        while (i < s.size() && (isDigit(s[i]) || s[i] == '_'))
            ++i;
    }
    return i == s.size();
}

enum class Resolved { String, Null, Bool, Int, Float, Timestamp, Merge };

struct Resolution {
    Resolved kind = Resolved::String;
    nlohmann::json value;
};

inline Resolution resolve(std::string_view in) {
    static const char* trues[] = {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"};
    static const char* falses[] = {"n",     "N",     "no",  "No",  "NO", "false",
                                   "False", "FALSE", "off", "Off", "OFF"};
    static const char* nulls[] = {"", "~", "null", "Null", "NULL"};
    for (const char* t : trues)
        if (in == t) return {Resolved::Bool, true};
    for (const char* f : falses)
        if (in == f) return {Resolved::Bool, false};
    for (const char* n : nulls)
        if (in == n) return {Resolved::Null, nullptr};
    const double inf = std::numeric_limits<double>::infinity();
    if (in == ".nan" || in == ".NaN" || in == ".NAN")
        return {Resolved::Float, std::numeric_limits<double>::quiet_NaN()};
    if (in == ".inf" || in == ".Inf" || in == ".INF" || in == "+.inf" || in == "+.Inf" || in == "+.INF")
        return {Resolved::Float, inf};
    if (in == "-.inf" || in == "-.Inf" || in == "-.INF") return {Resolved::Float, -inf};
    if (in == "<<") return {Resolved::Merge, "<<"};

    char c = in[0];
    if (c == '.') {
        double d;
        if (matchesYamlFloat(in) && finiteParse(in, d)) return {Resolved::Float, d};
        return {Resolved::String, std::string(in)};
    }
    if (!(isDigit(c) || c == '+' || c == '-')) return {Resolved::String, std::string(in)};
    if (isTimestamp(in)) return {Resolved::Timestamp, std::string(in)};
    std::string plain;
    for (char ch : in)
        if (ch != '_') plain += ch;
    bool negative = false, overflow = false;
    unsigned __int128 mag = 0;
    if (parseGoInt(plain, true, negative, mag, overflow) && !overflow) {
        const auto maxI = static_cast<unsigned __int128>(std::numeric_limits<int64_t>::max());
        if (negative && mag <= maxI + 1)
            return {Resolved::Int,
                    mag == maxI + 1 ? std::numeric_limits<int64_t>::min() : -static_cast<int64_t>(mag)};
        if (!negative && mag <= maxI) return {Resolved::Int, static_cast<int64_t>(mag)};
        if (!negative && plain[0] != '+' && mag <= std::numeric_limits<uint64_t>::max())
            return {Resolved::Int, static_cast<uint64_t>(mag)};
    }
    double d;
    if (matchesYamlFloat(plain) && finiteParse(plain, d)) return {Resolved::Float, d};
    std::string_view digits = plain;
    bool neg = false;
    if (digits.substr(0, 3) == "-0b")
        neg = true, digits.remove_prefix(3);
    else if (digits.substr(0, 2) == "0b")
        digits.remove_prefix(2);
    else
        return {Resolved::String, std::string(in)};
    if (!digits.empty() && digits.find_first_not_of("01") == std::string_view::npos && digits.size() <= 64) {
        unsigned __int128 v = 0;
        for (char b : digits)
            v = v * 2 + static_cast<unsigned>(b - '0');
        if (neg && v <= static_cast<unsigned __int128>(std::numeric_limits<int64_t>::max()) + 1)
            return {Resolved::Int, -static_cast<int64_t>(static_cast<uint64_t>(v))};
        if (!neg && v <= std::numeric_limits<int64_t>::max()) return {Resolved::Int, static_cast<int64_t>(v)};
        if (!neg) return {Resolved::Int, static_cast<uint64_t>(v)};
    }
    return {Resolved::String, std::string(in)};
}

// Go's strconv.FormatFloat(v, 'g', -1, 64) when eprec == 6; fmt's %v uses eprec == 21.
inline std::string goFormatFloat(double v, int eprec = 6) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
    if (v == 0) return std::signbit(v) ? "-0" : "0";
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::scientific);
    std::string sci(buf, res.ptr);
    bool neg = sci[0] == '-';
    if (neg) sci.erase(0, 1);
    auto epos = sci.find('e');
    std::string mant = sci.substr(0, epos);
    int exp = std::stoi(sci.substr(epos + 1));
    std::string digits;
    for (char c : mant)
        if (c != '.') digits += c;
    int nd = static_cast<int>(digits.size());
    int dp = exp + 1;
    std::string out = neg ? "-" : "";
    if (exp < -4 || exp >= eprec) {
        out += digits[0];
        if (nd > 1) out += "." + digits.substr(1);
        out += exp < 0 ? "e-" : "e+";
        int a = std::abs(exp);
        if (a < 10) out += '0';
        out += std::to_string(a);
        return out;
    }
    if (dp <= 0) return out + "0." + std::string(static_cast<size_t>(-dp), '0') + digits;
    if (dp >= nd) return out + digits + std::string(static_cast<size_t>(dp - nd), '0');
    return out + digits.substr(0, static_cast<size_t>(dp)) + "." + digits.substr(static_cast<size_t>(dp));
}

// A JSON float as sigs.k8s.io/yaml prints it: json.Marshal then go-yaml re-reads it, so integral
// values in integer range become integers.
inline std::string yamlFloat(double v) {
    if (std::isnan(v)) return ".nan";
    if (std::isinf(v)) return v > 0 ? ".inf" : "-.inf";
    if (v == std::trunc(v) && std::fabs(v) < 1e21) {
        if (v >= -9223372036854775808.0 && v < 9223372036854775808.0)
            return std::to_string(static_cast<int64_t>(v));
        if (v > 0 && v < 18446744073709551616.0) return std::to_string(static_cast<uint64_t>(v));
    }
    return goFormatFloat(v, 6);
}

inline size_t utf8Width(unsigned char c) {
    if (c < 0x80) return 1;
    if ((c & 0xE0) == 0xC0) return 2;
    if ((c & 0xF0) == 0xE0) return 3;
    if ((c & 0xF8) == 0xF0) return 4;
    return 1;
}

inline std::u32string toRunes(std::string_view s) {
    std::u32string out;
    for (size_t i = 0; i < s.size();) {
        auto c = static_cast<unsigned char>(s[i]);
        size_t w = std::min(utf8Width(c), s.size() - i);
        char32_t r = w == 1 ? c : w == 2 ? (c & 0x1F) : w == 3 ? (c & 0x0F) : (c & 0x07);
        for (size_t k = 1; k < w; ++k)
            r = (r << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        out += r;
        i += w;
    }
    return out;
}

// go-yaml v2's keyList.Less for string keys. Non-ASCII runes count as letters.
inline bool keyLess(std::string_view a, std::string_view b) {
    auto ar = toRunes(a), br = toRunes(b);
    auto isLetter = [](char32_t r) { return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || r >= 0x80; };
    auto isDig = [](char32_t r) { return r >= '0' && r <= '9'; };
    for (size_t i = 0; i < ar.size() && i < br.size(); ++i) {
        if (ar[i] == br[i]) continue;
        bool al = isLetter(ar[i]), bl = isLetter(br[i]);
        if (al && bl) return ar[i] < br[i];
        if (al || bl) return bl;
        int64_t an = 0, bn = 0;
        if (ar[i] == '0' || br[i] == '0') {
            for (size_t j = i; j-- > 0 && isDig(ar[j]);) {
                if (ar[j] != '0') {
                    an = bn = 1;
                    break;
                }
            }
        }
        size_t ai = i, bi = i;
        for (; ai < ar.size() && isDig(ar[ai]); ++ai)
            an = an * 10 + static_cast<int64_t>(ar[ai] - '0');
        for (; bi < br.size() && isDig(br[bi]); ++bi)
            bn = bn * 10 + static_cast<int64_t>(br[bi] - '0');
        if (an != bn) return an < bn;
        if (ai != bi) return ai < bi;
        return ar[i] < br[i];
    }
    return ar.size() < br.size();
}

// Byte-level character classes of libyaml/go-yaml.
inline unsigned char at(std::string_view s, size_t i) {
    return i < s.size() ? static_cast<unsigned char>(s[i]) : 0;
}
inline bool isBreakAt(std::string_view s, size_t i) {
    unsigned char c = at(s, i);
    return c == '\r' || c == '\n' || (c == 0xC2 && at(s, i + 1) == 0x85) ||
           (c == 0xE2 && at(s, i + 1) == 0x80 && (at(s, i + 2) == 0xA8 || at(s, i + 2) == 0xA9));
}
inline bool isBlankAt(std::string_view s, size_t i) {
    return at(s, i) == ' ' || at(s, i) == '\t';
}
inline bool isBlankzAt(std::string_view s, size_t i) {
    return isBlankAt(s, i) || isBreakAt(s, i) || i >= s.size() || at(s, i) == 0;
}
inline bool isPrintableAt(std::string_view s, size_t i) {
    unsigned char b = at(s, i), b1 = at(s, i + 1), b2 = at(s, i + 2);
    return b == 0x0A || (b >= 0x20 && b <= 0x7E) || (b == 0xC2 && b1 >= 0xA0) || (b > 0xC2 && b < 0xED) ||
           (b == 0xED && b1 < 0xA0) || b == 0xEE ||
           (b == 0xEF && !(b1 == 0xBB && b2 == 0xBF) && !(b1 == 0xBF && (b2 == 0xBE || b2 == 0xBF)));
}
inline bool isBomAt(std::string_view s, size_t i) {
    return at(s, i) == 0xEF && at(s, i + 1) == 0xBB && at(s, i + 2) == 0xBF;
}

struct Analysis {
    bool multiline = false;
    bool blockPlainAllowed = true;
    bool singleQuotedAllowed = true;
    bool blockAllowed = true;
};

inline Analysis analyze(std::string_view v) {
    Analysis a;
    if (v.empty()) {
        a.blockAllowed = false;
        return a;
    }
    bool blockIndicators = false, lineBreaks = false, special = false;
    bool leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false;
    bool breakSpace = false, spaceBreak = false, prevSpace = false, prevBreak = false;
    if (v.size() >= 3 && (v.substr(0, 3) == "---" || v.substr(0, 3) == "...")) blockIndicators = true;
    bool precededByWs = true;
    for (size_t i = 0, w = 0; i < v.size(); i += w) {
        w = utf8Width(at(v, i));
        bool followedByWs = i + w >= v.size() || isBlankAt(v, i + w);
        char c = v[i];
        if (i == 0) {
            switch (c) {
            case '#':
            case ',':
            case '[':
            case ']':
            case '{':
            case '}':
            case '&':
            case '*':
            case '!':
            case '|':
            case '>':
            case '\'':
            case '"':
            case '%':
            case '@':
            case '`':
                blockIndicators = true;
                break;
            case '?':
            case ':':
            case '-':
                if (followedByWs) blockIndicators = true;
                break;
            default:
                break;
            }
        } else if ((c == ':' && followedByWs) || (c == '#' && precededByWs)) {
            blockIndicators = true;
        }
        if (!isPrintableAt(v, i)) special = true;
        if (c == ' ') {
            if (i == 0) leadingSpace = true;
            if (i + w == v.size()) trailingSpace = true;
            if (prevBreak) breakSpace = true;
            prevSpace = true;
            prevBreak = false;
        } else if (isBreakAt(v, i)) {
            lineBreaks = true;
            if (i == 0) leadingBreak = true;
            if (i + w == v.size()) trailingBreak = true;
            if (prevSpace) spaceBreak = true;
            prevSpace = false;
            prevBreak = true;
        } else {
            prevSpace = prevBreak = false;
        }
        precededByWs = isBlankzAt(v, i);
    }
    a.multiline = lineBreaks;
    if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) a.blockPlainAllowed = false;
    if (trailingSpace) a.blockAllowed = false;
    if (breakSpace) a.blockPlainAllowed = a.singleQuotedAllowed = false;
    if (spaceBreak || special) a.blockPlainAllowed = a.singleQuotedAllowed = a.blockAllowed = false;
    if (lineBreaks || blockIndicators) a.blockPlainAllowed = false;
    return a;
}

enum class Style { Plain, Single, Double, Literal };

// Writes events the way go-yaml's emitter lays them out (block style, best_indent 2, no wrapping).
class Emitter {
public:
    std::string document(const nlohmann::json& v) {
        node(v, false, false);
        writeIndent();
        return std::move(out_);
    }

private:
    void put(char c) {
        out_ += c;
        ++column_;
    }
    void putBreak() {
        out_ += '\n';
        column_ = 0;
    }
    void write(std::string_view s, size_t& i) {
        size_t w = std::min(utf8Width(at(s, i)), s.size() - i);
        out_.append(s.substr(i, w));
        i += w;
        ++column_;
    }
    void writeIndent() {
        int ind = std::max(indent_, 0);
        if (!indention_ || column_ > ind || (column_ == ind && !whitespace_)) putBreak();
        while (column_ < ind)
            put(' ');
        whitespace_ = indention_ = true;
    }
    void indicator(std::string_view text, bool needWs, bool isWs, bool isIndention) {
        if (needWs && !whitespace_) put(' ');
        out_.append(text);
        column_ += static_cast<int>(text.size());
        whitespace_ = isWs;
        indention_ = indention_ && isIndention;
    }
    void increaseIndent(bool flow, bool indentless) {
        indents_.push_back(indent_);
        if (indent_ < 0)
            indent_ = flow ? 2 : 0;
        else if (!indentless)
            indent_ += 2;
    }
    void popIndent() {
        indent_ = indents_.back();
        indents_.pop_back();
    }

    void node(const nlohmann::json& v, bool mapping, bool simpleKey) {
        using T = nlohmann::json::value_t;
        switch (v.type()) {
        case T::null:
            scalar("null", Style::Plain, simpleKey);
            break;
        case T::boolean:
            scalar(v.get<bool>() ? "true" : "false", Style::Plain, simpleKey);
            break;
        case T::number_integer:
            scalar(std::to_string(v.get<int64_t>()), Style::Plain, simpleKey);
            break;
        case T::number_unsigned:
            scalar(std::to_string(v.get<uint64_t>()), Style::Plain, simpleKey);
            break;
        case T::number_float:
            scalar(yamlFloat(v.get<double>()), Style::Plain, simpleKey);
            break;
        case T::string:
            stringScalar(v.get_ref<const std::string&>(), simpleKey);
            break;
        case T::array:
            sequence(v, mapping);
            break;
        case T::object:
            map(v);
            break;
        default:
            scalar("null", Style::Plain, simpleKey);
            break;
        }
    }

    void stringScalar(const std::string& s, bool simpleKey) {
        Resolution r = resolve(s);
        bool canPlain = r.kind == Resolved::String && !isBase60Float(s);
        Style st = s.find('\n') != std::string::npos ? Style::Literal
                   : canPlain                        ? Style::Plain
                                                     : Style::Double;
        scalar(s, st, simpleKey);
    }

    void scalar(std::string_view v, Style style, bool simpleKey) {
        Analysis a = analyze(v);
        if (simpleKey && a.multiline) style = Style::Double;
        if (style == Style::Plain) {
            if (!a.blockPlainAllowed) style = Style::Single;
            if (v.empty() && simpleKey) style = Style::Single;
        }
        // Single quotes cannot carry the rare non-\n breaks (U+2028/9) without folding rules; the
        // double-quoted form is equivalent YAML.
        if (style == Style::Single && (!a.singleQuotedAllowed || a.multiline)) style = Style::Double;
        if (style == Style::Literal && (!a.blockAllowed || simpleKey)) style = Style::Double;
        increaseIndent(true, false);
        switch (style) {
        case Style::Plain:
            plain(v);
            break;
        case Style::Single:
            single(v);
            break;
        case Style::Double:
            doubleQuoted(v);
            break;
        case Style::Literal:
            literal(v);
            break;
        }
        popIndent();
    }

    void plain(std::string_view v) {
        if (!whitespace_) put(' ');
        for (size_t i = 0; i < v.size();)
            write(v, i);
        whitespace_ = indention_ = false;
    }

    void single(std::string_view v) {
        indicator("'", true, false, false);
        for (size_t i = 0; i < v.size();) {
            if (v[i] == '\'') put('\'');
            write(v, i);
        }
        indicator("'", false, false, false);
        whitespace_ = indention_ = false;
    }

    void doubleQuoted(std::string_view v) {
        static const char hex[] = "0123456789ABCDEF";
        indicator("\"", true, false, false);
        for (size_t i = 0; i < v.size();) {
            if (!isPrintableAt(v, i) || isBomAt(v, i) || isBreakAt(v, i) || v[i] == '"' || v[i] == '\\') {
                size_t w = std::min(utf8Width(at(v, i)), v.size() - i);
                auto c0 = at(v, i);
                char32_t r = w == 1 ? c0 : w == 2 ? (c0 & 0x1F) : w == 3 ? (c0 & 0x0F) : (c0 & 0x07);
                for (size_t k = 1; k < w; ++k)
                    r = (r << 6) | (at(v, i + k) & 0x3F);
                i += w;
                put('\\');
                switch (r) {
                case 0x00:
                    put('0');
                    break;
                case 0x07:
                    put('a');
                    break;
                case 0x08:
                    put('b');
                    break;
                case 0x09:
                    put('t');
                    break;
                case 0x0A:
                    put('n');
                    break;
                case 0x0B:
                    put('v');
                    break;
                case 0x0C:
                    put('f');
                    break;
                case 0x0D:
                    put('r');
                    break;
                case 0x1B:
                    put('e');
                    break;
                case 0x22:
                    put('"');
                    break;
                case 0x5C:
                    put('\\');
                    break;
                case 0x85:
                    put('N');
                    break;
                case 0xA0:
                    put('_');
                    break;
                case 0x2028:
                    put('L');
                    break;
                case 0x2029:
                    put('P');
                    break;
                default: {
                    int digits = r <= 0xFF ? 2 : r <= 0xFFFF ? 4 : 8;
                    put(r <= 0xFF ? 'x' : r <= 0xFFFF ? 'u' : 'U');
                    for (int k = (digits - 1) * 4; k >= 0; k -= 4)
                        put(hex[(r >> k) & 0x0F]);
                }
                }
            } else {
                write(v, i);
            }
        }
        indicator("\"", false, false, false);
        whitespace_ = indention_ = false;
    }

    void literal(std::string_view v) {
        indicator("|", true, false, false);
        if (v[0] == ' ' || isBreakAt(v, 0)) indicator("2", false, false, false);
        size_t last = v.size() - 1;
        while (last > 0 && (at(v, last) & 0xC0) == 0x80)
            --last;
        if (!isBreakAt(v, last)) {
            indicator("-", false, false, false);
        } else if (last == 0) {
            indicator("+", false, false, false);
        } else {
            size_t prev = last - 1;
            while (prev > 0 && (at(v, prev) & 0xC0) == 0x80)
                --prev;
            if (isBreakAt(v, prev)) indicator("+", false, false, false);
        }
        putBreak();
        indention_ = whitespace_ = true;
        bool breaks = true;
        for (size_t i = 0; i < v.size();) {
            if (isBreakAt(v, i)) {
                if (v[i] == '\n') {
                    putBreak();
                    ++i;
                } else {
                    write(v, i);
                    column_ = 0;
                }
                indention_ = breaks = true;
            } else {
                if (breaks) writeIndent();
                write(v, i);
                indention_ = breaks = false;
            }
        }
    }

    void flowEmpty(std::string_view open, std::string_view close) {
        indicator(open, true, true, false);
        indicator(close, false, false, false);
    }

    void sequence(const nlohmann::json& v, bool mapping) {
        if (v.empty()) return flowEmpty("[", "]");
        increaseIndent(false, mapping && !indention_);
        for (const auto& item : v) {
            writeIndent();
            indicator("-", true, false, true);
            node(item, false, false);
        }
        popIndent();
    }

    void map(const nlohmann::json& v) {
        if (v.empty()) return flowEmpty("{", "}");
        std::vector<const std::string*> keys;
        for (const auto& [k, _] : v.items())
            keys.push_back(&k);
        std::stable_sort(keys.begin(), keys.end(),
                         [](const std::string* a, const std::string* b) { return keyLess(*a, *b); });
        increaseIndent(false, false);
        for (const std::string* k : keys) {
            writeIndent();
            const auto& value = v.at(*k);
            if (!analyze(*k).multiline && k->size() <= 128) {
                node(nlohmann::json(*k), false, true);
                indicator(":", false, false, false);
            } else {
                indicator("?", true, false, true);
                node(nlohmann::json(*k), true, false);
                writeIndent();
                indicator(":", true, false, true);
            }
            node(value, true, false);
        }
        popIndent();
    }

    std::string out_;
    int column_ = 0;
    int indent_ = -1;
    std::vector<int> indents_;
    bool whitespace_ = true;
    bool indention_ = true;
};

} // namespace yamldetail

// Serializes a JSON value as YAML exactly like Go's sigs.k8s.io/yaml.Marshal. Always ends with "\n".
inline std::string toYaml(const nlohmann::json& value) {
    return yamldetail::Emitter().document(value);
}

// Types an untagged plain YAML scalar the way go-yaml v2 (YAML 1.1) does: yes/no/on/off are
// booleans, ~ and null are null, 0x/0o/0b and leading-0 octal integers, floats; timestamps and
// everything else stay strings.
inline nlohmann::json resolveYamlScalar(std::string_view plain) {
    auto r = yamldetail::resolve(plain);
    if (r.kind == yamldetail::Resolved::Timestamp || r.kind == yamldetail::Resolved::Merge)
        return std::string(plain);
    return r.value;
}

} // namespace kmcp::sdk
