#include "Patch.hpp"

#include "ApiError.hpp"

#include <algorithm>

namespace kmcp::sandbox {

using nlohmann::json;

PatchType patchTypeFromContentType(const std::string& contentType) {
    std::string base = contentType.substr(0, contentType.find(';'));
    if (base == "application/merge-patch+json") {
        return PatchType::Merge;
    }
    if (base == "application/json-patch+json") {
        return PatchType::Json;
    }
    if (base == "application/strategic-merge-patch+json") {
        return PatchType::Strategic;
    }
    if (base == "application/apply-patch+yaml" || base == "application/apply-patch+cbor") {
        return PatchType::Apply;
    }
    throw ApiError(415, "UnsupportedMediaType",
                   "the body of the request was in an unknown format - accepted media types include: "
                   "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, "
                   "application/strategic-merge-patch+json");
}

json applyMergePatch(const json& target, const json& patch) {
    if (!patch.is_object()) {
        throw badRequest("error decoding patch: merge patch must be a JSON object");
    }
    json result = target;
    result.merge_patch(patch);
    return result;
}

json applyJsonPatch(const json& target, const json& patch) {
    if (!patch.is_array()) {
        throw badRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
    }
    try {
        return target.patch(patch);
    } catch (const json::exception& e) {
        throw ApiError(422, "Invalid",
                       std::string("the server rejected our request due to an error in our request: ") +
                           e.what());
    }
}

namespace {

// The field that identifies list elements for a strategic merge, or "" when the list is replaced.
std::string mergeKeyFor(const std::string& field, const json& patchList, const json& liveList) {
    if (field == "volumeMounts" || field == "volumeDevices") {
        return field == "volumeMounts" ? "mountPath" : "devicePath";
    }
    auto allHave = [](const json& list, const std::string& key) {
        return !list.empty() && std::all_of(list.begin(), list.end(), [&](const json& e) {
            return e.is_object() && (e.contains(key) || e.contains("$patch"));
        });
    };
    if (field == "ports") {
        if (allHave(patchList, "containerPort")) {
            return "containerPort";
        }
        if (allHave(patchList, "port")) {
            return "port";
        }
        return "";
    }
    if (field == "conditions" && allHave(patchList, "type")) {
        return "type";
    }
    if (allHave(patchList, "name") && (liveList.empty() || allHave(liveList, "name"))) {
        return "name";
    }
    return "";
}

json strategicMerge(const json& live, const json& patch, bool allowDelete);

json mergeList(const std::string& field, const json& live, const json& patch, bool allowDelete) {
    if (!live.is_array()) {
        json cleaned = json::array();
        for (const auto& e : patch) {
            if (!(e.is_object() && e.value("$patch", "") == "delete")) {
                cleaned.push_back(e.is_object() ? strategicMerge(json::object(), e, allowDelete) : e);
            }
        }
        return cleaned;
    }
    if (!patch.empty() && patch[0].is_object() && patch[0].value("$patch", "") == "replace") {
        return json(patch.begin() + 1, patch.end());
    }
    std::string key = mergeKeyFor(field, patch, live);
    if (key.empty()) {
        return patch;
    }
    json result = live;
    for (const auto& element : patch) {
        auto match = std::find_if(result.begin(), result.end(), [&](const json& e) {
            return e.is_object() && e.contains(key) && e.at(key) == element.at(key);
        });
        bool remove = element.value("$patch", "") == "delete";
        if (remove) {
            if (match != result.end()) {
                result.erase(match);
            }
        } else if (match != result.end()) {
            *match = strategicMerge(*match, element, allowDelete);
        } else {
            result.push_back(strategicMerge(json::object(), element, allowDelete));
        }
    }
    return result;
}

json strategicMerge(const json& live, const json& patch, bool allowDelete) {
    if (!patch.is_object()) {
        return patch;
    }
    if (patch.value("$patch", "") == "replace") {
        json replaced = patch;
        replaced.erase("$patch");
        return replaced;
    }
    json result = live.is_object() ? live : json::object();
    for (const auto& [key, value] : patch.items()) {
        if (key == "$patch" || key == "$retainKeys" || key.rfind("$setElementOrder/", 0) == 0) {
            continue;
        }
        if (key.rfind("$deleteFromPrimitiveList/", 0) == 0) {
            std::string field = key.substr(std::string("$deleteFromPrimitiveList/").size());
            if (result.contains(field) && result[field].is_array() && value.is_array()) {
                json kept = json::array();
                for (const auto& v : result[field]) {
                    if (std::find(value.begin(), value.end(), v) == value.end()) {
                        kept.push_back(v);
                    }
                }
                result[field] = kept;
            }
            continue;
        }
        if (value.is_null()) {
            if (allowDelete) {
                result.erase(key);
            }
            continue;
        }
        if (value.is_object()) {
            if (value.value("$patch", "") == "delete") {
                result.erase(key);
                continue;
            }
            result[key] =
                strategicMerge(result.contains(key) ? result[key] : json::object(), value, allowDelete);
        } else if (value.is_array()) {
            result[key] = mergeList(key, result.contains(key) ? result[key] : json(), value, allowDelete);
        } else {
            result[key] = value;
        }
    }
    return result;
}

} // namespace

json applyStrategicMergePatch(const json& target, const json& patch) {
    if (!patch.is_object()) {
        throw badRequest("error decoding patch: strategic merge patch must be a JSON object");
    }
    return strategicMerge(target, patch, true);
}

json applyServerSideApply(const json& target, const json& applied) {
    if (!applied.is_object()) {
        throw badRequest("error decoding YAML: apply configuration must be an object");
    }
    return strategicMerge(target, applied, false);
}

} // namespace kmcp::sandbox
