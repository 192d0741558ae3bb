#include "GoFormat.h"

#include "Utf8.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace kmcp::helm::tmpl {

namespace {

// Shortest round-trip decimal digits of |v| and the position of the decimal point, the way Go's
// strconv represents a float before laying it out.
struct Digits {
    std::string d;
    int dp = 0;
};

Digits shortestDigits(double v) {
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, std::fabs(v), std::chars_format::scientific);
    std::string s(buf, res.ptr);
    auto e = s.find('e');
    std::string mant = s.substr(0, e);
    int exp = std::stoi(s.substr(e + 1));
    Digits out;
    for (char c : mant)
        if (c != '.') out.d += c;
    while (out.d.size() > 1 && out.d.back() == '0')
        out.d.pop_back();
    out.dp = exp + 1;
    if (out.d == "0") out.dp = 0;
    return out;
}

std::string layoutE(const Digits& dg, bool neg, char e) {
    std::string out = neg ? "-" : "";
    out += dg.d[0];
    if (dg.d.size() > 1) out += "." + dg.d.substr(1);
    int exp = dg.d == "0" ? 0 : dg.dp - 1;
    out += e;
    out += exp < 0 ? '-' : '+';
    int a = std::abs(exp);
    if (a < 10) out += '0';
    out += std::to_string(a);
    return out;
}

std::string layoutF(const Digits& dg, bool neg) {
    std::string out = neg ? "-" : "";
    if (dg.dp <= 0) {
        out += "0";
        if (dg.d != "0") out += "." + std::string(-dg.dp, '0') + dg.d;
    } else if (static_cast<size_t>(dg.dp) >= dg.d.size()) {
        out += dg.d + std::string(dg.dp - dg.d.size(), '0');
    } else {
        out += dg.d.substr(0, dg.dp) + "." + dg.d.substr(dg.dp);
    }
    return out;
}

std::string cFormat(double v, char fmt, int prec) {
    char spec[16];
    std::snprintf(spec, sizeof spec, "%%.%d%c", prec, fmt);
    char buf[512];
    std::snprintf(buf, sizeof buf, spec, v);
    return buf;
}

} // namespace

std::string formatFloat(double v, char fmt, int prec) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
    bool neg = std::signbit(v);
    if (prec >= 0) return cFormat(v, fmt, prec);
    Digits dg = shortestDigits(v);
    switch (fmt) {
    case 'e':
    case 'E':
        return layoutE(dg, neg, fmt);
    case 'f':
    case 'F':
        return layoutF(dg, neg);
    default: {
        int exp = dg.dp - 1;
        if (dg.d == "0") exp = 0;
        // Go switches to exponent form at 1e+06 for shortest output (eprec = 6).
        if (exp < -4 || exp >= 6) return layoutE(dg, neg, fmt == 'G' ? 'E' : 'e');
        return layoutF(dg, neg);
    }
    }
}

namespace {

bool isPrintableRune(char32_t r) {
    if (r < 0x20 || r == 0x7F) return false;
    if (r >= 0x80 && r < 0xA0) return false;
    if (r == 0xAD || r == 0xFEFF || r == 0x2028 || r == 0x2029) return false;
    if (r >= 0xE000 && r <= 0xF8FF) return false;
    return r <= 0x10FFFF && r != 0xFFFD;
}

void appendHex(std::string& out, unsigned long v, int width) {
    static const char* hex = "0123456789abcdef";
    std::string h;
    for (int i = 0; i < width; ++i) {
        h.insert(h.begin(), hex[v & 0xF]);
        v >>= 4;
    }
    out += h;
}

} // namespace

std::string goQuote(const std::string& s) {
    std::string out = "\"";
    for (size_t i = 0; i < s.size();) {
        size_t w;
        char32_t r = utf8::decode(s, i, w);
        if (r == 0xFFFD && w == 1) {
            out += "\\x";
            appendHex(out, static_cast<unsigned char>(s[i]), 2);
            i += w;
            continue;
        }
        switch (r) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\a':
            out += "\\a";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\v':
            out += "\\v";
            break;
        default:
            if (isPrintableRune(r)) {
                out.append(s, i, w);
            } else if (r < 0x80) {
                out += "\\x";
                appendHex(out, r, 2);
            } else if (r < 0x10000) {
                out += "\\u";
                appendHex(out, r, 4);
            } else {
                out += "\\U";
                appendHex(out, r, 8);
            }
        }
        i += w;
    }
    return out + "\"";
}

namespace {

struct Spec {
    bool minus = false, plus = false, sharp = false, space = false, zero = false;
    int width = -1;
    int prec = -1;
    char verb = 'v';
};

std::string pad(const std::string& s, const Spec& sp) {
    if (sp.width < 0) return s;
    size_t n = utf8::runeCount(s);
    if (n >= static_cast<size_t>(sp.width)) return s;
    std::string fill(sp.width - n, (sp.zero && !sp.minus) ? '0' : ' ');
    if (sp.minus) return s + fill;
    if (sp.zero && !s.empty() && (s[0] == '-' || s[0] == '+')) return s.substr(0, 1) + fill + s.substr(1);
    return fill + s;
}

std::string badVerb(const Value& v, char verb) {
    if (v.isNil()) return std::string("%!") + verb + "(<nil>)";
    return std::string("%!") + verb + "(" + v.typeName() + "=" + formatValue(v) + ")";
}

std::string fmtInteger(int64_t n, const Spec& sp) {
    bool neg = n < 0;
    uint64_t u = neg ? static_cast<uint64_t>(-(n + 1)) + 1 : static_cast<uint64_t>(n);
    std::string digits;
    int base = 10;
    bool upper = false;
    switch (sp.verb) {
    case 'x':
        base = 16;
        break;
    case 'X':
        base = 16;
        upper = true;
        break;
    case 'o':
    case 'O':
        base = 8;
        break;
    case 'b':
        base = 2;
        break;
    default:
        break;
    }
    const char* dig = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    if (u == 0) digits = "0";
    while (u > 0) {
        digits.insert(digits.begin(), dig[u % base]);
        u /= base;
    }
    if (sp.prec >= 0 && digits.size() < static_cast<size_t>(sp.prec))
        digits.insert(0, sp.prec - digits.size(), '0');
    if (sp.prec == 0 && n == 0) digits.clear();
    std::string prefix;
    if (sp.verb == 'O') prefix = "0o";
    if (sp.sharp) {
        if (base == 16) prefix = upper ? "0X" : "0x";
        if (base == 8 && digits[0] != '0') prefix = "0";
        if (base == 2) prefix = "0b";
    }
    std::string sign = neg ? "-" : (sp.plus ? "+" : (sp.space ? " " : ""));
    std::string body = prefix + digits;
    if (sp.zero && !sp.minus && sp.width > 0 && sp.prec < 0) {
        int fill = sp.width - static_cast<int>(sign.size() + body.size());
        if (fill > 0) body.insert(prefix.size(), fill, '0');
        return sign + body;
    }
    Spec noZero = sp;
    noZero.zero = false;
    return pad(sign + body, noZero);
}

std::string fmtFloatSpec(double d, const Spec& sp) {
    char verb = sp.verb == 'v' ? 'g' : sp.verb;
    int prec = sp.prec;
    if (prec < 0 && (verb == 'e' || verb == 'E' || verb == 'f' || verb == 'F')) prec = 6;
    std::string s = formatFloat(d, verb, prec);
    if (sp.plus && s[0] != '-' && s[0] != '+')
        s = "+" + s;
    else if (sp.space && s[0] != '-')
        s = " " + s;
    if (s == "+Inf" && !sp.plus) s = sp.space ? " Inf" : "+Inf";
    if (std::isinf(d) || std::isnan(d)) {
        Spec noZero = sp;
        noZero.zero = false;
        return pad(s, noZero);
    }
    return pad(s, sp);
}

std::string hexString(const std::string& s, const Spec& sp) {
    std::string out;
    const char* dig = sp.verb == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
    for (size_t i = 0; i < s.size(); ++i) {
        auto c = static_cast<unsigned char>(s[i]);
        if (sp.space && i > 0) out += ' ';
        if (sp.sharp && (i == 0 || sp.space)) out += sp.verb == 'X' ? "0X" : "0x";
        out += dig[c >> 4];
        out += dig[c & 0xF];
    }
    return out;
}

std::string formatOne(const Value& v, const Spec& sp);

std::string formatComposite(const Value& v, const Spec& sp) {
    Spec inner = sp;
    inner.width = -1;
    std::string out;
    if (v.isList()) {
        out = "[";
        bool first = true;
        for (const auto& e : v.list()) {
            if (!first) out += ' ';
            first = false;
            out += formatOne(e, inner);
        }
        out += "]";
    } else {
        out = "map[";
        bool first = true;
        for (const auto& [k, e] : v.map()) {
            if (!first) out += ' ';
            first = false;
            out += formatOne(Value(k), inner) + ":" + formatOne(e, inner);
        }
        out += "]";
    }
    return pad(out, sp);
}

std::string formatOne(const Value& v, const Spec& sp) {
    char verb = sp.verb;
    if (verb == 'T') return pad(v.typeName(), sp);
    switch (v.kind()) {
    case Value::Kind::Nil:
        if (verb == 'v') return pad("<nil>", sp);
        return badVerb(v, verb);
    case Value::Kind::Bool:
        if (verb == 'v' || verb == 't') return pad(v.asBool() ? "true" : "false", sp);
        return badVerb(v, verb);
    case Value::Kind::Int:
        switch (verb) {
        case 'v':
        case 'd':
        case 'x':
        case 'X':
        case 'o':
        case 'O':
        case 'b': {
            Spec s = sp;
            if (verb == 'v') s.verb = 'd';
            return fmtInteger(v.asInt(), s);
        }
        case 'c': {
            std::string s;
            utf8::append(s, static_cast<char32_t>(v.asInt()));
            return pad(s, sp);
        }
        case 'q': {
            std::string s;
            utf8::append(s, static_cast<char32_t>(v.asInt()));
            std::string q = goQuote(s);
            return pad("'" + q.substr(1, q.size() - 2) + "'", sp);
        }
        case 'U': {
            char buf[32];
            std::snprintf(buf, sizeof buf, "U+%04llX", static_cast<unsigned long long>(v.asInt()));
            return pad(buf, sp);
        }
        case 'e':
        case 'E':
        case 'f':
        case 'F':
        case 'g':
        case 'G':
            return badVerb(v, verb);
        default:
            return badVerb(v, verb);
        }
    case Value::Kind::Float:
        switch (verb) {
        case 'v':
        case 'e':
        case 'E':
        case 'f':
        case 'F':
        case 'g':
        case 'G':
            return fmtFloatSpec(v.asFloat(), sp);
        default:
            return badVerb(v, verb);
        }
    case Value::Kind::String:
    case Value::Kind::Bytes: {
        const std::string& s = v.asString();
        if (v.kind() == Value::Kind::Bytes && verb == 'v') {
            std::string out = "[";
            for (size_t i = 0; i < s.size(); ++i) {
                if (i) out += ' ';
                out += std::to_string(static_cast<unsigned char>(s[i]));
            }
            return pad(out + "]", sp);
        }
        switch (verb) {
        case 'v':
        case 's': {
            if (sp.prec >= 0) {
                auto r = utf8::runes(s);
                if (r.size() > static_cast<size_t>(sp.prec)) r.resize(sp.prec);
                return pad(utf8::fromRunes(r), sp);
            }
            return pad(s, sp);
        }
        case 'q':
            if (sp.sharp && s.find('`') == std::string::npos && s.find('\n') == std::string::npos)
                return pad("`" + s + "`", sp);
            return pad(goQuote(s), sp);
        case 'x':
        case 'X':
            return pad(hexString(s, sp), sp);
        default:
            return badVerb(v, verb);
        }
    }
    case Value::Kind::List:
    case Value::Kind::Map:
        return formatComposite(v, sp);
    case Value::Kind::Object:
        if (verb == 'v' || verb == 's') return pad(v.object()->format(), sp);
        return badVerb(v, verb);
    case Value::Kind::Func:
        return pad("0x1", sp);
    }
    return "";
}

} // namespace

std::string formatValue(const Value& v) {
    return formatOne(v, Spec{});
}

std::string goSprint(const ValueList& args) {
    std::string out;
    bool prevString = false;
    for (size_t i = 0; i < args.size(); ++i) {
        bool isString = args[i].isString();
        if (i > 0 && !isString && !prevString) out += ' ';
        out += formatValue(args[i]);
        prevString = isString;
    }
    return out;
}

std::string goSprintln(const ValueList& args) {
    std::string out;
    for (size_t i = 0; i < args.size(); ++i) {
        if (i > 0) out += ' ';
        out += formatValue(args[i]);
    }
    return out + "\n";
}

std::string goSprintf(const std::string& f, const ValueList& args) {
    std::string out;
    size_t argi = 0;
    size_t i = 0;
    while (i < f.size()) {
        if (f[i] != '%') {
            out += f[i++];
            continue;
        }
        ++i;
        if (i >= f.size()) {
            out += "%!(NOVERB)";
            break;
        }
        Spec sp;
        for (; i < f.size(); ++i) {
            char c = f[i];
            if (c == '-')
                sp.minus = true;
            else if (c == '+')
                sp.plus = true;
            else if (c == '#')
                sp.sharp = true;
            else if (c == ' ')
                sp.space = true;
            else if (c == '0')
                sp.zero = !sp.minus;
            else
                break;
        }
        auto readNum = [&](int& dst) {
            if (i < f.size() && f[i] == '*') {
                ++i;
                if (argi < args.size() && args[argi].isInt()) {
                    dst = static_cast<int>(args[argi].asInt());
                    if (dst < 0) {
                        sp.minus = true;
                        dst = -dst;
                    }
                } else {
                    out += "%!(BADWIDTH)";
                }
                ++argi;
                return;
            }
            if (i < f.size() && std::isdigit(static_cast<unsigned char>(f[i]))) {
                dst = 0;
                while (i < f.size() && std::isdigit(static_cast<unsigned char>(f[i])))
                    dst = dst * 10 + (f[i++] - '0');
            }
        };
        readNum(sp.width);
        if (i < f.size() && f[i] == '.') {
            ++i;
            sp.prec = 0;
            readNum(sp.prec);
        }
        if (i >= f.size()) {
            out += "%!(NOVERB)";
            break;
        }
        size_t w;
        char32_t verb = utf8::decode(f, i, w);
        i += w;
        if (verb == '%') {
            out += '%';
            continue;
        }
        if (argi >= args.size()) {
            out += "%!";
            utf8::append(out, verb);
            out += "(MISSING)";
            continue;
        }
        if (verb > 0x7F || !std::isalpha(static_cast<int>(verb))) {
            out += "%!";
            utf8::append(out, verb);
            out += "(" + args[argi].typeName() + "=" + formatValue(args[argi]) + ")";
            ++argi;
            continue;
        }
        sp.verb = static_cast<char>(verb);
        if (sp.minus) sp.zero = false;
        out += formatOne(args[argi++], sp);
    }
    if (argi < args.size()) {
        out += "%!(EXTRA ";
        for (size_t k = argi; k < args.size(); ++k) {
            if (k > argi) out += ", ";
            out += args[k].typeName() + "=" + formatValue(args[k]);
        }
        out += ")";
    }
    return out;
}

} // namespace kmcp::helm::tmpl
