#include "JsonEncode.h"

#include "GoFormat.h"
#include "Utf8.h"

#include <cmath>

namespace kmcp::helm::tmpl {

namespace {

void appendString(std::string& out, const std::string& s, bool escapeHtml) {
    static const char* hex = "0123456789abcdef";
    out += '"';
    for (size_t i = 0; i < s.size();) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            if (c >= 0x20 && c != '"' && c != '\\' && (!escapeHtml || (c != '<' && c != '>' && c != '&'))) {
                out += static_cast<char>(c);
            } else {
                switch (c) {
                case '"':
                    out += "\\\"";
                    break;
                case '\\':
                    out += "\\\\";
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
                default:
                    out += "\\u00";
                    out += hex[c >> 4];
                    out += hex[c & 0xF];
                }
            }
            ++i;
            continue;
        }
        size_t w;
        char32_t r = utf8::decode(s, i, w);
        if (r == 0xFFFD && w == 1) {
            out += "\\ufffd";
        } else if (r == 0x2028 || r == 0x2029) {
            out += r == 0x2028 ? "\\u2028" : "\\u2029";
        } else {
            out.append(s, i, w);
        }
        i += w;
    }
    out += '"';
}

void marshal(std::string& out, const Value& in, const JsonStyle& st, int depth) {
    Value v = in;
    while (v.isObject()) {
        if (auto d = v.object()->asData())
            v = *d;
        else
            v = v.object()->marshal();
    }
    auto newline = [&](int d) {
        if (st.indent.empty()) return;
        out += '\n';
        for (int i = 0; i < d; ++i)
            out += st.indent;
    };
    switch (v.kind()) {
    case Value::Kind::Nil:
        out += "null";
        return;
    case Value::Kind::Bool:
        out += v.asBool() ? "true" : "false";
        return;
    case Value::Kind::Int:
        out += std::to_string(v.asInt());
        return;
    case Value::Kind::Float:
        out += goJsonFloat(v.asFloat());
        return;
    case Value::Kind::String:
        appendString(out, v.asString(), st.escapeHtml);
        return;
    case Value::Kind::Bytes:
        out += "\"" + goJsonBase64(v.asString()) + "\"";
        return;
    case Value::Kind::List: {
        if (v.list().empty()) {
            out += "[]";
            return;
        }
        out += '[';
        bool first = true;
        for (const auto& e : v.list()) {
            if (!first) out += ',';
            first = false;
            newline(depth + 1);
            marshal(out, e, st, depth + 1);
        }
        newline(depth);
        out += ']';
        return;
    }
    case Value::Kind::Map: {
        if (v.map().empty()) {
            out += "{}";
            return;
        }
        out += '{';
        bool first = true;
        for (const auto& [k, e] : v.map()) {
            if (!first) out += ',';
            first = false;
            newline(depth + 1);
            appendString(out, k, st.escapeHtml);
            out += st.indent.empty() ? ":" : ": ";
            marshal(out, e, st, depth + 1);
        }
        newline(depth);
        out += '}';
        return;
    }
    default:
        throw FuncError("json: unsupported type: " + v.typeName());
    }
}

} // namespace

std::string goJsonFloat(double d) {
    if (std::isnan(d) || std::isinf(d))
        throw FuncError("json: unsupported value: " + formatFloat(d, 'g', -1));
    double a = std::fabs(d);
    bool exp = a != 0 && (a < 1e-6 || a >= 1e21);
    std::string s = formatFloat(d, exp ? 'e' : 'f', -1);
    if (exp) {
        size_t n = s.size();
        if (n >= 4 && s[n - 4] == 'e' && s[n - 3] == '-' && s[n - 2] == '0') s.erase(n - 2, 1);
    }
    return s;
}

std::string goJsonBase64(const std::string& raw) {
    static const char* tbl = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    size_t i = 0;
    for (; i + 2 < raw.size(); i += 3) {
        uint32_t n = (static_cast<unsigned char>(raw[i]) << 16) |
                     (static_cast<unsigned char>(raw[i + 1]) << 8) | static_cast<unsigned char>(raw[i + 2]);
        out += tbl[(n >> 18) & 63];
        out += tbl[(n >> 12) & 63];
        out += tbl[(n >> 6) & 63];
        out += tbl[n & 63];
    }
    if (i < raw.size()) {
        uint32_t n = static_cast<unsigned char>(raw[i]) << 16;
        if (i + 1 < raw.size()) n |= static_cast<unsigned char>(raw[i + 1]) << 8;
        out += tbl[(n >> 18) & 63];
        out += tbl[(n >> 12) & 63];
        out += i + 1 < raw.size() ? tbl[(n >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

std::string goJsonMarshal(const Value& v, const JsonStyle& style) {
    std::string out;
    marshal(out, v, style, 0);
    return out;
}

} // namespace kmcp::helm::tmpl
