#include "YamlResolve.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <regex>
#include <unordered_map>

namespace kmcp::helm::tmpl {

namespace {

struct Known {
    YamlTag tag;
    int value; // bool 0/1, or float special index
};

const std::unordered_map<std::string, Known>& knownScalars() {
    static const std::unordered_map<std::string, Known> m = [] {
        std::unordered_map<std::string, Known> k;
        for (const char* s : {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"})
            k[s] = {YamlTag::Bool, 1};
        for (const char* s : {"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"})
            k[s] = {YamlTag::Bool, 0};
        for (const char* s : {"", "~", "null", "Null", "NULL"})
            k[s] = {YamlTag::Null, 0};
        for (const char* s : {".nan", ".NaN", ".NAN"})
            k[s] = {YamlTag::Float, 0};
        for (const char* s : {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"})
            k[s] = {YamlTag::Float, 1};
        for (const char* s : {"-.inf", "-.Inf", "-.INF"})
            k[s] = {YamlTag::Float, 2};
        k["<<"] = {YamlTag::Merge, 0};
        return k;
    }();
    return m;
}

char hint(char c) {
    if (c == '+' || c == '-') return 'S';
    if (c >= '0' && c <= '9') return 'D';
    switch (c) {
    case 'y':
    case 'Y':
    case 'n':
    case 'N':
    case 't':
    case 'T':
    case 'f':
    case 'F':
    case 'o':
    case 'O':
    case '~':
        return 'M';
    case '.':
        return '.';
    default:
        return 0;
    }
}

bool parseGoIntBase0(const std::string& s, bool& isUnsignedOnly, long long& v, unsigned long long& u) {
    if (s.empty()) return false;
    size_t i = 0;
    bool neg = false;
    if (s[0] == '+' || s[0] == '-') {
        neg = s[0] == '-';
        i = 1;
    }
    int base = 10;
    if (s.size() > i + 1 && s[i] == '0') {
        char p = s[i + 1];
        if (p == 'x' || p == 'X') {
            base = 16;
            i += 2;
        } else if (p == 'o' || p == 'O') {
            base = 8;
            i += 2;
        } else if (p == 'b' || p == 'B') {
            base = 2;
            i += 2;
        } else {
            base = 8;
            i += 1;
        }
    }
    std::string digits = s.substr(i);
    if (digits.empty() || digits[0] == '-' || digits[0] == '+') return false;
    for (char c : digits) {
        int d = std::isdigit(static_cast<unsigned char>(c))   ? c - '0'
                : std::isalpha(static_cast<unsigned char>(c)) ? std::tolower(c) - 'a' + 10
                                                              : 99;
        if (d >= base) return false;
    }
    errno = 0;
    u = std::strtoull(digits.c_str(), nullptr, base);
    if (errno != 0) return false;
    if (neg) {
        if (u > 9223372036854775808ULL) return false;
        v = static_cast<long long>(0 - u);
        isUnsignedOnly = false;
        return true;
    }
    isUnsignedOnly = u > 9223372036854775807ULL;
    v = static_cast<long long>(u);
    return true;
}

bool isTimestamp(const std::string& s) {
    static const std::regex re(
        R"(^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(([Tt]| +)[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]*)?( *(Z|[-+][0-9]{1,2}(:[0-9]{2})?))?)?$)");
    return std::regex_match(s, re);
}

} // namespace

bool isBase60Float(const std::string& s) {
    static const std::regex re(R"(^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$)");
    if (s.empty()) return false;
    char c = s[0];
    if (!(c == '+' || c == '-' || (c >= '0' && c <= '9')) || s.find(':') == std::string::npos) return false;
    return std::regex_match(s, re);
}

YamlTag resolvePlainScalar(const std::string& s, Value* out) {
    char h = s.empty() ? 'N' : hint(s[0]);
    if (h == 0) {
        if (out) *out = Value(s);
        return YamlTag::Str;
    }
    if (auto it = knownScalars().find(s); it != knownScalars().end()) {
        const Known& k = it->second;
        if (out) {
            if (k.tag == YamlTag::Bool)
                *out = Value(k.value == 1);
            else if (k.tag == YamlTag::Null)
                *out = Value();
            else if (k.tag == YamlTag::Float)
                *out = Value(k.value == 0 ? std::nan("") : (k.value == 1 ? INFINITY : -INFINITY));
            else
                *out = Value(s);
        }
        return k.tag;
    }
    if (h == 'M' || h == 'N') {
        if (out) *out = Value(s);
        return YamlTag::Str;
    }
    if (h == '.') {
        char* end = nullptr;
        double d = std::strtod(s.c_str(), &end);
        if (*end == 0 && s.size() > 1) {
            if (out) *out = Value(d);
            return YamlTag::Float;
        }
        if (out) *out = Value(s);
        return YamlTag::Str;
    }
    if (isTimestamp(s)) {
        if (out) *out = Value(s);
        return YamlTag::Timestamp;
    }
    std::string plain;
    for (char c : s)
        if (c != '_') plain += c;
    bool unsignedOnly = false;
    long long v = 0;
    unsigned long long u = 0;
    if (parseGoIntBase0(plain, unsignedOnly, v, u)) {
        if (out) *out = unsignedOnly ? Value(static_cast<double>(u)) : Value::int64(v);
        return YamlTag::Int;
    }
    static const std::regex floatRe(R"(^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$)");
    if (std::regex_match(plain, floatRe)) {
        if (out) *out = Value(std::strtod(plain.c_str(), nullptr));
        return YamlTag::Float;
    }
    if (out) *out = Value(s);
    return YamlTag::Str;
}

} // namespace kmcp::helm::tmpl
