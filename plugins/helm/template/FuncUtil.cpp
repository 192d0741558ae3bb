#include "FuncUtil.h"

#include "GoFormat.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace kmcp::helm::tmpl {

Function makeFunc(std::vector<ArgType> params, bool variadic, std::function<Value(ValueList&)> f) {
    Function out;
    out.params = std::move(params);
    out.variadic = variadic;
    out.impl = [f = std::move(f)](CallContext&, ValueList& a) { return f(a); };
    return out;
}

namespace {

// cast trims a trailing ".0..." before parsing integers ("3.00" → 3).
std::string trimZeroDecimal(const std::string& s) {
    auto dot = s.find('.');
    if (dot == std::string::npos) return s;
    for (size_t i = dot + 1; i < s.size(); ++i)
        if (s[i] != '0') return s;
    return s.substr(0, dot);
}

bool parseGoInt(const std::string& in, int64_t& out) {
    std::string s;
    for (char c : in)
        if (c != '_') s += c;
    if (s.empty()) return false;
    bool neg = false;
    size_t i = 0;
    if (s[0] == '+' || s[0] == '-') {
        neg = s[0] == '-';
        i = 1;
    }
    int base = 10;
    if (s.size() > i + 1 && s[i] == '0') {
        char p = static_cast<char>(std::tolower(static_cast<unsigned char>(s[i + 1])));
        if (p == 'x') {
            base = 16;
            i += 2;
        } else if (p == 'o') {
            base = 8;
            i += 2;
        } else if (p == 'b') {
            base = 2;
            i += 2;
        } else {
            base = 8;
            i += 1;
        }
    }
    std::string digits = s.substr(i);
    if (digits.empty()) return false;
    errno = 0;
    char* end = nullptr;
    long long v = std::strtoll(digits.c_str(), &end, base);
    if (*end != 0 || errno != 0 || digits[0] == '-' || digits[0] == '+') return false;
    out = neg ? -v : v;
    return true;
}

} // namespace

int64_t toInt64(const Value& v) {
    switch (v.kind()) {
    case Value::Kind::Int:
        return v.asInt();
    case Value::Kind::Float:
        return static_cast<int64_t>(v.asFloat());
    case Value::Kind::Bool:
        return v.asBool() ? 1 : 0;
    case Value::Kind::String: {
        int64_t out = 0;
        if (parseGoInt(trimZeroDecimal(v.asString()), out)) return out;
        return 0;
    }
    default:
        return 0;
    }
}

double toFloat64(const Value& v) {
    switch (v.kind()) {
    case Value::Kind::Int:
        return static_cast<double>(v.asInt());
    case Value::Kind::Float:
        return v.asFloat();
    case Value::Kind::Bool:
        return v.asBool() ? 1 : 0;
    case Value::Kind::String: {
        const std::string& s = v.asString();
        if (s.empty()) return 0;
        char* end = nullptr;
        double d = std::strtod(s.c_str(), &end);
        return *end == 0 ? d : 0;
    }
    default:
        return 0;
    }
}

std::string strval(const Value& v) {
    if (v.isString() || v.kind() == Value::Kind::Bytes) return v.asString();
    return formatValue(v);
}

std::vector<std::string> strslice(const Value& v) {
    std::vector<std::string> out;
    if (v.isList()) {
        for (const auto& e : v.list())
            if (!e.isNil()) out.push_back(strval(e));
        return out;
    }
    if (v.isNil()) return out;
    out.push_back(strval(v));
    return out;
}

const ValueList& requireList(const Value& v, const std::string& what) {
    if (!v.isList()) throw FuncError("Cannot " + what + " on type " + (v.isNil() ? "invalid" : v.kindName()));
    return v.list();
}

bool isEmpty(const Value& v) {
    switch (v.kind()) {
    case Value::Kind::Nil:
        return true;
    case Value::Kind::Bool:
        return !v.asBool();
    case Value::Kind::Int:
        return v.asInt() == 0;
    case Value::Kind::Float:
        return v.asFloat() == 0;
    case Value::Kind::String:
    case Value::Kind::Bytes:
    case Value::Kind::List:
    case Value::Kind::Map:
        return *v.length() == 0;
    case Value::Kind::Object: {
        if (auto d = v.object()->asData()) return isEmpty(*d);
        return false;
    }
    default:
        return false;
    }
}

bool deepEqual(const Value& a, const Value& b) {
    if (a.kind() != b.kind()) return false;
    switch (a.kind()) {
    case Value::Kind::List: {
        if (a.listData().elemType != b.listData().elemType) return false;
        const auto& x = a.list();
        const auto& y = b.list();
        if (x.size() != y.size()) return false;
        for (size_t i = 0; i < x.size(); ++i)
            if (!deepEqual(x[i], y[i])) return false;
        return true;
    }
    case Value::Kind::Map: {
        const auto& x = a.map();
        const auto& y = b.map();
        if (x.size() != y.size()) return false;
        for (const auto& [k, v] : x) {
            auto it = y.find(k);
            if (it == y.end() || !deepEqual(v, it->second)) return false;
        }
        return true;
    }
    default:
        return a.identical(b);
    }
}

std::string pathClean(const std::string& p) {
    if (p.empty()) return ".";
    bool rooted = p[0] == '/';
    std::vector<std::string> out;
    for (const auto& part : splitString(p, "/")) {
        if (part.empty() || part == ".") continue;
        if (part == "..") {
            if (!out.empty() && out.back() != "..")
                out.pop_back();
            else if (!rooted)
                out.push_back("..");
            continue;
        }
        out.push_back(part);
    }
    std::string joined = joinStrings(out, "/");
    if (rooted) return "/" + joined;
    return joined.empty() ? "." : joined;
}

std::string pathBase(std::string p) {
    if (p.empty()) return ".";
    while (p.size() > 1 && p.back() == '/')
        p.pop_back();
    if (p == "/") return "/";
    auto i = p.rfind('/');
    return i == std::string::npos ? p : p.substr(i + 1);
}

std::string pathDir(const std::string& p) {
    auto i = p.rfind('/');
    std::string dir = i == std::string::npos ? "" : p.substr(0, i + 1);
    return pathClean(dir);
}

std::string joinStrings(const std::vector<std::string>& parts, const std::string& sep) {
    std::string out;
    for (size_t i = 0; i < parts.size(); ++i) {
        if (i) out += sep;
        out += parts[i];
    }
    return out;
}

std::vector<std::string> splitString(const std::string& s, const std::string& sep, int n) {
    std::vector<std::string> out;
    if (n == 0) return out;
    if (sep.empty()) {
        // Go splits into UTF-8 sequences; after n-1 pieces the rest stays whole.
        size_t i = 0;
        while (i < s.size()) {
            if (n > 0 && static_cast<int>(out.size()) == n - 1) {
                out.push_back(s.substr(i));
                return out;
            }
            size_t w = 1;
            auto c = static_cast<unsigned char>(s[i]);
            if (c >= 0xF0)
                w = 4;
            else if (c >= 0xE0)
                w = 3;
            else if (c >= 0xC0)
                w = 2;
            out.push_back(s.substr(i, w));
            i += w;
        }
        return out;
    }
    size_t start = 0;
    while (true) {
        if (n > 0 && static_cast<int>(out.size()) == n - 1) break;
        size_t f = s.find(sep, start);
        if (f == std::string::npos) break;
        out.push_back(s.substr(start, f - start));
        start = f + sep.size();
    }
    out.push_back(s.substr(start));
    return out;
}

} // namespace kmcp::helm::tmpl
