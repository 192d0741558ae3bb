#include "Release.hpp"

#include "Codec.hpp"
#include "GoJson.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace kmcp::helm {

namespace {

void writeTime(GoJsonWriter& w, const char* key, const std::string& t) {
    w.key(key);
    w.string(t);
}

std::string text(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::vector<std::string> strings(const json& j, const char* key) {
    std::vector<std::string> out;
    auto it = j.find(key);
    if (it != j.end() && it->is_array())
        for (const auto& e : *it)
            if (e.is_string()) out.push_back(e.get<std::string>());
    return out;
}

} // namespace

std::string releaseToJson(const Release& r) {
    GoJsonWriter w;
    w.beginObject();
    if (!r.name.empty()) {
        w.key("name");
        w.string(r.name);
    }
    w.key("info");
    w.beginObject();
    writeTime(w, "first_deployed", r.info.firstDeployed);
    writeTime(w, "last_deployed", r.info.lastDeployed);
    writeTime(w, "deleted", r.info.deleted);
    if (!r.info.description.empty()) {
        w.key("description");
        w.string(r.info.description);
    }
    if (!r.info.status.empty()) {
        w.key("status");
        w.string(r.info.status);
    }
    if (!r.info.notes.empty()) {
        w.key("notes");
        w.string(r.info.notes);
    }
    w.endObject();
    w.key("chart");
    writeChart(w, r.chart);
    if (r.config.is_object() && !r.config.empty()) {
        w.key("config");
        w.value(r.config);
    }
    if (!r.manifest.empty()) {
        w.key("manifest");
        w.string(r.manifest);
    }
    if (!r.hooks.empty()) {
        w.key("hooks");
        w.beginArray();
        for (const auto& h : r.hooks) {
            w.beginObject();
            auto opt = [&](const char* k, const std::string& v) {
                if (v.empty()) return;
                w.key(k);
                w.string(v);
            };
            opt("name", h.name);
            opt("kind", h.kind);
            opt("path", h.path);
            opt("manifest", h.manifest);
            if (!h.events.empty()) {
                w.key("events");
                w.beginArray();
                for (const auto& e : h.events)
                    w.string(e);
                w.endArray();
            }
            w.key("last_run");
            w.beginObject();
            writeTime(w, "started_at", h.lastRun.startedAt);
            writeTime(w, "completed_at", h.lastRun.completedAt);
            w.key("phase");
            w.string(h.lastRun.phase);
            w.endObject();
            if (h.weight != 0) {
                w.key("weight");
                w.number(h.weight);
            }
            if (!h.deletePolicies.empty()) {
                w.key("delete_policies");
                w.beginArray();
                for (const auto& p : h.deletePolicies)
                    w.string(p);
                w.endArray();
            }
            w.endObject();
        }
        w.endArray();
    }
    if (r.version != 0) {
        w.key("version");
        w.number(r.version);
    }
    if (!r.ns.empty()) {
        w.key("namespace");
        w.string(r.ns);
    }
    w.endObject();
    return w.str();
}

Release releaseFromJson(const json& j) {
    Release r;
    r.name = text(j, "name");
    if (j.contains("info") && j["info"].is_object()) {
        const auto& i = j["info"];
        r.info = {text(i, "first_deployed"), text(i, "last_deployed"), text(i, "deleted"),
                  text(i, "description"),    text(i, "status"),        text(i, "notes")};
    }
    if (j.contains("chart")) r.chart = chartFromJson(j["chart"]);
    if (j.contains("config") && j["config"].is_object()) r.config = j["config"];
    r.manifest = text(j, "manifest");
    if (j.contains("hooks") && j["hooks"].is_array()) {
        for (const auto& h : j["hooks"]) {
            Hook hook;
            hook.name = text(h, "name");
            hook.kind = text(h, "kind");
            hook.path = text(h, "path");
            hook.manifest = text(h, "manifest");
            hook.events = strings(h, "events");
            if (h.contains("last_run") && h["last_run"].is_object())
                hook.lastRun = {text(h["last_run"], "started_at"), text(h["last_run"], "completed_at"),
                                text(h["last_run"], "phase")};
            hook.weight = h.contains("weight") && h["weight"].is_number() ? h["weight"].get<int>() : 0;
            hook.deletePolicies = strings(h, "delete_policies");
            r.hooks.push_back(std::move(hook));
        }
    }
    r.version = j.contains("version") && j["version"].is_number() ? j["version"].get<int>() : 0;
    r.ns = text(j, "namespace");
    return r;
}

std::string encodeRelease(const Release& r) {
    return base64Encode(gzipCompress(releaseToJson(r)));
}

std::string decodeReleaseJson(const std::string& payload) {
    auto raw = base64Decode(payload);
    return isGzip(raw) ? gzipDecompress(raw) : raw;
}

Release decodeRelease(const std::string& payload) {
    return releaseFromJson(json::parse(decodeReleaseJson(payload)));
}

std::string nowRfc3339() {
    auto now = std::chrono::system_clock::now();
    auto secs = std::chrono::time_point_cast<std::chrono::seconds>(now);
    auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(now - secs).count();
    std::time_t t = std::chrono::system_clock::to_time_t(secs);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    std::string out = buf;
    if (nanos) {
        char frac[16];
        std::snprintf(frac, sizeof frac, ".%09lld", static_cast<long long>(nanos));
        std::string f = frac;
        while (f.back() == '0')
            f.pop_back();
        out += f;
    }
    return out + "Z";
}

} // namespace kmcp::helm
