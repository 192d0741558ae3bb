#include "Files.h"

#include "FuncUtil.h"
#include "Function.h"
#include "GoFormat.h"
#include "JsonEncode.h"
#include "YamlEmitter.h"

#include <regex>

namespace kmcp::helm::tmpl {

namespace {

bool globToRegex(const std::string& p, std::string& re) {
    int braces = 0;
    for (size_t i = 0; i < p.size(); ++i) {
        char c = p[i];
        switch (c) {
        case '*':
            if (i + 1 < p.size() && p[i + 1] == '*') {
                re += ".*";
                ++i;
            } else {
                re += "[^/]*";
            }
            break;
        case '?':
            re += "[^/]";
            break;
        case '[': {
            size_t j = i + 1;
            std::string cls = "[";
            if (j < p.size() && p[j] == '!') {
                cls += '^';
                ++j;
            }
            bool closed = false;
            for (; j < p.size(); ++j) {
                if (p[j] == ']') {
                    closed = true;
                    break;
                }
                if (p[j] == '\\' || p[j] == '[' || p[j] == '^') cls += '\\';
                cls += p[j];
            }
            if (!closed) return false;
            re += cls + "]";
            i = j;
            break;
        }
        case '{':
            ++braces;
            re += "(?:";
            break;
        case '}':
            if (braces == 0) return false;
            --braces;
            re += ")";
            break;
        case ',':
            re += braces > 0 ? "|" : ",";
            break;
        case '\\':
            if (i + 1 >= p.size()) return false;
            ++i;
            re += '\\';
            re += p[i];
            break;
        default:
            if (std::string(".^$|()+/").find(c) != std::string::npos && c != '/') re += '\\';
            re += c;
        }
    }
    return braces == 0;
}

Value filesOf(const std::map<std::string, std::string>& files) {
    return Value(std::make_shared<Files>(files));
}

std::string toYamlTrimmed(const Value& v) {
    std::string s = toYamlDocument(v);
    if (!s.empty() && s.back() == '\n') s.pop_back();
    return s;
}

} // namespace

bool globMatch(const std::string& pattern, const std::string& name) {
    std::string re;
    if (!globToRegex(pattern, re)) return true;
    try {
        return std::regex_match(name, std::regex(re));
    } catch (const std::regex_error&) {
        return true;
    }
}

std::optional<std::vector<ArgType>> Files::methodParams(const std::string& name) const {
    if (name == "Get" || name == "GetBytes" || name == "Glob" || name == "Lines")
        return std::vector{ArgType::String};
    if (name == "AsConfig" || name == "AsSecrets") return std::vector<ArgType>{};
    return std::nullopt;
}

Value Files::call(const std::string& name, ValueList& args) const {
    if (name == "Get" || name == "GetBytes") {
        auto it = files_.find(args[0].asString());
        std::string content = it == files_.end() ? "" : it->second;
        return name == "Get" ? Value(content) : Value::bytes(content);
    }
    if (name == "Glob") {
        std::map<std::string, std::string> out;
        for (const auto& [k, v] : files_)
            if (globMatch(args[0].asString(), k)) out[k] = v;
        return filesOf(out);
    }
    if (name == "Lines") {
        auto it = files_.find(args[0].asString());
        if (it == files_.end()) throw FuncError("must pass files");
        return Value::stringList(splitString(it->second, "\n"));
    }
    if (name == "AsConfig" || name == "AsSecrets") {
        if (files_.empty()) throw FuncError("must pass files");
        ValueMap m;
        for (const auto& [k, v] : files_)
            m[pathBase(k)] = Value(name == "AsConfig" ? v : goJsonBase64(v));
        return Value(toYamlTrimmed(Value(std::move(m), "string")));
    }
    return Object::call(name, args);
}

Value Files::marshal() const {
    ValueMap m;
    for (const auto& [k, v] : files_)
        m[k] = Value::bytes(v);
    return Value(std::move(m), "[]uint8");
}

std::string Files::format() const {
    return formatValue(marshal());
}

} // namespace kmcp::helm::tmpl
