#include "FakeKube.hpp"

#include <algorithm>

using kmcp::helm::ApiResponse;
using nlohmann::json;

namespace {

std::string decode(const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size()) {
            out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

ApiResponse status(int code, const std::string& reason, const std::string& message) {
    json s = {{"kind", "Status"}, {"apiVersion", "v1"}, {"status", "Failure"},
              {"reason", reason}, {"message", message}, {"code", code}};
    return {code, s.dump(), message};
}

bool selectorMatches(const json& obj, const std::string& selector) {
    if (selector.empty()) return true;
    auto labels = obj["metadata"].value("labels", json::object());
    size_t start = 0;
    while (true) {
        auto comma = selector.find(',', start);
        auto term = selector.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        auto eq = term.find('=');
        auto k = term.substr(0, eq), v = term.substr(eq + 1);
        if (!labels.contains(k) || labels[k] != v) return false;
        if (comma == std::string::npos) return true;
        start = comma + 1;
    }
}

// "/api/v1/namespaces/ns/secrets" → ns; "" when cluster-scoped or all namespaces.
std::string namespaceOf(const std::string& path) {
    auto p = path.find("/namespaces/");
    if (p == std::string::npos) return "";
    auto rest = path.substr(p + 12);
    return rest.substr(0, rest.find('/'));
}

} // namespace

ApiResponse FakeKube::request(const std::string& method, const std::string& path, const std::string& query,
                              const std::string& body, const std::string& contentType) {
    calls.push_back({method, path, query, body, contentType});
    auto ns = namespaceOf(path);
    if (!ns.empty() && forbiddenNamespaces.count(ns))
        return status(403, "Forbidden",
                      "secrets is forbidden: User \"bob\" cannot " + method + " resource in namespace \"" +
                          ns + "\"");
    std::string selector;
    if (query.rfind("labelSelector=", 0) == 0) selector = decode(query.substr(14));
    if (method == "GET") {
        if (objects.count(path)) return {200, objects[path].dump(), ""};
        auto segs = std::count(path.begin(), path.end(), '/') - (path.rfind("/apis/", 0) == 0 ? 1 : 0);
        if (segs == 4 || segs == 6)
            return status(404, "NotFound", path.substr(path.rfind('/') + 1) + " not found");
        auto res = path.substr(path.rfind('/') + 1);
        auto prefix = path.substr(0, path.rfind('/'));
        json items = json::array();
        for (const auto& [key, obj] : objects) {
            auto parent = key.substr(0, key.rfind('/'));
            bool in = parent == path;
            // All namespaces: <prefix>/namespaces/<ns>/<res>.
            if (segs == 3 && parent.rfind(prefix + "/namespaces/", 0) == 0 &&
                parent.size() > res.size() + 1 &&
                parent.substr(parent.size() - res.size() - 1) == "/" + res &&
                std::count(parent.begin(), parent.end(), '/') ==
                    std::count(path.begin(), path.end(), '/') + 2)
                in = true;
            if (in && selectorMatches(obj, selector)) items.push_back(obj);
        }
        return {200, json{{"kind", "List"}, {"items", items}}.dump(), ""};
    }
    if (method == "POST") {
        auto obj = json::parse(body);
        if (failCreateKinds.count(obj.value("kind", "")))
            return status(422, "Invalid",
                          obj.value("kind", "") + " \"" + obj["metadata"].value("name", "") +
                              "\" is invalid: spec: Required value");
        auto key = path + "/" + obj["metadata"].value("name", "");
        if (objects.count(key))
            return status(409, "AlreadyExists",
                          "\"" + obj["metadata"].value("name", "") + "\" already exists");
        objects[key] = obj;
        return {201, obj.dump(), ""};
    }
    if (method == "PUT") {
        if (!objects.count(path)) return status(404, "NotFound", "not found");
        objects[path] = json::parse(body);
        return {200, body, ""};
    }
    if (method == "PATCH") {
        // Server-side apply (our client sends JSON, which is YAML too): create or replace.
        auto obj = json::parse(body);
        if (failCreateKinds.count(obj.value("kind", "")))
            return status(422, "Invalid",
                          obj.value("kind", "") + " \"" + obj["metadata"].value("name", "") +
                              "\" is invalid: spec: Required value");
        objects[path] = obj;
        return {200, obj.dump(), ""};
    }
    if (method == "DELETE") {
        if (!objects.erase(path)) return status(404, "NotFound", "not found");
        return {200, "{}", ""};
    }
    return status(405, "MethodNotAllowed", "method not allowed");
}

std::optional<json> FakeKube::restMapping(const std::string& apiVersion, const std::string& kind) {
    static const std::map<std::string, std::pair<std::string, bool>> kinds = {
        {"ConfigMap", {"configmaps", true}},
        {"Secret", {"secrets", true}},
        {"Service", {"services", true}},
        {"ServiceAccount", {"serviceaccounts", true}},
        {"Pod", {"pods", true}},
        {"Deployment", {"deployments", true}},
        {"Job", {"jobs", true}},
        {"Namespace", {"namespaces", false}},
        {"ClusterRole", {"clusterroles", false}},
        {"Ingress", {"ingresses", true}},
        {"HorizontalPodAutoscaler", {"horizontalpodautoscalers", true}},
        {"StatefulSet", {"statefulsets", true}},
        {"CustomResourceDefinition", {"customresourcedefinitions", false}}};
    auto it = kinds.find(kind);
    if (it == kinds.end()) return std::nullopt;
    auto slash = apiVersion.find('/');
    std::string group = slash == std::string::npos ? "" : apiVersion.substr(0, slash);
    std::string version = slash == std::string::npos ? apiVersion : apiVersion.substr(slash + 1);
    return json{{"group", group},
                {"version", version},
                {"kind", kind},
                {"resource", it->second.first},
                {"namespaced", it->second.second}};
}

std::vector<std::string> FakeKube::names(const std::string& collection) const {
    std::vector<std::string> out;
    for (const auto& [key, obj] : objects)
        if (key.substr(0, key.rfind('/')) == collection) out.push_back(key.substr(key.rfind('/') + 1));
    return out;
}

size_t FakeKube::count(const std::string& method) const {
    return static_cast<size_t>(
        std::count_if(calls.begin(), calls.end(), [&](const Call& c) { return c.method == method; }));
}
