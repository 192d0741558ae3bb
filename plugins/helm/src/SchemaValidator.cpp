#include "SchemaValidator.hpp"

#include "GoJson.hpp"

#include <cmath>
#include <regex>

namespace kmcp::helm {

namespace {

std::string typeOf(const json& v) {
    if (v.is_null()) return "null";
    if (v.is_boolean()) return "boolean";
    if (v.is_number_integer() || v.is_number_unsigned()) return "integer";
    if (v.is_number_float()) {
        double d = v.get<double>();
        return std::floor(d) == d ? "integer" : "number";
    }
    if (v.is_string()) return "string";
    if (v.is_array()) return "array";
    return "object";
}

std::string num(const json& v) {
    if (v.is_number_float()) return goFloat(v.get<double>());
    return v.dump();
}

size_t utf8Length(const std::string& s) {
    size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

class Validator {
public:
    explicit Validator(const json& root) : root_(root) {}

    void validate(const json& schema, const json& v, const std::string& field) {
        if (++depth_ > 64) throw std::runtime_error("schema nesting too deep");
        run(schema, v, field);
        --depth_;
    }
    std::vector<std::string> errors;

private:
    void add(const std::string& field, const std::string& desc) { errors.push_back(field + ": " + desc); }

    static std::string child(const std::string& field, const std::string& key) {
        return field == "(root)" ? key : field + "." + key;
    }

    const json& resolve(const json& schema) {
        if (schema.is_object() && schema.contains("$ref") && schema["$ref"].is_string()) {
            auto ref = schema["$ref"].get<std::string>();
            if (ref.rfind("#", 0) == 0) {
                try {
                    return root_.at(json::json_pointer(ref.substr(1)));
                } catch (const std::exception&) {
                }
            }
            throw std::runtime_error("unable to compile schema: unresolved $ref " + ref);
        }
        return schema;
    }

    bool typeMatches(const std::string& t, const json& v) {
        auto g = typeOf(v);
        if (t == g) return true;
        return t == "number" && g == "integer";
    }

    void run(const json& schemaIn, const json& v, const std::string& field) {
        const json& schema = resolve(schemaIn);
        if (schema.is_boolean()) {
            if (!schema.get<bool>()) add(field, "False always fails validation");
            return;
        }
        if (!schema.is_object()) return;
        if (schema.contains("type")) {
            std::vector<std::string> types;
            if (schema["type"].is_string())
                types.push_back(schema["type"]);
            else if (schema["type"].is_array())
                for (const auto& t : schema["type"])
                    types.push_back(t.get<std::string>());
            bool ok = types.empty();
            for (const auto& t : types)
                ok = ok || typeMatches(t, v);
            if (!ok) {
                std::string expected = types.size() == 1 ? types[0] : "[";
                if (types.size() > 1) {
                    for (size_t i = 0; i < types.size(); ++i)
                        expected += (i ? "," : "") + types[i];
                    expected += "]";
                }
                add(field, "Invalid type. Expected: " + expected + ", given: " + typeOf(v));
                return;
            }
        }
        if (schema.contains("enum") && schema["enum"].is_array()) {
            bool found = false;
            std::string allowed;
            for (const auto& e : schema["enum"]) {
                if (!allowed.empty()) allowed += ", ";
                allowed += goMarshal(e);
                found =
                    found || e == v || (e.is_number() && v.is_number() && e.get<double>() == v.get<double>());
            }
            if (!found) add(field, field + " must be one of the following: " + allowed);
        }
        if (schema.contains("const") && !(schema["const"] == v))
            add(field, field + " does not match: " + goMarshal(schema["const"]));
        if (v.is_number()) numberChecks(schema, v.get<double>(), field);
        if (v.is_string()) stringChecks(schema, v.get<std::string>(), field);
        if (v.is_array()) arrayChecks(schema, v, field);
        if (v.is_object()) objectChecks(schema, v, field);
        for (const char* k : {"allOf", "anyOf", "oneOf"}) {
            if (!schema.contains(k) || !schema[k].is_array()) continue;
            size_t passed = 0;
            std::vector<std::string> sub;
            for (const auto& s : schema[k]) {
                Validator inner(root_);
                inner.depth_ = depth_;
                inner.validate(s, v, field);
                if (inner.errors.empty()) ++passed;
                sub.insert(sub.end(), inner.errors.begin(), inner.errors.end());
            }
            std::string kw = k;
            if (kw == "allOf" && passed != schema[k].size()) {
                errors.insert(errors.end(), sub.begin(), sub.end());
                add(field, "Must validate all the schemas (allOf)");
            } else if (kw == "anyOf" && passed == 0) {
                add(field, "Must validate at least one schema (anyOf)");
            } else if (kw == "oneOf" && passed != 1) {
                add(field, "Must validate one and only one schema (oneOf)");
            }
        }
        if (schema.contains("not")) {
            Validator inner(root_);
            inner.depth_ = depth_;
            inner.validate(schema["not"], v, field);
            if (inner.errors.empty()) add(field, "Must not validate the schema (not)");
        }
    }

    void numberChecks(const json& s, double d, const std::string& field) {
        if (s.contains("minimum") && s["minimum"].is_number() && d < s["minimum"].get<double>())
            add(field, "Must be greater than or equal to " + num(s["minimum"]));
        if (s.contains("maximum") && s["maximum"].is_number() && d > s["maximum"].get<double>())
            add(field, "Must be less than or equal to " + num(s["maximum"]));
        if (s.contains("exclusiveMinimum") && s["exclusiveMinimum"].is_number() &&
            d <= s["exclusiveMinimum"].get<double>())
            add(field, "Must be greater than " + num(s["exclusiveMinimum"]));
        if (s.contains("exclusiveMaximum") && s["exclusiveMaximum"].is_number() &&
            d >= s["exclusiveMaximum"].get<double>())
            add(field, "Must be less than " + num(s["exclusiveMaximum"]));
        if (s.contains("multipleOf") && s["multipleOf"].is_number()) {
            double m = s["multipleOf"].get<double>();
            if (m != 0 && std::fmod(d, m) != 0) add(field, "Must be a multiple of " + num(s["multipleOf"]));
        }
    }

    void stringChecks(const json& s, const std::string& str, const std::string& field) {
        if (s.contains("minLength") && s["minLength"].is_number() &&
            utf8Length(str) < s["minLength"].get<size_t>())
            add(field, "String length must be greater than or equal to " + num(s["minLength"]));
        if (s.contains("maxLength") && s["maxLength"].is_number() &&
            utf8Length(str) > s["maxLength"].get<size_t>())
            add(field, "String length must be less than or equal to " + num(s["maxLength"]));
        if (s.contains("pattern") && s["pattern"].is_string()) {
            auto pattern = s["pattern"].get<std::string>();
            std::regex re;
            try {
                re = std::regex(pattern, std::regex::ECMAScript);
            } catch (const std::regex_error&) {
                throw std::runtime_error("unable to compile schema: invalid pattern " + pattern);
            }
            if (!std::regex_search(str, re)) add(field, "Does not match pattern '" + pattern + "'");
        }
    }

    void arrayChecks(const json& s, const json& v, const std::string& field) {
        if (s.contains("minItems") && s["minItems"].is_number() && v.size() < s["minItems"].get<size_t>())
            add(field, "Array must have at least " + num(s["minItems"]) + " items");
        if (s.contains("maxItems") && s["maxItems"].is_number() && v.size() > s["maxItems"].get<size_t>())
            add(field, "Array must have at most " + num(s["maxItems"]) + " items");
        if (s.contains("uniqueItems") && s["uniqueItems"] == true)
            for (size_t i = 0; i < v.size(); ++i)
                for (size_t j = i + 1; j < v.size(); ++j)
                    if (v[i] == v[j]) {
                        add(field, "array items[" + std::to_string(i) + "," + std::to_string(j) +
                                       "] must be unique");
                        i = v.size();
                        break;
                    }
        if (!s.contains("items")) return;
        const auto& items = s["items"];
        for (size_t i = 0; i < v.size(); ++i) {
            if (items.is_array()) {
                if (i < items.size()) validate(items[i], v[i], child(field, std::to_string(i)));
            } else {
                validate(items, v[i], child(field, std::to_string(i)));
            }
        }
    }

    void objectChecks(const json& s, const json& v, const std::string& field) {
        if (s.contains("required") && s["required"].is_array())
            for (const auto& r : s["required"])
                if (r.is_string() && !v.contains(r.get<std::string>()))
                    add(field, r.get<std::string>() + " is required");
        const json empty = json::object();
        const auto& props = s.contains("properties") && s["properties"].is_object() ? s["properties"] : empty;
        const auto& patterns = s.contains("patternProperties") && s["patternProperties"].is_object()
                                   ? s["patternProperties"]
                                   : empty;
        for (auto it = v.begin(); it != v.end(); ++it) {
            bool matched = false;
            if (props.contains(it.key())) {
                matched = true;
                validate(props[it.key()], it.value(), child(field, it.key()));
            }
            for (auto p = patterns.begin(); p != patterns.end(); ++p)
                if (std::regex_search(it.key(), std::regex(p.key()))) {
                    matched = true;
                    validate(p.value(), it.value(), child(field, it.key()));
                }
            if (matched || !s.contains("additionalProperties")) continue;
            const auto& ap = s["additionalProperties"];
            if (ap.is_boolean()) {
                if (!ap.get<bool>()) add(field, "Additional property " + it.key() + " is not allowed");
            } else {
                validate(ap, it.value(), child(field, it.key()));
            }
        }
    }

    const json& root_;
    int depth_ = 0;
};

} // namespace

std::vector<std::string> validateSchema(const json& schema, const json& values) {
    Validator v(schema);
    v.validate(schema, values.is_null() ? json::object() : values, "(root)");
    return v.errors;
}

std::string validateChartValues(const Chart& chart, const json& values) {
    std::string out;
    if (chart.schema) {
        json schema;
        try {
            schema = json::parse(*chart.schema);
        } catch (const std::exception& e) {
            out += chart.name() + ":\n" + "unable to compile schema: " + e.what() + "\n";
            schema = nullptr;
        }
        if (!schema.is_null()) {
            std::vector<std::string> errs;
            try {
                errs = validateSchema(schema, values);
            } catch (const std::exception& e) {
                errs = {e.what()};
            }
            if (!errs.empty()) {
                out += chart.name() + ":\n";
                for (const auto& e : errs)
                    out += "- " + e + "\n";
            }
        }
    }
    for (const auto& sub : chart.dependencies) {
        json sv = values.is_object() && values.contains(sub->name()) ? values[sub->name()] : json::object();
        out += validateChartValues(*sub, sv);
    }
    return out;
}

} // namespace kmcp::helm
