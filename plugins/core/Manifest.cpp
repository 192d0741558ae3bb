#include "Manifest.hpp"

#include <kmcp/plugin.hpp>
#include <kmcp/yaml.hpp>

#include <yaml-cpp/yaml.h>

namespace kmcp::plugins::core {

namespace {

nlohmann::json toJson(const YAML::Node& node) {
    switch (node.Type()) {
    case YAML::NodeType::Null:
        return nullptr;
    case YAML::NodeType::Scalar: {
        const std::string& tag = node.Tag();
        if (tag == "!" || tag == "tag:yaml.org,2002:str" || tag == "tag:yaml.org,2002:binary")
            return node.Scalar();
        return sdk::resolveYamlScalar(node.Scalar());
    }
    case YAML::NodeType::Sequence: {
        auto arr = nlohmann::json::array();
        for (const auto& item : node)
            arr.push_back(toJson(item));
        return arr;
    }
    case YAML::NodeType::Map: {
        auto obj = nlohmann::json::object();
        for (const auto& kv : node) {
            std::string key = kv.first.IsScalar() ? kv.first.Scalar() : YAML::Dump(kv.first);
            obj[key] = toJson(kv.second);
        }
        return obj;
    }
    default:
        return nullptr;
    }
}

std::string describe(size_t index) {
    return "document " + std::to_string(index + 1);
}

void addObject(nlohmann::json doc, size_t index, std::vector<nlohmann::json>& out) {
    if (doc.is_null()) return;
    if (!doc.is_object())
        throw sdk::invalidArgument("invalid argument resource: " + describe(index) +
                                   " is not a mapping/object");
    std::string kind = doc.value("kind", "");
    if (kind == "List" || (kind.ends_with("List") && doc.contains("items") && doc["items"].is_array())) {
        for (auto& item : doc["items"])
            addObject(std::move(item), index, out);
        return;
    }
    doc.erase("status");
    auto missing = [&](const char* field) {
        return sdk::invalidArgument("invalid argument resource: " + describe(index) + " has no " + field);
    };
    if (!doc.contains("apiVersion") || !doc["apiVersion"].is_string() ||
        doc["apiVersion"].get<std::string>().empty())
        throw missing("apiVersion");
    if (kind.empty()) throw missing("kind");
    const auto& meta = doc.contains("metadata") ? doc["metadata"] : nlohmann::json();
    if (!meta.is_object() || !meta.contains("name") || !meta["name"].is_string() ||
        meta["name"].get<std::string>().empty())
        throw missing("metadata.name (server-side apply needs a name; generateName is not supported)");
    out.push_back(std::move(doc));
}

} // namespace

std::vector<nlohmann::json> parseManifests(const std::string& text) {
    std::vector<nlohmann::json> out;
    auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) throw sdk::invalidArgument("invalid argument resource: it is empty");
    if (text[first] == '{' || text[first] == '[') {
        // Strict JSON first: YAML parsers reject some valid JSON (tabs used as indentation).
        auto parsed = nlohmann::json::parse(text, nullptr, false);
        if (!parsed.is_discarded()) {
            if (parsed.is_array()) {
                for (size_t i = 0; i < parsed.size(); ++i)
                    addObject(std::move(parsed[i]), i, out);
            } else {
                addObject(std::move(parsed), 0, out);
            }
            if (out.empty()) throw sdk::invalidArgument("invalid argument resource: it holds no object");
            return out;
        }
    }
    std::vector<YAML::Node> docs;
    try {
        docs = YAML::LoadAll(text);
    } catch (const YAML::Exception& e) {
        throw sdk::invalidArgument("invalid argument resource: not valid YAML or JSON: " +
                                   std::string(e.what()));
    }
    for (size_t i = 0; i < docs.size(); ++i)
        addObject(toJson(docs[i]), i, out);
    if (out.empty()) throw sdk::invalidArgument("invalid argument resource: it holds no object");
    return out;
}

} // namespace kmcp::plugins::core
