#include "plugins/SchemaValidator.hpp"

#include <regex>

namespace kmcp::plugins {
namespace {

using nlohmann::json;

std::string typeName(const json& v) {
    if (v.is_null()) return "null";
    if (v.is_boolean()) return "boolean";
    if (v.is_number_integer() || v.is_number_unsigned()) return "integer";
    if (v.is_number_float()) return "number";
    if (v.is_string()) return "string";
    if (v.is_array()) return "array";
    return "object";
}

bool matchesType(const json& v, const std::string& t) {
    if (t == "number") return v.is_number();
    if (t == "integer") {
        if (v.is_number_integer() || v.is_number_unsigned()) return true;
        // JSON has one number type: 3.0 is an integer for JSON Schema.
        return v.is_number_float() &&
               v.get<double>() == static_cast<double>(static_cast<long long>(v.get<double>()));
    }
    return typeName(v) == t;
}

std::string at(const std::string& path) {
    return path.empty() ? "arguments" : "argument '" + path + "'";
}

std::optional<std::string> check(const json& schema, const json& v, const std::string& path) {
    if (!schema.is_object()) return std::nullopt;
    if (auto t = schema.find("type"); t != schema.end()) {
        bool ok = false;
        std::string expected;
        if (t->is_string()) {
            ok = matchesType(v, *t);
            expected = *t;
        } else if (t->is_array()) {
            for (const auto& alt : *t) {
                if (alt.is_string() && matchesType(v, alt)) ok = true;
                expected += (expected.empty() ? "" : " or ") + alt.get<std::string>();
            }
        } else {
            ok = true;
        }
        if (!ok) return at(path) + " must be " + expected + ", got " + typeName(v);
    }
    if (auto e = schema.find("enum"); e != schema.end() && e->is_array()) {
        bool found = false;
        for (const auto& c : *e)
            found = found || c == v;
        if (!found) return at(path) + " must be one of " + e->dump();
    }
    if (auto c = schema.find("const"); c != schema.end() && *c != v)
        return at(path) + " must be " + c->dump();
    if (v.is_number()) {
        double d = v.get<double>();
        if (auto m = schema.find("minimum"); m != schema.end() && m->is_number() && d < m->get<double>())
            return at(path) + " must be >= " + m->dump();
        if (auto m = schema.find("maximum"); m != schema.end() && m->is_number() && d > m->get<double>())
            return at(path) + " must be <= " + m->dump();
    }
    if (v.is_string()) {
        auto n = v.get_ref<const std::string&>().size();
        if (auto m = schema.find("minLength"); m != schema.end() && m->is_number() && n < m->get<size_t>())
            return at(path) + " must have at least " + m->dump() + " characters";
        if (auto m = schema.find("maxLength"); m != schema.end() && m->is_number() && n > m->get<size_t>())
            return at(path) + " must have at most " + m->dump() + " characters";
        if (auto p = schema.find("pattern"); p != schema.end() && p->is_string()) {
            try {
                if (!std::regex_search(v.get<std::string>(), std::regex(p->get<std::string>())))
                    return at(path) + " must match " + p->dump();
            } catch (const std::regex_error&) {
                // An unusable pattern in a plugin's schema must not reject every call.
            }
        }
    }
    if (v.is_array()) {
        if (auto m = schema.find("minItems");
            m != schema.end() && m->is_number() && v.size() < m->get<size_t>())
            return at(path) + " must have at least " + m->dump() + " items";
        if (auto m = schema.find("maxItems");
            m != schema.end() && m->is_number() && v.size() > m->get<size_t>())
            return at(path) + " must have at most " + m->dump() + " items";
        if (auto items = schema.find("items"); items != schema.end())
            for (size_t i = 0; i < v.size(); ++i)
                if (auto err = check(*items, v[i], path + "[" + std::to_string(i) + "]")) return err;
    }
    if (v.is_object()) {
        const json* props = schema.contains("properties") ? &schema["properties"] : nullptr;
        if (auto req = schema.find("required"); req != schema.end() && req->is_array())
            for (const auto& name : *req)
                if (name.is_string() && !v.contains(name.get<std::string>()))
                    return "missing required " +
                           at(path.empty() ? name.get<std::string>() : path + "." + name.get<std::string>());
        for (const auto& [key, value] : v.items()) {
            std::string child = path.empty() ? key : path + "." + key;
            if (props && props->contains(key)) {
                if (auto err = check((*props)[key], value, child)) return err;
            } else if (auto ap = schema.find("additionalProperties"); ap != schema.end()) {
                if (ap->is_boolean() && !ap->get<bool>()) return "unknown " + at(child);
                if (ap->is_object())
                    if (auto err = check(*ap, value, child)) return err;
            }
        }
    }
    return std::nullopt;
}

} // namespace

std::optional<std::string> validateArguments(const json& schema, const json& args) {
    if (!args.is_object()) return "arguments must be a JSON object";
    return check(schema, args, "");
}

} // namespace kmcp::plugins
