#include "ObjectCleanup.hpp"

#include <string>

namespace kmcp::plugins::core {

namespace {

bool isSecret(const nlohmann::json& object) {
    return object.value("kind", "") == "Secret" && object.value("apiVersion", "") == "v1";
}

void redactValues(nlohmann::json& map) {
    if (!map.is_object()) return;
    for (auto& [_, value] : map.items())
        value = kRedacted;
}

} // namespace

void cleanObject(nlohmann::json& object, bool redactSecrets) {
    if (!object.is_object()) return;
    if (object.contains("metadata") && object["metadata"].is_object())
        object["metadata"].erase("managedFields");
    if (!redactSecrets || !isSecret(object)) return;
    if (object.contains("data")) redactValues(object["data"]);
    if (object.contains("stringData")) redactValues(object["stringData"]);
    auto& meta = object["metadata"];
    if (meta.is_object() && meta.contains("annotations") && meta["annotations"].is_object()) {
        auto& ann = meta["annotations"];
        if (ann.contains("kubectl.kubernetes.io/last-applied-configuration"))
            ann["kubectl.kubernetes.io/last-applied-configuration"] = kRedacted;
    }
}

nlohmann::json cleanListItems(const nlohmann::json& list, bool redactSecrets) {
    auto items = nlohmann::json::array();
    if (!list.contains("items") || !list["items"].is_array()) return items;
    std::string listKind = list.value("kind", "");
    std::string itemKind =
        listKind.size() > 4 && listKind.ends_with("List") ? listKind.substr(0, listKind.size() - 4) : "";
    std::string apiVersion = list.value("apiVersion", "");
    for (auto item : list["items"]) {
        if (item.is_object() && !item.contains("kind") && !item.contains("apiVersion") && !itemKind.empty()) {
            item["kind"] = itemKind;
            item["apiVersion"] = apiVersion;
        }
        cleanObject(item, redactSecrets);
        items.push_back(std::move(item));
    }
    return items;
}

} // namespace kmcp::plugins::core
