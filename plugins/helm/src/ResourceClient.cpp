#include "ResourceClient.hpp"

namespace kmcp::helm {

using nlohmann::json;

std::string ResourceClient::describe(const json& obj) {
    auto meta = obj.value("metadata", json::object());
    auto ns = meta.value("namespace", "");
    return obj.value("kind", "") + (ns.empty() ? "" : "/" + ns) + "/" + meta.value("name", "");
}

std::string ResourceClient::objectPath(json& obj) {
    auto apiVersion = obj.value("apiVersion", "");
    auto kind = obj.value("kind", "");
    auto name = obj.contains("metadata") ? obj["metadata"].value("name", "") : "";
    if (kind.empty() || apiVersion.empty())
        throw KubeError(400, "manifest is missing apiVersion or kind: " + obj.dump().substr(0, 200));
    if (name.empty()) throw KubeError(400, kind + " in the manifest has no metadata.name");
    auto mapping = api_.restMapping(apiVersion, kind);
    if (!mapping)
        throw KubeError(404, "resource mapping not found for name: \"" + name + "\" namespace: \"" +
                                 obj["metadata"].value("namespace", "") +
                                 "\" from \"\": no matches for kind \"" + kind + "\" in version \"" +
                                 apiVersion + "\"\nensure CRDs are installed first");
    auto group = mapping->value("group", "");
    auto version = mapping->value("version", "");
    std::string base = group.empty() ? "/api/" + version : "/apis/" + group + "/" + version;
    auto resource = mapping->value("resource", "");
    if (mapping->value("namespaced", true)) {
        auto ns = obj["metadata"].value("namespace", "");
        if (ns.empty()) {
            ns = ns_;
            obj["metadata"]["namespace"] = ns;
        }
        return base + "/namespaces/" + ns + "/" + resource + "/" + name;
    }
    obj["metadata"].erase("namespace");
    return base + "/" + resource + "/" + name;
}

std::optional<json> ResourceClient::get(json obj) {
    auto path = objectPath(obj);
    auto r = api_.request("GET", path);
    if (r.status == 404) return std::nullopt;
    if (!r.ok())
        throw KubeError(r.status, r.message.empty() ? "HTTP " + std::to_string(r.status) : r.message);
    return json::parse(r.body);
}

void ResourceClient::apply(json obj) {
    auto path = objectPath(obj);
    auto r = api_.request("PATCH", path, "fieldManager=helm&force=true", obj.dump(),
                          "application/apply-patch+yaml");
    if (!r.ok())
        throw KubeError(r.status, "failed to apply " + describe(obj) + ": " +
                                      (r.message.empty() ? "HTTP " + std::to_string(r.status) : r.message));
}

void ResourceClient::remove(json obj) {
    auto path = objectPath(obj);
    json opts = {{"kind", "DeleteOptions"}, {"apiVersion", "v1"}, {"propagationPolicy", "Background"}};
    auto r = api_.request("DELETE", path, "", opts.dump(), "application/json");
    if (r.status == 404) return;
    if (!r.ok())
        throw KubeError(r.status, "failed to delete " + describe(obj) + ": " +
                                      (r.message.empty() ? "HTTP " + std::to_string(r.status) : r.message));
}

} // namespace kmcp::helm
