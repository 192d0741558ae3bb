#include "ManifestSorter.hpp"

#include "YamlJson.hpp"

#include <algorithm>
#include <cctype>
#include <unordered_map>

namespace kmcp::helm {

namespace {

bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

std::string trimSpace(const std::string& s) {
    size_t b = 0, e = s.size();
    while (b < e && isSpace(s[b]))
        ++b;
    while (e > b && isSpace(s[e - 1]))
        --e;
    return s.substr(b, e - b);
}

std::string lower(std::string s) {
    for (auto& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::vector<std::string> splitComma(const std::string& s) {
    std::vector<std::string> out;
    size_t start = 0;
    while (true) {
        auto comma = s.find(',', start);
        out.push_back(s.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

} // namespace

const std::vector<std::string>& installOrder() {
    static const std::vector<std::string> order = {"PriorityClass",
                                                   "Namespace",
                                                   "NetworkPolicy",
                                                   "ResourceQuota",
                                                   "LimitRange",
                                                   "PodSecurityPolicy",
                                                   "PodDisruptionBudget",
                                                   "ServiceAccount",
                                                   "Secret",
                                                   "SecretList",
                                                   "ConfigMap",
                                                   "StorageClass",
                                                   "PersistentVolume",
                                                   "PersistentVolumeClaim",
                                                   "CustomResourceDefinition",
                                                   "ClusterRole",
                                                   "ClusterRoleList",
                                                   "ClusterRoleBinding",
                                                   "ClusterRoleBindingList",
                                                   "Role",
                                                   "RoleList",
                                                   "RoleBinding",
                                                   "RoleBindingList",
                                                   "Service",
                                                   "DaemonSet",
                                                   "Pod",
                                                   "ReplicationController",
                                                   "ReplicaSet",
                                                   "Deployment",
                                                   "HorizontalPodAutoscaler",
                                                   "StatefulSet",
                                                   "Job",
                                                   "CronJob",
                                                   "IngressClass",
                                                   "Ingress",
                                                   "APIService"};
    return order;
}

const std::vector<std::string>& uninstallOrder() {
    static const std::vector<std::string> order = {"APIService",
                                                   "Ingress",
                                                   "IngressClass",
                                                   "Service",
                                                   "CronJob",
                                                   "Job",
                                                   "StatefulSet",
                                                   "HorizontalPodAutoscaler",
                                                   "Deployment",
                                                   "ReplicaSet",
                                                   "ReplicationController",
                                                   "Pod",
                                                   "DaemonSet",
                                                   "RoleBindingList",
                                                   "RoleBinding",
                                                   "RoleList",
                                                   "Role",
                                                   "ClusterRoleBindingList",
                                                   "ClusterRoleBinding",
                                                   "ClusterRoleList",
                                                   "ClusterRole",
                                                   "CustomResourceDefinition",
                                                   "PersistentVolumeClaim",
                                                   "PersistentVolume",
                                                   "StorageClass",
                                                   "ConfigMap",
                                                   "SecretList",
                                                   "Secret",
                                                   "ServiceAccount",
                                                   "PodDisruptionBudget",
                                                   "PodSecurityPolicy",
                                                   "LimitRange",
                                                   "ResourceQuota",
                                                   "NetworkPolicy",
                                                   "Namespace",
                                                   "PriorityClass"};
    return order;
}

std::vector<std::string> splitManifests(const std::string& text) {
    // The separator is the regexp (?:^|\s*\n)---\s* applied leftmost-first, like regexp.Split.
    auto s = trimSpace(text);
    std::vector<std::string> parts;
    size_t start = 0, p = 0;
    while (p < s.size()) {
        size_t end = std::string::npos, next = p + 1;
        if (p == 0 && s.compare(0, 3, "---") == 0) {
            end = 3;
        } else if (isSpace(s[p])) {
            size_t q = p;
            while (q < s.size() && isSpace(s[q]))
                ++q;
            if (s[q - 1] == '\n' && s.compare(q, 3, "---") == 0)
                end = q + 3;
            else
                next = q;
        }
        if (end == std::string::npos) {
            p = next;
            continue;
        }
        while (end < s.size() && isSpace(s[end]))
            ++end;
        parts.push_back(s.substr(start, p - start));
        start = p = end;
    }
    parts.push_back(s.substr(start));
    std::vector<std::string> out;
    for (const auto& d : parts)
        if (!d.empty()) out.push_back(trimSpace(d));
    return out;
}

SimpleHead parseHead(const std::string& doc, const std::string& path) {
    SimpleHead h;
    nlohmann::json j;
    try {
        j = yamlToJson(doc);
    } catch (const std::exception& e) {
        throw std::runtime_error("YAML parse error on " + path + ": " + e.what());
    }
    if (j.is_null()) return h;
    if (!j.is_object())
        throw std::runtime_error(
            "YAML parse error on " + path +
            ": error unmarshaling JSON: json: cannot unmarshal into Go value of type releaseutil.SimpleHead");
    auto str = [&](const nlohmann::json& o, const char* k) {
        auto it = o.find(k);
        return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    h.apiVersion = str(j, "apiVersion");
    h.kind = str(j, "kind");
    if (j.contains("metadata") && j["metadata"].is_object()) {
        const auto& m = j["metadata"];
        h.hasMetadata = true;
        h.name = str(m, "name");
        h.ns = str(m, "namespace");
        if (m.contains("annotations") && m["annotations"].is_object())
            for (auto it = m["annotations"].begin(); it != m["annotations"].end(); ++it) {
                if (!it->is_string() && !it->is_null())
                    throw std::runtime_error("YAML parse error on " + path +
                                             ": error unmarshaling JSON: json: cannot unmarshal " +
                                             (it->is_number()    ? "number"
                                              : it->is_boolean() ? "bool"
                                                                 : "object") +
                                             " into Go struct field .metadata.annotations of type string");
                h.annotations[it.key()] = it->is_string() ? it->get<std::string>() : "";
            }
    }
    return h;
}

namespace {
template <typename T, typename KindOf>
void stableKindSort(std::vector<T>& v, const std::vector<std::string>& order, KindOf kindOf) {
    std::unordered_map<std::string, int> rank;
    for (size_t i = 0; i < order.size(); ++i)
        rank[order[i]] = static_cast<int>(i);
    std::stable_sort(v.begin(), v.end(), [&](const T& a, const T& b) {
        const auto& ka = kindOf(a);
        const auto& kb = kindOf(b);
        auto ia = rank.find(ka), ib = rank.find(kb);
        bool aok = ia != rank.end(), bok = ib != rank.end();
        if (!aok && !bok) return ka != kb && ka < kb;
        if (!aok) return false;
        if (!bok) return true;
        return ia->second < ib->second;
    });
}
} // namespace

void sortByKind(std::vector<Manifest>& manifests, const std::vector<std::string>& order) {
    stableKindSort(manifests, order, [](const Manifest& m) -> const std::string& { return m.head.kind; });
}

SortedManifests sortManifests(const std::map<std::string, std::string>& files,
                              const std::vector<std::string>& order) {
    static const std::map<std::string, std::string> events = {{"pre-install", "pre-install"},
                                                              {"post-install", "post-install"},
                                                              {"pre-delete", "pre-delete"},
                                                              {"post-delete", "post-delete"},
                                                              {"pre-upgrade", "pre-upgrade"},
                                                              {"post-upgrade", "post-upgrade"},
                                                              {"pre-rollback", "pre-rollback"},
                                                              {"post-rollback", "post-rollback"},
                                                              {"test", "test"},
                                                              {"test-success", "test"}};
    SortedManifests out;
    for (const auto& [path, content] : files) { // std::map: sorted by path like sort.Strings
        auto slash = path.rfind('/');
        auto base = slash == std::string::npos ? path : path.substr(slash + 1);
        if (!base.empty() && base[0] == '_') continue;
        if (trimSpace(content).empty()) continue;
        for (const auto& doc : splitManifests(content)) {
            auto head = parseHead(doc, path);
            auto hookIt = head.annotations.find("helm.sh/hook");
            if (hookIt == head.annotations.end()) {
                out.manifests.push_back({path, doc, head});
                continue;
            }
            Hook h;
            h.name = head.name;
            h.kind = head.kind;
            h.path = path;
            h.manifest = doc;
            auto w = head.annotations.find("helm.sh/hook-weight");
            if (w != head.annotations.end()) {
                try {
                    size_t used = 0;
                    long v = std::stol(w->second, &used);
                    h.weight = used == w->second.size() ? static_cast<int>(v) : 0;
                } catch (const std::exception&) {
                    h.weight = 0;
                }
            }
            bool unknown = false;
            for (auto ev : splitComma(hookIt->second)) {
                auto e = events.find(lower(trimSpace(ev)));
                if (e == events.end()) {
                    unknown = true;
                    break;
                }
                h.events.push_back(e->second);
            }
            if (unknown) continue;
            auto dp = head.annotations.find("helm.sh/hook-delete-policy");
            if (dp != head.annotations.end())
                for (auto p : splitComma(dp->second))
                    h.deletePolicies.push_back(lower(trimSpace(p)));
            out.hooks.push_back(std::move(h));
        }
    }
    stableKindSort(out.hooks, order, [](const Hook& h) -> const std::string& { return h.kind; });
    sortByKind(out.manifests, order);
    return out;
}

std::string joinManifests(const std::vector<Manifest>& manifests) {
    std::string out;
    for (const auto& m : manifests)
        out += "---\n# Source: " + m.name + "\n" + m.content + "\n";
    return out;
}

std::string templateOutput(const std::string& manifest, const std::vector<Hook>& hooks) {
    std::string out = trimSpace(manifest) + "\n";
    for (const auto& h : hooks)
        out += "---\n# Source: " + h.path + "\n" + h.manifest + "\n";
    return out;
}

} // namespace kmcp::helm
