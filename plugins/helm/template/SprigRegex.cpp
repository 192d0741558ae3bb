#include "FuncUtil.h"
#include "Sprig.h"

#include <regex>

namespace kmcp::helm::tmpl {

namespace {

using A = ArgType;

// Translates the RE2 features charts use into ECMAScript: (?i) flags, (?P<name>...) groups,
// \A and \z anchors.
std::regex compile(const std::string& pattern) {
    std::string p = pattern;
    auto flags = std::regex::ECMAScript;
    if (p.compare(0, 4, "(?i)") == 0) {
        flags |= std::regex::icase;
        p = p.substr(4);
    }
    std::string out;
    for (size_t i = 0; i < p.size(); ++i) {
        if (p.compare(i, 4, "(?P<") == 0) {
            auto e = p.find('>', i);
            if (e != std::string::npos) {
                out += '(';
                i = e;
                continue;
            }
        }
        if (p[i] == '\\' && i + 1 < p.size()) {
            if (p[i + 1] == 'A') {
                out += '^';
                ++i;
                continue;
            }
            if (p[i + 1] == 'z') {
                out += '$';
                ++i;
                continue;
            }
            out += p.substr(i, 2);
            ++i;
            continue;
        }
        out += p[i];
    }
    try {
        return std::regex(out, flags);
    } catch (const std::regex_error& e) {
        throw FuncError("error parsing regexp: " + std::string(e.what()) + ": `" + pattern + "`");
    }
}

// Go's Regexp.Expand: $1, ${1}, $name; $$ is a literal dollar.
std::string expand(const std::string& tmpl, const std::smatch& m) {
    std::string out;
    for (size_t i = 0; i < tmpl.size(); ++i) {
        if (tmpl[i] != '$' || i + 1 >= tmpl.size()) {
            out += tmpl[i];
            continue;
        }
        if (tmpl[i + 1] == '$') {
            out += '$';
            ++i;
            continue;
        }
        std::string name;
        size_t j = i + 1;
        if (tmpl[j] == '{') {
            auto e = tmpl.find('}', j);
            if (e == std::string::npos) {
                out += tmpl[i];
                continue;
            }
            name = tmpl.substr(j + 1, e - j - 1);
            j = e + 1;
        } else {
            while (j < tmpl.size() && (std::isalnum(static_cast<unsigned char>(tmpl[j])) || tmpl[j] == '_'))
                ++j;
            name = tmpl.substr(i + 1, j - i - 1);
        }
        if (name.empty()) {
            out += tmpl[i];
            continue;
        }
        bool numeric = std::all_of(name.begin(), name.end(),
                                   [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
        if (numeric) {
            size_t idx = std::stoul(name);
            if (idx < m.size()) out += m[idx].str();
        }
        i = j - 1;
    }
    return out;
}

std::string replaceAll(const std::string& pattern, const std::string& s, const std::string& repl,
                       bool literal) {
    std::regex re = compile(pattern);
    std::string out;
    auto begin = std::sregex_iterator(s.begin(), s.end(), re);
    size_t last = 0;
    for (auto it = begin; it != std::sregex_iterator(); ++it) {
        const auto& m = *it;
        size_t pos = static_cast<size_t>(m.position(0));
        out += s.substr(last, pos - last);
        out += literal ? repl : expand(repl, m);
        last = pos + static_cast<size_t>(m.length(0));
    }
    out += s.substr(last);
    return out;
}

std::vector<std::string> findAll(const std::string& pattern, const std::string& s, int64_t n) {
    std::regex re = compile(pattern);
    std::vector<std::string> out;
    for (auto it = std::sregex_iterator(s.begin(), s.end(), re); it != std::sregex_iterator(); ++it) {
        if (n >= 0 && static_cast<int64_t>(out.size()) >= n) break;
        out.push_back(it->str(0));
    }
    return out;
}

std::vector<std::string> regexSplit(const std::string& pattern, const std::string& s, int64_t n) {
    std::vector<std::string> out;
    if (n == 0) return out;
    if (!pattern.empty() && s.empty()) return {""};
    std::regex re = compile(pattern);
    size_t beg = 0, end = 0;
    for (auto it = std::sregex_iterator(s.begin(), s.end(), re); it != std::sregex_iterator(); ++it) {
        if (n > 0 && static_cast<int64_t>(out.size()) == n - 1) break;
        end = static_cast<size_t>(it->position(0));
        size_t mend = end + static_cast<size_t>(it->length(0));
        if (mend != 0) out.push_back(s.substr(beg, end - beg));
        beg = mend;
    }
    if (end != s.size()) out.push_back(s.substr(beg));
    return out;
}

void both(FuncMap& fns, const std::string& name, std::vector<ArgType> params,
          std::function<Value(ValueList&)> f) {
    fns[name] = makeFunc(params, false, f);
    std::string must = "must" + std::string(1, static_cast<char>(std::toupper(name[0]))) + name.substr(1);
    fns[must] = makeFunc(params, false, f);
}

} // namespace

void installSprigRegex(FuncMap& fns) {
    both(fns, "regexMatch", {A::String, A::String},
         [](ValueList& a) { return Value(std::regex_search(a[1].asString(), compile(a[0].asString()))); });
    both(fns, "regexFindAll", {A::String, A::String, A::Int}, [](ValueList& a) {
        return Value::stringList(findAll(a[0].asString(), a[1].asString(), a[2].asInt()));
    });
    both(fns, "regexFind", {A::String, A::String}, [](ValueList& a) {
        auto all = findAll(a[0].asString(), a[1].asString(), 1);
        return Value(all.empty() ? "" : all[0]);
    });
    both(fns, "regexReplaceAll", {A::String, A::String, A::String}, [](ValueList& a) {
        return Value(replaceAll(a[0].asString(), a[1].asString(), a[2].asString(), false));
    });
    both(fns, "regexReplaceAllLiteral", {A::String, A::String, A::String}, [](ValueList& a) {
        return Value(replaceAll(a[0].asString(), a[1].asString(), a[2].asString(), true));
    });
    both(fns, "regexSplit", {A::String, A::String, A::Int}, [](ValueList& a) {
        return Value::stringList(regexSplit(a[0].asString(), a[1].asString(), a[2].asInt()));
    });
    fns["regexQuoteMeta"] = makeFunc({A::String}, false, [](ValueList& a) {
        std::string out;
        for (char c : a[0].asString()) {
            if (std::string("\\.+*?()|[]{}^$").find(c) != std::string::npos) out += '\\';
            out += c;
        }
        return Value(out);
    });
}

} // namespace kmcp::helm::tmpl
