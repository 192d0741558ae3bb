#include "TomlEncode.h"

#include "Function.h"
#include "GoFormat.h"

#include <cmath>

namespace kmcp::helm::tmpl {

namespace {

bool isBareKey(const std::string& k) {
    if (k.empty()) return false;
    for (char c : k)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) return false;
    return true;
}

std::string quoteKey(const std::string& k) {
    return isBareKey(k) ? k : goQuote(k);
}

Value plain(const Value& in) {
    Value v = in;
    while (v.isObject()) {
        if (auto d = v.object()->asData())
            v = *d;
        else
            v = v.object()->marshal();
    }
    return v;
}

bool isTable(const Value& v) {
    return plain(v).isMap();
}

bool isTableArray(const Value& v) {
    Value p = plain(v);
    if (!p.isList() || p.list().empty()) return false;
    for (const auto& e : p.list())
        if (!isTable(e)) return false;
    return true;
}

std::string scalar(const Value& in) {
    Value v = plain(in);
    switch (v.kind()) {
    case Value::Kind::Bool:
        return v.asBool() ? "true" : "false";
    case Value::Kind::Int:
        return std::to_string(v.asInt());
    case Value::Kind::Float: {
        double d = v.asFloat();
        if (std::isnan(d)) return "nan";
        if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
        std::string s = formatFloat(d, 'f', -1);
        if (s.find('.') == std::string::npos) s += ".0";
        return s;
    }
    case Value::Kind::String:
    case Value::Kind::Bytes:
        return goQuote(v.asString());
    case Value::Kind::List: {
        std::string out = "[";
        bool first = true;
        for (const auto& e : v.list()) {
            if (plain(e).isNil()) throw FuncError("toml: cannot encode array with nil element");
            if (!first) out += ", ";
            first = false;
            out += scalar(e);
        }
        return out + "]";
    }
    case Value::Kind::Map: {
        std::string out = "{";
        bool first = true;
        for (const auto& [k, e] : v.map()) {
            if (plain(e).isNil()) continue;
            out += first ? " " : ", ";
            first = false;
            out += quoteKey(k) + " = " + scalar(e);
        }
        return out + (first ? "}" : " }");
    }
    default:
        throw FuncError("toml: cannot encode value of type " + v.typeName());
    }
}

void table(std::string& out, const Value& v, const std::string& path, int depth) {
    std::string ind(depth > 0 ? (depth - 1) * 2 : 0, ' ');
    std::string inner(depth * 2 > 0 ? (depth - 1) * 2 + 2 : 0, ' ');
    if (depth == 0) inner.clear();
    for (const auto& [k, e] : v.map()) {
        Value p = plain(e);
        if (p.isNil() || isTable(p) || isTableArray(p)) continue;
        out += inner + quoteKey(k) + " = " + scalar(p) + "\n";
    }
    for (const auto& [k, e] : v.map()) {
        Value p = plain(e);
        std::string sub = path.empty() ? quoteKey(k) : path + "." + quoteKey(k);
        if (isTable(p)) {
            out += "\n" + inner + "[" + sub + "]\n";
            table(out, p, sub, depth + 1);
        } else if (isTableArray(p)) {
            for (const auto& item : p.list()) {
                out += "\n" + inner + "[[" + sub + "]]\n";
                table(out, plain(item), sub, depth + 1);
            }
        }
    }
}

} // namespace

std::string toTomlDocument(const Value& v) {
    Value p = plain(v);
    if (!p.isMap()) throw FuncError("toml: top-level values must be Go maps or structs");
    std::string out;
    table(out, p, "", 0);
    if (!out.empty() && out[0] == '\n') out.erase(0, 1);
    return out;
}

} // namespace kmcp::helm::tmpl
