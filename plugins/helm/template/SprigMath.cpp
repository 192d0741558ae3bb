#include "FuncUtil.h"
#include "GoFormat.h"
#include "Sprig.h"

#include <cmath>

namespace kmcp::helm::tmpl {

namespace {

using A = ArgType;

Value i64(int64_t v) {
    return Value::int64(v);
}

// Sprig's float helpers go through shopspring/decimal built from each operand's shortest decimal
// form, so 0.1 + 0.2 is exactly 0.3. A scaled 128-bit integer reproduces that when it fits.
struct Decimal {
    __int128 mant = 0;
    int scale = 0; // value = mant / 10^scale
    bool ok = true;
};

Decimal toDecimal(double d) {
    Decimal out;
    if (!std::isfinite(d)) {
        out.ok = false;
        return out;
    }
    std::string s = formatFloat(d, 'e', -1);
    auto e = s.find('e');
    std::string mant = s.substr(0, e);
    int exp = std::stoi(s.substr(e + 1));
    bool neg = mant[0] == '-';
    if (neg) mant = mant.substr(1);
    std::string digits;
    int frac = 0;
    bool seenDot = false;
    for (char c : mant) {
        if (c == '.') {
            seenDot = true;
            continue;
        }
        digits += c;
        if (seenDot) ++frac;
    }
    int scale = frac - exp;
    if (scale < 0) {
        digits.append(-scale, '0');
        scale = 0;
    }
    if (digits.size() > 36 || scale > 36) {
        out.ok = false;
        return out;
    }
    for (char c : digits)
        out.mant = out.mant * 10 + (c - '0');
    if (neg) out.mant = -out.mant;
    out.scale = scale;
    return out;
}

__int128 pow10(int n) {
    __int128 r = 1;
    for (int i = 0; i < n; ++i)
        r *= 10;
    return r;
}

double toDouble(const Decimal& d) {
    __int128 m = d.mant < 0 ? -d.mant : d.mant;
    std::string digits;
    if (m == 0) digits = "0";
    while (m > 0) {
        digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(m % 10)));
        m /= 10;
    }
    std::string text = (d.mant < 0 ? "-" : "") + digits + "e-" + std::to_string(d.scale);
    return std::strtod(text.c_str(), nullptr);
}

bool fits(const Decimal& a) {
    return a.ok && a.scale <= 36;
}

double decimalFold(const ValueList& a, int op) {
    double plain = a.empty() ? 0 : toFloat64(a[0]);
    Decimal acc = toDecimal(plain);
    if (op == 0) {
        acc = Decimal{};
        plain = 0;
    }
    for (size_t i = op == 0 ? 0 : 1; i < a.size(); ++i) {
        double x = toFloat64(a[i]);
        Decimal d = toDecimal(x);
        if (op == 0)
            plain += x;
        else if (op == 1)
            plain -= x;
        else
            plain *= x;
        if (!fits(acc) || !fits(d)) {
            acc.ok = false;
            continue;
        }
        if (op == 2) {
            if (acc.scale + d.scale > 36) {
                acc.ok = false;
                continue;
            }
            __int128 limit = pow10(36);
            __int128 am = acc.mant < 0 ? -acc.mant : acc.mant;
            __int128 dm = d.mant < 0 ? -d.mant : d.mant;
            if (am != 0 && dm > limit / am) {
                acc.ok = false;
                continue;
            }
            acc.mant *= d.mant;
            acc.scale += d.scale;
            continue;
        }
        int scale = std::max(acc.scale, d.scale);
        __int128 x1 = acc.mant * pow10(scale - acc.scale);
        __int128 x2 = d.mant * pow10(scale - d.scale);
        acc.mant = op == 0 ? x1 + x2 : x1 - x2;
        acc.scale = scale;
    }
    return acc.ok ? toDouble(acc) : plain;
}

} // namespace

void installSprigMath(FuncMap& fns) {
    fns["add"] = makeFunc({A::Any}, true, [](ValueList& a) {
        int64_t s = 0;
        for (const auto& v : a)
            s += toInt64(v);
        return i64(s);
    });
    fns["add1"] = makeFunc({A::Any}, false, [](ValueList& a) { return i64(toInt64(a[0]) + 1); });
    fns["sub"] =
        makeFunc({A::Any, A::Any}, false, [](ValueList& a) { return i64(toInt64(a[0]) - toInt64(a[1])); });
    fns["div"] = makeFunc({A::Any, A::Any}, false, [](ValueList& a) {
        int64_t b = toInt64(a[1]);
        if (b == 0) throw FuncError("runtime error: integer divide by zero");
        return i64(toInt64(a[0]) / b);
    });
    fns["mod"] = makeFunc({A::Any, A::Any}, false, [](ValueList& a) {
        int64_t b = toInt64(a[1]);
        if (b == 0) throw FuncError("runtime error: integer divide by zero");
        return i64(toInt64(a[0]) % b);
    });
    fns["mul"] = makeFunc({A::Any, A::Any}, true, [](ValueList& a) {
        int64_t p = toInt64(a[0]);
        for (size_t i = 1; i < a.size(); ++i)
            p *= toInt64(a[i]);
        return i64(p);
    });
    auto maxFn = [](ValueList& a) {
        int64_t m = toInt64(a[0]);
        for (size_t i = 1; i < a.size(); ++i)
            m = std::max(m, toInt64(a[i]));
        return i64(m);
    };
    fns["max"] = makeFunc({A::Any, A::Any}, true, maxFn);
    fns["biggest"] = makeFunc({A::Any, A::Any}, true, maxFn);
    fns["min"] = makeFunc({A::Any, A::Any}, true, [](ValueList& a) {
        int64_t m = toInt64(a[0]);
        for (size_t i = 1; i < a.size(); ++i)
            m = std::min(m, toInt64(a[i]));
        return i64(m);
    });
    fns["maxf"] = makeFunc({A::Any, A::Any}, true, [](ValueList& a) {
        double m = toFloat64(a[0]);
        for (size_t i = 1; i < a.size(); ++i)
            m = std::fmax(m, toFloat64(a[i]));
        return Value(m);
    });
    fns["minf"] = makeFunc({A::Any, A::Any}, true, [](ValueList& a) {
        double m = toFloat64(a[0]);
        for (size_t i = 1; i < a.size(); ++i)
            m = std::fmin(m, toFloat64(a[i]));
        return Value(m);
    });
    fns["addf"] = makeFunc({A::Any}, true, [](ValueList& a) { return Value(decimalFold(a, 0)); });
    fns["add1f"] = makeFunc({A::Any}, false, [](ValueList& a) {
        ValueList l{a[0], Value(1.0)};
        return Value(decimalFold(l, 0));
    });
    fns["subf"] = makeFunc({A::Any, A::Any}, true, [](ValueList& a) { return Value(decimalFold(a, 1)); });
    fns["mulf"] = makeFunc({A::Any, A::Any}, true, [](ValueList& a) { return Value(decimalFold(a, 2)); });
    fns["divf"] = makeFunc({A::Any, A::Any}, true, [](ValueList& a) {
        double q = toFloat64(a[0]);
        for (size_t i = 1; i < a.size(); ++i) {
            double d = toFloat64(a[i]);
            if (d == 0) throw FuncError("decimal division by 0");
            q /= d;
        }
        return Value(q);
    });
    fns["floor"] = makeFunc({A::Any}, false, [](ValueList& a) { return Value(std::floor(toFloat64(a[0]))); });
    fns["ceil"] = makeFunc({A::Any}, false, [](ValueList& a) { return Value(std::ceil(toFloat64(a[0]))); });
    fns["round"] = makeFunc({A::Any, A::Int, A::Float64}, true, [](ValueList& a) {
        double roundOn = a.size() > 2 ? a[2].asFloat() : 0.5;
        double val = toFloat64(a[0]);
        double pow = std::pow(10.0, static_cast<double>(a[1].asInt()));
        double digit = pow * val;
        double intPart;
        double frac = std::modf(digit, &intPart);
        double r = frac >= roundOn ? std::ceil(digit) : std::floor(digit);
        return Value(r / pow);
    });
    fns["int"] =
        makeFunc({A::Any}, false, [](ValueList& a) { return Value(toInt64(a[0]), Value::IntType::Int); });
    fns["int64"] = makeFunc({A::Any}, false, [](ValueList& a) { return i64(toInt64(a[0])); });
    fns["float64"] = makeFunc({A::Any}, false, [](ValueList& a) { return Value(toFloat64(a[0])); });
    fns["atoi"] = makeFunc({A::String}, false, [](ValueList& a) {
        const std::string& s = a[0].asString();
        std::string body = s;
        if (!body.empty() && (body[0] == '+' || body[0] == '-')) body = body.substr(1);
        bool ok = !body.empty() && std::all_of(body.begin(), body.end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c));
        });
        return Value(ok ? std::strtoll(s.c_str(), nullptr, 10) : 0, Value::IntType::Int);
    });
    fns["toDecimal"] = makeFunc({A::Any}, false, [](ValueList& a) {
        std::string s = formatValue(a[0]);
        char* end = nullptr;
        long long v = std::strtoll(s.c_str(), &end, 8);
        bool ok = !s.empty() && *end == 0 && s.find_first_not_of("+-01234567") == std::string::npos;
        return i64(ok ? v : 0);
    });
}

} // namespace kmcp::helm::tmpl
