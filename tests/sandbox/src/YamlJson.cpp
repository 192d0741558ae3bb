#include "YamlJson.hpp"

#include "ApiError.hpp"

#include <yaml-cpp/yaml.h>

#include <regex>

namespace kmcp::sandbox {

using nlohmann::json;

namespace {

json scalarToJson(const YAML::Node& node) {
    const std::string& text = node.Scalar();
    if (node.Tag() == "!") {
        return text;
    }
    if (text == "null" || text == "~" || text.empty()) {
        return nullptr;
    }
    if (text == "true" || text == "True" || text == "TRUE") {
        return true;
    }
    if (text == "false" || text == "False" || text == "FALSE") {
        return false;
    }
    static const std::regex intRe("^[-+]?[0-9]+$");
    static const std::regex floatRe("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$");
    if (std::regex_match(text, intRe)) {
        try {
            return std::stoll(text);
        } catch (const std::exception&) {
            return text;
        }
    }
    if (std::regex_match(text, floatRe)) {
        return std::stod(text);
    }
    return text;
}

json nodeToJson(const YAML::Node& node) {
    switch (node.Type()) {
    case YAML::NodeType::Map: {
        json obj = json::object();
        for (const auto& kv : node) {
            obj[kv.first.as<std::string>()] = nodeToJson(kv.second);
        }
        return obj;
    }
    case YAML::NodeType::Sequence: {
        json arr = json::array();
        for (const auto& item : node) {
            arr.push_back(nodeToJson(item));
        }
        return arr;
    }
    case YAML::NodeType::Scalar:
        return scalarToJson(node);
    default:
        return nullptr;
    }
}

void emit(YAML::Emitter& out, const json& value) {
    if (value.is_object()) {
        out << YAML::BeginMap;
        for (const auto& [k, v] : value.items()) {
            out << YAML::Key << k << YAML::Value;
            emit(out, v);
        }
        out << YAML::EndMap;
    } else if (value.is_array()) {
        out << YAML::BeginSeq;
        for (const auto& v : value) {
            emit(out, v);
        }
        out << YAML::EndSeq;
    } else if (value.is_string()) {
        out << value.get<std::string>();
    } else if (value.is_null()) {
        out << YAML::Null;
    } else {
        out << value.dump();
    }
}

} // namespace

json yamlToJson(const std::string& text) {
    try {
        return nodeToJson(YAML::Load(text));
    } catch (const YAML::Exception& e) {
        throw badRequest(std::string("error decoding YAML: ") + e.what());
    }
}

std::string jsonToYaml(const json& value) {
    YAML::Emitter out;
    emit(out, value);
    return std::string(out.c_str()) + "\n";
}

} // namespace kmcp::sandbox
