#include "FuncUtil.h"
#include "GoFormat.h"
#include "Sprig.h"
#include "Utf8.h"

#include <algorithm>
#include <random>

namespace kmcp::helm::tmpl {

namespace {

using A = ArgType;

std::string trimSpace(const std::string& s) {
    auto r = utf8::runes(s);
    size_t b = 0, e = r.size();
    while (b < e && utf8::isSpace(r[b]))
        ++b;
    while (e > b && utf8::isSpace(r[e - 1]))
        --e;
    return utf8::fromRunes(std::vector<char32_t>(r.begin() + b, r.begin() + e));
}

std::string trimCutset(const std::string& s, const std::string& cutset) {
    auto r = utf8::runes(s);
    auto cut = utf8::runes(cutset);
    auto in = [&](char32_t c) { return std::find(cut.begin(), cut.end(), c) != cut.end(); };
    size_t b = 0, e = r.size();
    while (b < e && in(r[b]))
        ++b;
    while (e > b && in(r[e - 1]))
        --e;
    return utf8::fromRunes(std::vector<char32_t>(r.begin() + b, r.begin() + e));
}

std::string mapRunes(const std::string& s, char32_t (*f)(char32_t)) {
    auto r = utf8::runes(s);
    for (auto& c : r)
        c = f(c);
    return utf8::fromRunes(r);
}

// strings.Title: upper-case letters that start a word (after a separator).
std::string title(const std::string& s) {
    auto r = utf8::runes(s);
    char32_t prev = ' ';
    for (auto& c : r) {
        bool sep = !(utf8::isLetter(prev) || utf8::isDigit(prev) || prev == '_');
        if (prev >= 0x80) sep = utf8::isSpace(prev);
        if (sep) c = utf8::toUpper(c);
        prev = c;
    }
    return utf8::fromRunes(r);
}

std::string untitle(const std::string& s) {
    auto r = utf8::runes(s);
    bool start = true;
    for (auto& c : r) {
        if (utf8::isSpace(c)) {
            start = true;
            continue;
        }
        if (start) c = utf8::toLower(c);
        start = false;
    }
    return utf8::fromRunes(r);
}

std::string swapcase(const std::string& s) {
    auto r = utf8::runes(s);
    for (auto& c : r) {
        if (utf8::isUpper(c))
            c = utf8::toLower(c);
        else if (utf8::isLower(c))
            c = utf8::toUpper(c);
    }
    return utf8::fromRunes(r);
}

// Splits identifiers into words at separators and case changes ("HTTPServer2x" → HTTP, Server2x).
std::vector<std::string> identifierWords(const std::string& s) {
    auto r = utf8::runes(s);
    std::vector<std::string> words;
    std::vector<char32_t> cur;
    auto flush = [&] {
        if (!cur.empty()) words.push_back(utf8::fromRunes(cur));
        cur.clear();
    };
    for (size_t i = 0; i < r.size(); ++i) {
        char32_t c = r[i];
        if (c == '_' || c == '-' || c == ' ' || c == '.' || utf8::isSpace(c)) {
            flush();
            continue;
        }
        if (!cur.empty() && utf8::isUpper(c)) {
            char32_t p = cur.back();
            bool nextLower = i + 1 < r.size() && utf8::isLower(r[i + 1]);
            if (utf8::isLower(p) || utf8::isDigit(p) || (utf8::isUpper(p) && nextLower)) flush();
        }
        cur.push_back(c);
    }
    flush();
    return words;
}

std::string joinLowerWords(const std::string& s, const std::string& sep) {
    auto words = identifierWords(s);
    for (auto& w : words)
        w = mapRunes(w, utf8::toLower);
    return joinStrings(words, sep);
}

std::string camelcase(const std::string& s) {
    auto r = utf8::runes(s);
    std::vector<char32_t> out;
    bool upperNext = true;
    for (char32_t c : r) {
        if (c == '_' || c == '-' || c == ' ') {
            upperNext = true;
            continue;
        }
        out.push_back(upperNext ? utf8::toUpper(c) : c);
        upperNext = false;
    }
    return utf8::fromRunes(out);
}

std::string initials(const std::string& s) {
    std::vector<char32_t> out;
    bool start = true;
    for (char32_t c : utf8::runes(s)) {
        if (utf8::isSpace(c)) {
            start = true;
            continue;
        }
        if (start) out.push_back(c);
        start = false;
    }
    return utf8::fromRunes(out);
}

// Apache-commons style word wrapping, as Sprig's wrap/wrapWith do it.
std::string wrapCustom(const std::string& str, int wrapLength, std::string newLine, bool wrapLongWords) {
    if (str.empty()) return "";
    if (newLine.empty()) newLine = "\n";
    if (wrapLength < 1) wrapLength = 1;
    size_t len = str.size();
    size_t offset = 0;
    std::string out;
    size_t wl = static_cast<size_t>(wrapLength);
    while (len - offset > wl) {
        if (str[offset] == ' ') {
            ++offset;
            continue;
        }
        size_t end = std::min(wl + offset + 1, len);
        size_t sp = str.substr(offset, end - offset).rfind(' ');
        if (sp != std::string::npos) {
            out += str.substr(offset, sp) + newLine;
            offset += sp + 1;
        } else if (wrapLongWords) {
            out += str.substr(offset, wl) + newLine;
            offset += wl;
        } else {
            size_t next = str.find(' ', wl + offset);
            if (next != std::string::npos) {
                out += str.substr(offset, next - offset) + newLine;
                offset = next + 1;
            } else {
                out += str.substr(offset);
                offset = len;
            }
        }
    }
    out += str.substr(offset);
    return out;
}

std::string randomString(int count, const std::string& alphabet) {
    static thread_local std::mt19937_64 rng{std::random_device{}()};
    std::uniform_int_distribution<size_t> pick(0, alphabet.size() - 1);
    std::string out;
    for (int i = 0; i < count; ++i)
        out += alphabet[pick(rng)];
    return out;
}

std::string substr(int64_t start, int64_t end, const std::string& s) {
    int64_t n = static_cast<int64_t>(s.size());
    auto check = [&](int64_t a, int64_t b) {
        if (a < 0 || b > n || a > b)
            throw FuncError("runtime error: slice bounds out of range [" + std::to_string(a) + ":" +
                            std::to_string(b) + "]");
    };
    if (start < 0) {
        check(0, end);
        return s.substr(0, end);
    }
    if (end < 0 || end > n) {
        check(start, n);
        return s.substr(start);
    }
    check(start, end);
    return s.substr(start, end - start);
}

} // namespace

void installSprigStrings(FuncMap& fns) {
    auto str1 = [&](const char* name, std::function<std::string(const std::string&)> f) {
        fns[name] = makeFunc({A::String}, false, [f](ValueList& a) { return Value(f(a[0].asString())); });
    };
    str1("trim", trimSpace);
    str1("upper", [](const std::string& s) { return mapRunes(s, utf8::toUpper); });
    str1("lower", [](const std::string& s) { return mapRunes(s, utf8::toLower); });
    str1("title", title);
    str1("untitle", untitle);
    str1("swapcase", swapcase);
    str1("snakecase", [](const std::string& s) { return joinLowerWords(s, "_"); });
    str1("kebabcase", [](const std::string& s) { return joinLowerWords(s, "-"); });
    str1("camelcase", camelcase);
    str1("initials", initials);
    str1("nospace", [](const std::string& s) {
        std::vector<char32_t> out;
        for (char32_t c : utf8::runes(s))
            if (!utf8::isSpace(c)) out.push_back(c);
        return utf8::fromRunes(out);
    });
    str1("shuffle", [](const std::string& s) {
        static thread_local std::mt19937_64 rng{std::random_device{}()};
        auto r = utf8::runes(s);
        std::shuffle(r.begin(), r.end(), rng);
        return utf8::fromRunes(r);
    });
    fns["trimAll"] = makeFunc({A::String, A::String}, false, [](ValueList& a) {
        return Value(trimCutset(a[1].asString(), a[0].asString()));
    });
    fns["trimall"] = fns["trimAll"];
    fns["trimPrefix"] = makeFunc({A::String, A::String}, false, [](ValueList& a) {
        const auto& p = a[0].asString();
        const auto& s = a[1].asString();
        return Value(s.compare(0, p.size(), p) == 0 ? s.substr(p.size()) : s);
    });
    fns["trimSuffix"] = makeFunc({A::String, A::String}, false, [](ValueList& a) {
        const auto& p = a[0].asString();
        const auto& s = a[1].asString();
        bool has = s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0;
        return Value(has ? s.substr(0, s.size() - p.size()) : s);
    });
    fns["contains"] = makeFunc({A::String, A::String}, false, [](ValueList& a) {
        return Value(a[1].asString().find(a[0].asString()) != std::string::npos);
    });
    fns["hasPrefix"] = makeFunc({A::String, A::String}, false, [](ValueList& a) {
        return Value(a[1].asString().compare(0, a[0].asString().size(), a[0].asString()) == 0);
    });
    fns["hasSuffix"] = makeFunc({A::String, A::String}, false, [](ValueList& a) {
        const auto& p = a[0].asString();
        const auto& s = a[1].asString();
        return Value(s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0);
    });
    fns["repeat"] = makeFunc({A::Int, A::String}, false, [](ValueList& a) {
        if (a[0].asInt() < 0) throw FuncError("strings: negative Repeat count");
        std::string out;
        for (int64_t i = 0; i < a[0].asInt(); ++i)
            out += a[1].asString();
        return Value(out);
    });
    fns["substr"] = makeFunc({A::Int, A::Int, A::String}, false, [](ValueList& a) {
        return Value(substr(a[0].asInt(), a[1].asInt(), a[2].asString()));
    });
    fns["trunc"] = makeFunc({A::Int, A::String}, false, [](ValueList& a) {
        int64_t c = a[0].asInt();
        const std::string& s = a[1].asString();
        int64_t n = static_cast<int64_t>(s.size());
        if (c < 0 && n + c > 0) return Value(s.substr(n + c));
        if (c >= 0 && n > c) return Value(s.substr(0, c));
        return Value(s);
    });
    fns["abbrev"] = makeFunc({A::Int, A::String}, false, [](ValueList& a) {
        int64_t w = a[0].asInt();
        const std::string& s = a[1].asString();
        if (w < 4 || static_cast<int64_t>(s.size()) <= w) return Value(s);
        return Value(s.substr(0, w - 3) + "...");
    });
    fns["abbrevboth"] = makeFunc({A::Int, A::Int, A::String}, false, [](ValueList& a) {
        int64_t off = a[0].asInt(), w = a[1].asInt();
        std::string s = a[2].asString();
        int64_t n = static_cast<int64_t>(s.size());
        if (w < 4 || n <= w) return Value(s);
        if (off > n) off = n;
        if (n - off < w - 3) off = n - (w - 3);
        if (off <= 4) return Value(s.substr(0, w - 3) + "...");
        if (w < 7) return Value(s);
        if (off + w - 3 < n) {
            std::string rest = s.substr(off);
            std::string ab =
                static_cast<int64_t>(rest.size()) <= w - 3 ? rest : rest.substr(0, w - 6) + "...";
            return Value("..." + ab);
        }
        return Value("..." + s.substr(n - (w - 3)));
    });
    fns["wrap"] = makeFunc({A::Int, A::String}, false, [](ValueList& a) {
        return Value(wrapCustom(a[1].asString(), static_cast<int>(a[0].asInt()), "\n", false));
    });
    fns["wrapWith"] = makeFunc({A::Int, A::String, A::String}, false, [](ValueList& a) {
        return Value(wrapCustom(a[2].asString(), static_cast<int>(a[0].asInt()), a[1].asString(), true));
    });
    fns["quote"] = makeFunc({A::Any}, true, [](ValueList& a) {
        std::vector<std::string> out;
        for (const auto& v : a)
            if (!v.isNil()) out.push_back(goQuote(strval(v)));
        return Value(joinStrings(out, " "));
    });
    fns["squote"] = makeFunc({A::Any}, true, [](ValueList& a) {
        std::vector<std::string> out;
        for (const auto& v : a)
            if (!v.isNil()) out.push_back("'" + strval(v) + "'");
        return Value(joinStrings(out, " "));
    });
    fns["cat"] = makeFunc({A::Any}, true, [](ValueList& a) {
        std::vector<std::string> out;
        for (const auto& v : a)
            if (!v.isNil()) out.push_back(formatValue(v));
        return Value(joinStrings(out, " "));
    });
    fns["indent"] = makeFunc({A::Int, A::String}, false, [](ValueList& a) {
        std::string pad(static_cast<size_t>(std::max<int64_t>(0, a[0].asInt())), ' ');
        std::string out = pad;
        for (char c : a[1].asString()) {
            out += c;
            if (c == '\n') out += pad;
        }
        return Value(out);
    });
    fns["nindent"] = makeFunc({A::Int, A::String}, false, [](ValueList& a) {
        std::string pad(static_cast<size_t>(std::max<int64_t>(0, a[0].asInt())), ' ');
        std::string out = "\n" + pad;
        for (char c : a[1].asString()) {
            out += c;
            if (c == '\n') out += pad;
        }
        return Value(out);
    });
    fns["replace"] = makeFunc({A::String, A::String, A::String}, false, [](ValueList& a) {
        const std::string& from = a[0].asString();
        const std::string& to = a[1].asString();
        const std::string& s = a[2].asString();
        if (from.empty()) {
            auto r = utf8::runes(s);
            std::string out = to;
            for (char32_t c : r) {
                utf8::append(out, c);
                out += to;
            }
            return Value(out);
        }
        return Value(joinStrings(splitString(s, from), to));
    });
    fns["plural"] = makeFunc({A::String, A::String, A::Int}, false,
                             [](ValueList& a) { return Value(a[2].asInt() == 1 ? a[0] : a[1]); });
    fns["randAlphaNum"] = makeFunc({A::Int}, false, [](ValueList& a) {
        return Value(randomString(static_cast<int>(a[0].asInt()),
                                  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"));
    });
    fns["randAlpha"] = makeFunc({A::Int}, false, [](ValueList& a) {
        return Value(randomString(static_cast<int>(a[0].asInt()),
                                  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"));
    });
    fns["randNumeric"] = makeFunc({A::Int}, false, [](ValueList& a) {
        return Value(randomString(static_cast<int>(a[0].asInt()), "0123456789"));
    });
    fns["randAscii"] = makeFunc({A::Int}, false, [](ValueList& a) {
        std::string printable;
        for (char c = ' '; c <= '~'; ++c)
            printable += c;
        return Value(randomString(static_cast<int>(a[0].asInt()), printable));
    });
    fns["randInt"] = makeFunc({A::Int, A::Int}, false, [](ValueList& a) {
        static thread_local std::mt19937_64 rng{std::random_device{}()};
        int64_t lo = a[0].asInt(), hi = a[1].asInt();
        if (hi <= lo) throw FuncError("invalid argument to Intn");
        std::uniform_int_distribution<int64_t> pick(lo, hi - 1);
        return Value(pick(rng), Value::IntType::Int);
    });
    fns["splitList"] = makeFunc({A::String, A::String}, false, [](ValueList& a) {
        return Value::stringList(splitString(a[1].asString(), a[0].asString()));
    });
    fns["split"] = makeFunc({A::String, A::String}, false, [](ValueList& a) {
        auto parts = splitString(a[1].asString(), a[0].asString());
        ValueMap m;
        for (size_t i = 0; i < parts.size(); ++i)
            m["_" + std::to_string(i)] = Value(parts[i]);
        return Value(std::move(m), "string");
    });
    fns["splitn"] = makeFunc({A::String, A::Int, A::String}, false, [](ValueList& a) {
        auto parts = splitString(a[2].asString(), a[0].asString(), static_cast<int>(a[1].asInt()));
        ValueMap m;
        for (size_t i = 0; i < parts.size(); ++i)
            m["_" + std::to_string(i)] = Value(parts[i]);
        return Value(std::move(m), "string");
    });
    fns["join"] = makeFunc({A::String, A::Any}, false,
                           [](ValueList& a) { return Value(joinStrings(strslice(a[1]), a[0].asString())); });
    fns["sortAlpha"] = makeFunc({A::Any}, false, [](ValueList& a) {
        if (!a[0].isList()) return Value::stringList({strval(a[0])});
        auto s = strslice(a[0]);
        std::sort(s.begin(), s.end());
        return Value::stringList(s);
    });
    fns["toString"] = makeFunc({A::Any}, false, [](ValueList& a) { return Value(strval(a[0])); });
    fns["toStrings"] = makeFunc({A::Any}, false, [](ValueList& a) {
        if (a[0].isNil()) return Value::stringList({});
        return Value::stringList(strslice(a[0]));
    });
    fns["hello"] = makeFunc({}, false, [](ValueList&) { return Value("Hello!"); });
    str1("base", pathBase);
    str1("dir", pathDir);
    str1("clean", pathClean);
    fns["ext"] = makeFunc({A::String}, false, [](ValueList& a) {
        const std::string& p = a[0].asString();
        for (size_t i = p.size(); i > 0; --i) {
            if (p[i - 1] == '/') break;
            if (p[i - 1] == '.') return Value(p.substr(i - 1));
        }
        return Value("");
    });
    fns["isAbs"] = makeFunc({A::String}, false, [](ValueList& a) {
        return Value(!a[0].asString().empty() && a[0].asString()[0] == '/');
    });
}

} // namespace kmcp::helm::tmpl
