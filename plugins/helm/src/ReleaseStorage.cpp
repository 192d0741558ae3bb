#include "ReleaseStorage.hpp"

#include "Codec.hpp"

#include <algorithm>
#include <chrono>

namespace kmcp::helm {

namespace {
std::string unixNow() {
    return std::to_string(
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
            .count());
}

StorageError apiError(const ApiResponse& r, const std::string& what) {
    return StorageError(r.status,
                        what + ": " + (r.message.empty() ? "HTTP " + std::to_string(r.status) : r.message));
}
} // namespace

std::string urlEncode(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

ReleaseStorage::Driver ReleaseStorage::parseDriver(const std::string& name) {
    if (name.empty() || name == "secret" || name == "secrets") return Driver::Secret;
    if (name == "configmap" || name == "configmaps") return Driver::ConfigMap;
    throw std::invalid_argument("toolset_configs.helm.storage_driver: unsupported driver \"" + name +
                                "\" (use \"secret\" or \"configmap\")");
}

std::string ReleaseStorage::recordName(const std::string& release, int revision) {
    return "sh.helm.release.v1." + release + ".v" + std::to_string(revision);
}

std::string ReleaseStorage::collection(const std::string& ns) const {
    std::string res = driver_ == Driver::Secret ? "secrets" : "configmaps";
    return ns.empty() ? "/api/v1/" + res : "/api/v1/namespaces/" + ns + "/" + res;
}

nlohmann::json ReleaseStorage::buildRecord(const Release& r, const std::string& timeLabel,
                                           const std::string& timeValue) const {
    auto payload = encodeRelease(r);
    nlohmann::json labels = {{"name", r.name},
                             {"owner", "helm"},
                             {"status", r.info.status},
                             {"version", std::to_string(r.version)},
                             {timeLabel, timeValue}};
    nlohmann::json obj = {
        {"apiVersion", "v1"},
        {"metadata", {{"name", recordName(r.name, r.version)}, {"namespace", r.ns}, {"labels", labels}}}};
    if (driver_ == Driver::Secret) {
        obj["kind"] = "Secret";
        obj["type"] = "helm.sh/release.v1";
        // The Secret API base64s data values; helm's value is itself base64 text, hence twice.
        obj["data"] = {{"release", base64Encode(payload)}};
    } else {
        obj["kind"] = "ConfigMap";
        obj["data"] = {{"release", payload}};
    }
    return obj;
}

Release ReleaseStorage::parseRecord(const nlohmann::json& object) const {
    auto data = object.value("data", nlohmann::json::object());
    if (!data.contains("release") || !data["release"].is_string())
        throw StorageError(500,
                           "release record " + object["metadata"].value("name", "") + " has no release data");
    std::string payload = data["release"].get<std::string>();
    if (object.value("kind", driver_ == Driver::Secret ? "Secret" : "ConfigMap") == "Secret")
        payload = base64Decode(payload);
    return decodeRelease(payload);
}

std::vector<Release> ReleaseStorage::query(const std::string& ns, const std::string& name) {
    std::string selector = "owner=helm";
    if (!name.empty()) selector += ",name=" + name;
    auto resp = api_.request("GET", collection(ns), "labelSelector=" + urlEncode(selector));
    if (!resp.ok()) throw apiError(resp, "listing helm releases");
    auto list = nlohmann::json::parse(resp.body);
    std::vector<Release> out;
    for (const auto& item : list.value("items", nlohmann::json::array())) {
        if (driver_ == Driver::Secret && item.value("type", "") != "helm.sh/release.v1") continue;
        out.push_back(parseRecord(item));
    }
    std::sort(out.begin(), out.end(), [](const Release& a, const Release& b) {
        return std::tie(a.ns, a.name, a.version) < std::tie(b.ns, b.name, b.version);
    });
    return out;
}

std::vector<Release> ReleaseStorage::history(const std::string& ns, const std::string& name) {
    return query(ns, name);
}

std::optional<Release> ReleaseStorage::last(const std::string& ns, const std::string& name) {
    auto h = history(ns, name);
    if (h.empty()) return std::nullopt;
    return h.back();
}

std::optional<Release> ReleaseStorage::deployed(const std::string& ns, const std::string& name) {
    auto h = history(ns, name);
    for (auto it = h.rbegin(); it != h.rend(); ++it)
        if (it->info.status == "deployed") return *it;
    return std::nullopt;
}

std::optional<Release> ReleaseStorage::get(const std::string& ns, const std::string& name, int revision) {
    auto resp = api_.request("GET", collection(ns) + "/" + recordName(name, revision));
    if (resp.status == 404) return std::nullopt;
    if (!resp.ok()) throw apiError(resp, "reading release " + name);
    return parseRecord(nlohmann::json::parse(resp.body));
}

void ReleaseStorage::create(const Release& r) {
    auto resp = api_.request("POST", collection(r.ns), "", buildRecord(r, "createdAt", unixNow()).dump(),
                             "application/json");
    if (!resp.ok()) throw apiError(resp, "storing release " + r.name);
}

void ReleaseStorage::update(const Release& r) {
    auto resp = api_.request("PUT", collection(r.ns) + "/" + recordName(r.name, r.version), "",
                             buildRecord(r, "modifiedAt", unixNow()).dump(), "application/json");
    if (!resp.ok()) throw apiError(resp, "updating release " + r.name);
}

void ReleaseStorage::remove(const std::string& ns, const std::string& name, int revision) {
    auto resp = api_.request("DELETE", collection(ns) + "/" + recordName(name, revision));
    if (!resp.ok() && resp.status != 404) throw apiError(resp, "deleting release record " + name);
}

} // namespace kmcp::helm
