#include "ValueYaml.h"

#include "Function.h"
#include "GoFormat.h"
#include "YamlResolve.h"

#include <yaml-cpp/yaml.h>

namespace kmcp::helm::tmpl {

namespace {

Value numberMode(Value v, NumberMode mode) {
    if (mode == NumberMode::AllFloat && v.isInt()) return Value(static_cast<double>(v.asInt()));
    return v;
}

Value scalarValue(const YAML::Node& n, NumberMode mode) {
    const std::string& text = n.Scalar();
    const std::string& tag = n.Tag();
    if (tag == "!" || tag == "tag:yaml.org,2002:str") return Value(text);
    Value out;
    YamlTag t = resolvePlainScalar(text, &out);
    if (tag == "?" || tag.empty()) return numberMode(out, mode);
    if (tag == "tag:yaml.org,2002:int" && t == YamlTag::Int) return numberMode(out, mode);
    if (tag == "tag:yaml.org,2002:float" && (t == YamlTag::Int || t == YamlTag::Float))
        return Value(out.isInt() ? static_cast<double>(out.asInt()) : out.asFloat());
    if (tag == "tag:yaml.org,2002:bool" && t == YamlTag::Bool) return out;
    if (tag == "tag:yaml.org,2002:null") return Value();
    return Value(text);
}

std::string keyString(const Value& k) {
    if (k.isString()) return k.asString();
    if (k.isNil()) return "null";
    if (k.isFloat()) return formatFloat(k.asFloat(), 'g', -1);
    return formatValue(k);
}

Value convert(const YAML::Node& n, NumberMode mode);

void mergeInto(ValueMap& m, const Value& src) {
    if (src.isMap()) {
        for (const auto& [k, v] : src.map())
            m[k] = v;
    } else if (src.isList()) {
        for (const auto& e : src.list())
            if (e.isMap())
                for (const auto& [k, v] : e.map())
                    if (!m.count(k)) m[k] = v;
    }
}

Value convert(const YAML::Node& n, NumberMode mode) {
    switch (n.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
        return Value();
    case YAML::NodeType::Scalar:
        return scalarValue(n, mode);
    case YAML::NodeType::Sequence: {
        ValueList l;
        for (const auto& e : n)
            l.push_back(convert(e, mode));
        return Value(std::move(l));
    }
    case YAML::NodeType::Map: {
        ValueMap m;
        for (const auto& kv : n) {
            if (kv.first.IsScalar() && kv.first.Tag() == "?" && kv.first.Scalar() == "<<") {
                mergeInto(m, convert(kv.second, mode));
                continue;
            }
            Value key = kv.first.IsScalar() ? scalarValue(kv.first, NumberMode::Preserve) : Value();
            m[keyString(key)] = convert(kv.second, mode);
        }
        return Value(std::move(m));
    }
    }
    return Value();
}

} // namespace

Value parseYamlValue(const std::string& text, NumberMode mode) {
    try {
        YAML::Node root = YAML::Load(text);
        return convert(root, mode);
    } catch (const YAML::Exception& e) {
        throw FuncError(std::string("error converting YAML to JSON: yaml: ") + e.what());
    }
}

} // namespace kmcp::helm::tmpl
