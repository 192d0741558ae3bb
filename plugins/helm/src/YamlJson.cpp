#include "YamlJson.hpp"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <limits>
#include <regex>
#include <stdexcept>

namespace kmcp::helm {

namespace {

bool isPlain(const YAML::Node& n) {
    return n.Tag() == "?" || n.Tag().empty();
}

std::string keyText(const YAML::Node& k) {
    if (!k.IsScalar()) throw std::runtime_error("yaml: invalid map key: only scalar keys are supported");
    if (!isPlain(k)) return k.Scalar();
    auto v = resolvePlainScalar(k.Scalar());
    if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
    if (v.is_null()) return "null";
    return k.Scalar();
}

nlohmann::json convert(const YAML::Node& n, bool strings, int depth) {
    if (depth > 200) throw std::runtime_error("yaml: document nested too deeply");
    switch (n.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
        return nullptr;
    case YAML::NodeType::Scalar: {
        const auto& tag = n.Tag();
        if (tag == "!" || tag == "tag:yaml.org,2002:str" || tag == "!!str") return n.Scalar();
        if (strings) {
            auto v = resolvePlainScalar(n.Scalar());
            return v.is_null() ? nlohmann::json() : nlohmann::json(n.Scalar());
        }
        if (tag == "tag:yaml.org,2002:int" || tag == "tag:yaml.org,2002:float" ||
            tag == "tag:yaml.org,2002:bool" || tag == "tag:yaml.org,2002:null" || isPlain(n))
            return resolvePlainScalar(n.Scalar());
        return n.Scalar();
    }
    case YAML::NodeType::Sequence: {
        auto arr = nlohmann::json::array();
        for (const auto& e : n)
            arr.push_back(convert(e, strings, depth + 1));
        return arr;
    }
    case YAML::NodeType::Map: {
        auto obj = nlohmann::json::object();
        nlohmann::json merged = nlohmann::json::object();
        for (const auto& kv : n) {
            if (kv.first.IsScalar() && kv.first.Scalar() == "<<" && isPlain(kv.first)) {
                auto m = convert(kv.second, strings, depth + 1);
                auto addAll = [&](const nlohmann::json& src) {
                    if (!src.is_object())
                        throw std::runtime_error("yaml: map merge requires map or sequence of maps");
                    for (auto it = src.begin(); it != src.end(); ++it)
                        if (!merged.contains(it.key())) merged[it.key()] = it.value();
                };
                if (m.is_array())
                    for (const auto& e : m)
                        addAll(e);
                else
                    addAll(m);
                continue;
            }
            obj[keyText(kv.first)] = convert(kv.second, strings, depth + 1);
        }
        for (auto it = merged.begin(); it != merged.end(); ++it)
            if (!obj.contains(it.key())) obj[it.key()] = it.value();
        return obj;
    }
    }
    return nullptr;
}

} // namespace

nlohmann::json resolvePlainScalar(const std::string& s) {
    if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
    static const char* trues[] = {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"};
    static const char* falses[] = {"n",     "N",     "no",  "No",  "NO", "false",
                                   "False", "FALSE", "off", "Off", "OFF"};
    for (auto t : trues)
        if (s == t) return true;
    for (auto f : falses)
        if (s == f) return false;
    if (s == ".inf" || s == ".Inf" || s == ".INF" || s == "+.inf" || s == "+.Inf" || s == "+.INF")
        return std::numeric_limits<double>::infinity();
    if (s == "-.inf" || s == "-.Inf" || s == "-.INF") return -std::numeric_limits<double>::infinity();
    if (s == ".nan" || s == ".NaN" || s == ".NAN") return std::numeric_limits<double>::quiet_NaN();
    char c = s[0];
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '+' || c == '.')) return s;
    std::string plain;
    for (char ch : s)
        if (ch != '_') plain += ch;
    static const std::regex intRe("[-+]?(0|[1-9][0-9]*)");
    static const std::regex hexRe("[-+]?0x[0-9a-fA-F]+");
    static const std::regex octRe("[-+]?0[0-7]+");
    static const std::regex binRe("[-+]?0b[01]+");
    static const std::regex floatRe("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
    try {
        auto signedParse = [&](int base, size_t prefix) -> nlohmann::json {
            bool neg = plain[0] == '-';
            size_t start = (plain[0] == '-' || plain[0] == '+') ? 1 : 0;
            auto digits = plain.substr(start + prefix);
            unsigned long long v = std::stoull(digits, nullptr, base);
            if (neg) {
                if (v > static_cast<unsigned long long>(std::numeric_limits<long long>::max()) + 1ULL)
                    return -static_cast<double>(v);
                return static_cast<long long>(0ULL - v);
            }
            if (v > static_cast<unsigned long long>(std::numeric_limits<long long>::max()))
                return static_cast<double>(v);
            return static_cast<long long>(v);
        };
        if (std::regex_match(plain, intRe)) return signedParse(10, 0);
        if (std::regex_match(plain, hexRe)) return signedParse(16, 2);
        if (std::regex_match(plain, binRe)) return signedParse(2, 2);
        if (std::regex_match(plain, octRe)) return signedParse(8, 1);
        if (std::regex_match(plain, floatRe) && plain != "." && plain != "+." && plain != "-.")
            return std::stod(plain);
    } catch (const std::out_of_range&) {
        return std::stod(plain);
    } catch (const std::invalid_argument&) {
        return s;
    }
    return s;
}

nlohmann::json yamlNodeToJson(const YAML::Node& node) {
    return convert(node, false, 0);
}

nlohmann::json yamlToJson(const std::string& text) {
    try {
        return convert(YAML::Load(text), false, 0);
    } catch (const YAML::Exception& e) {
        throw std::runtime_error(std::string("yaml: ") + e.what());
    }
}

nlohmann::json yamlToJsonStrings(const std::string& text) {
    try {
        return convert(YAML::Load(text), true, 0);
    } catch (const YAML::Exception& e) {
        throw std::runtime_error(std::string("yaml: ") + e.what());
    }
}

std::vector<nlohmann::json> yamlDocumentsToJson(const std::string& text) {
    try {
        std::vector<nlohmann::json> out;
        for (const auto& d : YAML::LoadAll(text))
            out.push_back(convert(d, false, 0));
        return out;
    } catch (const YAML::Exception& e) {
        throw std::runtime_error(std::string("yaml: ") + e.what());
    }
}

} // namespace kmcp::helm
