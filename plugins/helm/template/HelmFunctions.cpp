#include "HelmFunctions.h"

#include "FuncUtil.h"
#include "JsonEncode.h"
#include "Sprig.h"
#include "TomlEncode.h"
#include "ValueYaml.h"
#include "YamlEmitter.h"

#include <nlohmann/json.hpp>
#include <regex>

namespace kmcp::helm::tmpl {

namespace {

using A = ArgType;

const char* kWarnStart = "HELM_ERR_START";
const char* kWarnEnd = "HELM_ERR_END";

Value parseJsonValue(const std::string& text) {
    return Value::fromJson(nlohmann::json::parse(text), NumberMode::AllFloat);
}

std::string jsonErrorText(const std::exception& e) {
    std::string msg = e.what();
    auto p = msg.find("] ");
    return p == std::string::npos ? msg : msg.substr(p + 2);
}

} // namespace

std::string helmToYaml(const Value& v) {
    try {
        std::string s = toYamlDocument(v);
        if (!s.empty() && s.back() == '\n') s.pop_back();
        return s;
    } catch (const FuncError&) {
        return "";
    }
}

void installHelmFunctions(TemplateSet& set, const HelmOptions& options) {
    FuncMap fns;
    installSprigStrings(fns);
    installSprigRegex(fns);
    installSprigLists(fns);
    installSprigDicts(fns);
    installSprigMath(fns);
    installSprigEncoding(fns);
    installSprigDefaults(fns);
    installSprigSemver(fns);
    installSprigDates(fns);
    installSprigCrypto(fns);

    fns["toYaml"] = makeFunc({A::Any}, false, [](ValueList& a) { return Value(helmToYaml(a[0])); });
    fns["mustToYaml"] = makeFunc({A::Any}, false, [](ValueList& a) {
        std::string s = toYamlDocument(a[0]);
        if (!s.empty() && s.back() == '\n') s.pop_back();
        return Value(s);
    });
    fns["fromYaml"] = makeFunc({A::String}, false, [](ValueList& a) {
        try {
            Value v = parseYamlValue(a[0].asString());
            if (v.isNil()) return Value::makeMap();
            if (!v.isMap())
                throw FuncError("error unmarshaling JSON: while decoding JSON: json: cannot unmarshal " +
                                std::string(v.isList() ? "array" : (v.isString() ? "string" : "number")) +
                                " into Go value of type map[string]interface {}");
            return v;
        } catch (const FuncError& e) {
            return Value(ValueMap{{"Error", Value(e.what())}});
        }
    });
    fns["fromYamlArray"] = makeFunc({A::String}, false, [](ValueList& a) {
        try {
            Value v = parseYamlValue(a[0].asString());
            if (v.isNil()) return Value::makeList();
            if (!v.isList())
                throw FuncError("error unmarshaling JSON: while decoding JSON: json: cannot unmarshal " +
                                std::string(v.isMap() ? "object" : "string") +
                                " into Go value of type []interface {}");
            return v;
        } catch (const FuncError& e) {
            return Value(ValueList{Value(e.what())});
        }
    });
    fns["toJson"] = makeFunc({A::Any}, false, [](ValueList& a) {
        try {
            return Value(goJsonMarshal(a[0]));
        } catch (const FuncError&) {
            return Value("");
        }
    });
    fns["mustToJson"] = makeFunc({A::Any}, false, [](ValueList& a) { return Value(goJsonMarshal(a[0])); });
    fns["fromJson"] = makeFunc({A::String}, false, [](ValueList& a) {
        try {
            Value v = parseJsonValue(a[0].asString());
            if (!v.isMap())
                throw FuncError("json: cannot unmarshal into Go value of type map[string]interface {}");
            return v;
        } catch (const FuncError& e) {
            return Value(ValueMap{{"Error", Value(e.what())}});
        } catch (const std::exception& e) {
            return Value(ValueMap{{"Error", Value(jsonErrorText(e))}});
        }
    });
    fns["fromJsonArray"] = makeFunc({A::String}, false, [](ValueList& a) {
        try {
            Value v = parseJsonValue(a[0].asString());
            if (!v.isList()) throw FuncError("json: cannot unmarshal into Go value of type []interface {}");
            return v;
        } catch (const FuncError& e) {
            return Value(ValueList{Value(e.what())});
        } catch (const std::exception& e) {
            return Value(ValueList{Value(jsonErrorText(e))});
        }
    });
    fns["mustFromJson"] = makeFunc({A::String}, false, [](ValueList& a) {
        try {
            return parseJsonValue(a[0].asString());
        } catch (const std::exception& e) {
            throw FuncError(jsonErrorText(e));
        }
    });
    fns["toToml"] = makeFunc({A::Any}, false, [](ValueList& a) {
        try {
            return Value(toTomlDocument(a[0]));
        } catch (const FuncError& e) {
            return Value(std::string(e.what()));
        }
    });

    Function include;
    include.params = {A::String, A::Any};
    include.impl = [](CallContext& ctx, ValueList& a) { return Value(ctx.include(a[0].asString(), a[1])); };
    fns["include"] = include;

    Function tpl;
    tpl.params = {A::String, A::Any};
    tpl.impl = [](CallContext& ctx, ValueList& a) { return Value(ctx.tpl(a[0].asString(), a[1])); };
    fns["tpl"] = tpl;

    bool lint = options.lintMode;
    fns["required"] = makeFunc({A::String, A::Any}, false, [lint](ValueList& a) {
        bool missing = a[1].isNil() || (a[1].isString() && a[1].asString().empty());
        if (missing) {
            if (lint) return Value("");
            throw FuncError(std::string(kWarnStart) + a[0].asString() + kWarnEnd);
        }
        return a[1];
    });

    LookupFn lookup = options.lookup;
    fns["lookup"] = makeFunc({A::String, A::String, A::String, A::String}, false, [lookup](ValueList& a) {
        if (!lookup) return Value::makeMap();
        return lookup(a[0].asString(), a[1].asString(), a[2].asString(), a[3].asString());
    });

    set.addFunctions(fns);
    set.setMissingKey(options.strict ? MissingKey::Error : MissingKey::Zero);
}

std::string helmParseErrorMessage(const std::string& filename, const std::string& goError) {
    auto tokens = splitString(goError, ": ");
    if (tokens.size() == 1) return "parse error in (" + filename + "): " + goError;
    return "parse error at (" + tokens[1] + "): " + tokens.back();
}

std::string helmExecErrorMessage(const std::string& filename, const std::string& goError) {
    auto tokens = splitString(goError, ": ", 3);
    if (tokens.size() != 3) return "execution error in (" + filename + "): " + goError;
    auto s = tokens[2].find(kWarnStart);
    if (s != std::string::npos) {
        auto e = tokens[2].rfind(kWarnEnd);
        size_t from = s + std::string(kWarnStart).size();
        if (e != std::string::npos && e >= from)
            return "execution error at (" + tokens[1] + "): " + tokens[2].substr(from, e - from);
    }
    return goError;
}

} // namespace kmcp::helm::tmpl
