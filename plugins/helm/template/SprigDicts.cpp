#include "FuncUtil.h"
#include "Sprig.h"

namespace kmcp::helm::tmpl {

namespace {

using A = ArgType;

// mergo.Merge semantics as Sprig uses them: nested maps merge recursively; otherwise a source
// value fills a missing or empty destination (or any destination when overwriting).
void mergeMaps(ValueMap& dst, const ValueMap& src, bool overwrite) {
    for (const auto& [k, sv] : src) {
        auto it = dst.find(k);
        bool dstValid = it != dst.end();
        if (sv.isNil()) {
            if (overwrite) dst[k] = sv;
            continue;
        }
        if (sv.isMap() && dstValid && it->second.isMap()) mergeMaps(it->second.map(), sv.map(), overwrite);
        bool dstEmpty = !dstValid || isEmpty(it->second);
        if (dstValid && !dstEmpty && (sv.isMap() || sv.isList())) {
            if (sv.isList() && overwrite) dst[k] = sv;
            continue;
        }
        if (overwrite || dstEmpty) dst[k] = sv;
    }
}

void both(FuncMap& fns, const std::string& name, std::vector<ArgType> params, bool variadic,
          std::function<Value(ValueList&)> f) {
    fns[name] = makeFunc(params, variadic, f);
    std::string must = "must" + std::string(1, static_cast<char>(std::toupper(name[0]))) + name.substr(1);
    fns[must] = makeFunc(params, variadic, f);
}

} // namespace

void installSprigDicts(FuncMap& fns) {
    fns["dict"] = makeFunc({A::Any}, true, [](ValueList& a) {
        ValueMap m;
        for (size_t i = 0; i < a.size(); i += 2)
            m[strval(a[i])] = i + 1 < a.size() ? a[i + 1] : Value("");
        return Value(std::move(m));
    });
    fns["get"] = makeFunc({A::Map, A::String}, false, [](ValueList& a) {
        auto it = a[0].map().find(a[1].asString());
        return it == a[0].map().end() ? Value("") : it->second;
    });
    fns["set"] = makeFunc({A::Map, A::String, A::Any}, false, [](ValueList& a) {
        a[0].map()[a[1].asString()] = a[2];
        return a[0];
    });
    fns["unset"] = makeFunc({A::Map, A::String}, false, [](ValueList& a) {
        a[0].map().erase(a[1].asString());
        return a[0];
    });
    fns["hasKey"] = makeFunc({A::Map, A::String}, false,
                             [](ValueList& a) { return Value(a[0].map().count(a[1].asString()) > 0); });
    fns["pluck"] = makeFunc({A::String, A::Map}, true, [](ValueList& a) {
        ValueList out;
        for (size_t i = 1; i < a.size(); ++i) {
            auto it = a[i].map().find(a[0].asString());
            if (it != a[i].map().end()) out.push_back(it->second);
        }
        return Value(std::move(out));
    });
    fns["dig"] = makeFunc({A::Any}, true, [](ValueList& a) {
        if (a.size() < 3) throw FuncError("dig needs at least three arguments");
        Value dict = a.back();
        const Value& def = a[a.size() - 2];
        for (size_t i = 0; i + 2 < a.size(); ++i) {
            if (!a[i].isString())
                throw FuncError("interface conversion: interface {} is " + a[i].typeName() + ", not string");
            if (!dict.isMap())
                throw FuncError("interface conversion: interface {} is " + dict.typeName() +
                                ", not map[string]interface {}");
            auto it = dict.map().find(a[i].asString());
            if (it == dict.map().end()) return def;
            dict = it->second;
        }
        return dict;
    });
    both(fns, "merge", {A::Map, A::Map}, true, [](ValueList& a) {
        for (size_t i = 1; i < a.size(); ++i)
            mergeMaps(a[0].map(), a[i].map(), false);
        return a[0];
    });
    both(fns, "mergeOverwrite", {A::Map, A::Map}, true, [](ValueList& a) {
        for (size_t i = 1; i < a.size(); ++i)
            mergeMaps(a[0].map(), a[i].map(), true);
        return a[0];
    });
    fns["keys"] = makeFunc({A::Map}, true, [](ValueList& a) {
        std::vector<std::string> out;
        for (const auto& d : a)
            for (const auto& [k, _] : d.map())
                out.push_back(k);
        return Value::stringList(out);
    });
    fns["values"] = makeFunc({A::Map}, false, [](ValueList& a) {
        ValueList out;
        for (const auto& [_, v] : a[0].map())
            out.push_back(v);
        return Value(std::move(out));
    });
    fns["pick"] = makeFunc({A::Map, A::String}, true, [](ValueList& a) {
        ValueMap out;
        for (size_t i = 1; i < a.size(); ++i) {
            auto it = a[0].map().find(a[i].asString());
            if (it != a[0].map().end()) out[it->first] = it->second;
        }
        return Value(std::move(out));
    });
    fns["omit"] = makeFunc({A::Map, A::String}, true, [](ValueList& a) {
        ValueMap out = a[0].map();
        for (size_t i = 1; i < a.size(); ++i)
            out.erase(a[i].asString());
        return Value(std::move(out));
    });
    both(fns, "deepCopy", {A::Any}, false, [](ValueList& a) { return a[0].deepCopy(); });
}

} // namespace kmcp::helm::tmpl
