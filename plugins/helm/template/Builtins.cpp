#include "Builtins.h"

#include "GoFormat.h"
#include "Utf8.h"

namespace kmcp::helm::tmpl {

namespace {

enum class BasicKind { Invalid, Bool, Int, Float, String };

BasicKind basicKind(const Value& v) {
    switch (v.kind()) {
    case Value::Kind::Bool:
        return BasicKind::Bool;
    case Value::Kind::Int:
        return BasicKind::Int;
    case Value::Kind::Float:
        return BasicKind::Float;
    case Value::Kind::String:
        return BasicKind::String;
    default:
        return BasicKind::Invalid;
    }
}

bool isBasic(const Value& v) {
    return basicKind(v) != BasicKind::Invalid;
}

std::string evalArgs(const ValueList& args) {
    if (args.size() == 1 && args[0].isString()) return args[0].asString();
    return goSprint(args);
}

std::string htmlEscape(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
        case '"':
            out += "&#34;";
            break;
        case '\'':
            out += "&#39;";
            break;
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '\0':
            out += "\xEF\xBF\xBD";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string jsEscape(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (size_t i = 0; i < s.size();) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            switch (c) {
            case '\\':
                out += "\\\\";
                break;
            case '\'':
                out += "\\'";
                break;
            case '"':
                out += "\\\"";
                break;
            case '<':
                out += "\\u003C";
                break;
            case '>':
                out += "\\u003E";
                break;
            case '&':
                out += "\\u0026";
                break;
            case '=':
                out += "\\u003D";
                break;
            default:
                if (c < ' ') {
                    out += "\\u00";
                    out += hex[c >> 4];
                    out += hex[c & 0xF];
                } else {
                    out += static_cast<char>(c);
                }
            }
            ++i;
            continue;
        }
        size_t w;
        char32_t r = utf8::decode(s, i, w);
        if (r == 0xFFFD || r == 0x2028 || r == 0x2029 || (r >= 0x80 && r < 0xA0)) {
            char buf[16];
            std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(r));
            out += buf;
        } else {
            out.append(s, i, w);
        }
        i += w;
    }
    return out;
}

std::string queryEscape(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else if (c == ' ') {
            out += '+';
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 0xF];
        }
    }
    return out;
}

int64_t indexArg(const Value& idx, size_t len) {
    if (idx.isNil()) throw FuncError("cannot index slice/array with nil");
    if (!idx.isInt()) throw FuncError("cannot index slice/array with type " + idx.typeName());
    int64_t x = idx.asInt();
    if (x < 0 || static_cast<size_t>(x) > len) throw FuncError("index out of range: " + std::to_string(x));
    return x;
}

Value unwrapObject(const Value& v) {
    if (v.isObject())
        if (auto data = v.object()->asData()) return *data;
    return v;
}

Value indexFn(ValueList& a) {
    Value item = unwrapObject(a[0]);
    if (item.isNil()) throw FuncError("index of untyped nil");
    for (size_t i = 1; i < a.size(); ++i) {
        const Value& idx = a[i];
        if (item.isNil()) throw FuncError("index of nil pointer");
        switch (item.kind()) {
        case Value::Kind::List: {
            int64_t x = indexArg(idx, item.list().size());
            if (static_cast<size_t>(x) == item.list().size())
                throw FuncError("index out of range: " + std::to_string(x));
            item = item.list()[x];
            break;
        }
        case Value::Kind::String:
        case Value::Kind::Bytes: {
            int64_t x = indexArg(idx, item.asString().size());
            if (static_cast<size_t>(x) == item.asString().size())
                throw FuncError("index out of range: " + std::to_string(x));
            item = Value(static_cast<int>(static_cast<unsigned char>(item.asString()[x])));
            break;
        }
        case Value::Kind::Map: {
            if (idx.isNil()) throw FuncError("value is nil; should be of type string");
            if (!idx.isString()) throw FuncError("value has type " + idx.typeName() + "; should be string");
            auto it = item.map().find(idx.asString());
            item = it == item.map().end() ? Value() : it->second;
            break;
        }
        default:
            throw FuncError("can't index item of type " + item.typeName());
        }
    }
    return item;
}

Value sliceFn(ValueList& a) {
    Value item = a[0];
    if (item.isNil()) throw FuncError("slice of untyped nil");
    if (a.size() > 4) throw FuncError("too many slice indexes: " + std::to_string(a.size() - 1));
    size_t len;
    if (item.isList())
        len = item.list().size();
    else if (item.isString())
        len = item.asString().size();
    else
        throw FuncError("can't slice item of type " + item.typeName());
    if (item.isString() && a.size() == 4) throw FuncError("cannot 3-index slice a string");
    int64_t idx[3] = {0, static_cast<int64_t>(len), static_cast<int64_t>(len)};
    for (size_t i = 1; i < a.size(); ++i)
        idx[i - 1] = indexArg(a[i], len);
    if (idx[0] > idx[1])
        throw FuncError("invalid slice index: " + std::to_string(idx[0]) + " > " + std::to_string(idx[1]));
    if (item.isString()) return Value(item.asString().substr(idx[0], idx[1] - idx[0]));
    ValueList out(item.list().begin() + idx[0], item.list().begin() + idx[1]);
    return Value(std::move(out), item.listData().elemType);
}

Function fn(std::vector<ArgType> params, bool variadic, std::function<Value(ValueList&)> f) {
    Function out;
    out.params = std::move(params);
    out.variadic = variadic;
    out.impl = [f = std::move(f)](CallContext&, ValueList& a) { return f(a); };
    return out;
}

} // namespace

bool goEqual(const Value& a, const Value& b) {
    BasicKind k1 = basicKind(a), k2 = basicKind(b);
    if (k1 != k2) {
        if (!a.isNil() && !b.isNil()) throw FuncError("incompatible types for comparison");
        return false;
    }
    switch (k1) {
    case BasicKind::Bool:
        return a.asBool() == b.asBool();
    case BasicKind::Int:
        return a.asInt() == b.asInt();
    case BasicKind::Float:
        return a.asFloat() == b.asFloat();
    case BasicKind::String:
        return a.asString() == b.asString();
    case BasicKind::Invalid:
        break;
    }
    if (a.isNil() || b.isNil()) return a.isNil() == b.isNil();
    if (a.kind() != b.kind()) throw FuncError("incompatible types for comparison");
    if (a.isList() || a.isMap() || a.kind() == Value::Kind::Bytes || a.kind() == Value::Kind::Func)
        throw FuncError("non-comparable type " + formatValue(a) + ": " + a.typeName());
    return a.identical(b);
}

bool goLess(const Value& a, const Value& b) {
    if (!isBasic(a) || !isBasic(b)) throw FuncError("invalid type for comparison");
    BasicKind k1 = basicKind(a), k2 = basicKind(b);
    if (k1 != k2) throw FuncError("incompatible types for comparison");
    switch (k1) {
    case BasicKind::Float:
        return a.asFloat() < b.asFloat();
    case BasicKind::Int:
        return a.asInt() < b.asInt();
    case BasicKind::String:
        return a.asString() < b.asString();
    default:
        throw FuncError("invalid type for comparison");
    }
}

void installBuiltins(FuncMap& fns) {
    using A = ArgType;
    Function andFn = fn({A::Any, A::Any}, true, [](ValueList& a) { return a.back(); });
    andFn.lazy = Function::Lazy::And;
    fns["and"] = andFn;
    Function orFn = fn({A::Any, A::Any}, true, [](ValueList& a) { return a.back(); });
    orFn.lazy = Function::Lazy::Or;
    fns["or"] = orFn;
    fns["not"] = fn({A::Any}, false, [](ValueList& a) { return Value(!a[0].truthy()); });
    fns["len"] = fn({A::Any}, false, [](ValueList& a) {
        if (a[0].isNil()) throw FuncError("len of nil pointer");
        auto n = unwrapObject(a[0]).length();
        if (!n) throw FuncError("len of type " + a[0].typeName());
        return Value(static_cast<int>(*n));
    });
    fns["index"] = fn({A::Any, A::Any}, true, indexFn);
    fns["slice"] = fn({A::Any, A::Any}, true, sliceFn);
    fns["print"] = fn({A::Any}, true, [](ValueList& a) { return Value(goSprint(a)); });
    fns["println"] = fn({A::Any}, true, [](ValueList& a) { return Value(goSprintln(a)); });
    fns["printf"] = fn({A::String, A::Any}, true, [](ValueList& a) {
        ValueList rest(a.begin() + 1, a.end());
        return Value(goSprintf(a[0].asString(), rest));
    });
    fns["html"] = fn({A::Any}, true, [](ValueList& a) { return Value(htmlEscape(evalArgs(a))); });
    fns["js"] = fn({A::Any}, true, [](ValueList& a) { return Value(jsEscape(evalArgs(a))); });
    fns["urlquery"] = fn({A::Any}, true, [](ValueList& a) { return Value(queryEscape(evalArgs(a))); });
    fns["eq"] = fn({A::Any, A::Any}, true, [](ValueList& a) {
        if (a.size() < 2) throw FuncError("missing argument for comparison");
        for (size_t i = 1; i < a.size(); ++i)
            if (goEqual(a[0], a[i])) return Value(true);
        return Value(false);
    });
    fns["ne"] = fn({A::Any, A::Any}, false, [](ValueList& a) { return Value(!goEqual(a[0], a[1])); });
    fns["lt"] = fn({A::Any, A::Any}, false, [](ValueList& a) { return Value(goLess(a[0], a[1])); });
    fns["le"] = fn({A::Any, A::Any}, false,
                   [](ValueList& a) { return Value(goLess(a[0], a[1]) || goEqual(a[0], a[1])); });
    fns["gt"] = fn({A::Any, A::Any}, false,
                   [](ValueList& a) { return Value(!(goLess(a[0], a[1]) || goEqual(a[0], a[1]))); });
    fns["ge"] = fn({A::Any, A::Any}, false, [](ValueList& a) { return Value(!goLess(a[0], a[1])); });
    Function call;
    call.params = {A::Any, A::Any};
    call.variadic = true;
    call.impl = [](CallContext& ctx, ValueList& a) {
        if (a[0].isNil()) throw FuncError("call of nil");
        if (a[0].kind() != Value::Kind::Func) throw FuncError("non-function of type " + a[0].typeName());
        ValueList rest(a.begin() + 1, a.end());
        return a[0].func()->impl(ctx, rest);
    };
    fns["call"] = call;
}

} // namespace kmcp::helm::tmpl
