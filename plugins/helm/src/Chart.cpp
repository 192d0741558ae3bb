#include "Chart.hpp"

#include "Codec.hpp"
#include "GoJson.hpp"

namespace kmcp::helm {

namespace {

std::string str(const json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return {};
    if (it->is_string()) return it->get<std::string>();
    // YAML like `version: 1.0` arrives as a number; helm's loader takes its text.
    if (it->is_number_float()) return goFloat(it->get<double>());
    return it->dump();
}

std::vector<std::string> strList(const json& j, const char* key) {
    std::vector<std::string> out;
    auto it = j.find(key);
    if (it == j.end() || !it->is_array()) return out;
    for (const auto& e : *it)
        out.push_back(e.is_string() ? e.get<std::string>() : e.dump());
    return out;
}

void writeStrings(GoJsonWriter& w, const char* key, const std::vector<std::string>& v) {
    if (v.empty()) return;
    w.key(key);
    w.beginArray();
    for (const auto& s : v)
        w.string(s);
    w.endArray();
}

void writeOpt(GoJsonWriter& w, const char* key, const std::string& v) {
    if (v.empty()) return;
    w.key(key);
    w.string(v);
}

void writeFiles(GoJsonWriter& w, const char* key, const std::vector<ChartFile>& files, bool isNull) {
    w.key(key);
    if (isNull) {
        w.null();
        return;
    }
    w.beginArray();
    for (const auto& f : files) {
        w.beginObject();
        w.key("name");
        w.string(f.name);
        w.key("data");
        w.string(base64Encode(f.data));
        w.endObject();
    }
    w.endArray();
}

std::vector<ChartFile> readFiles(const json& j, const char* key, bool& isNull) {
    std::vector<ChartFile> out;
    auto it = j.find(key);
    isNull = it == j.end() || it->is_null();
    if (isNull) return out;
    for (const auto& f : *it)
        out.push_back({f.value("name", ""), f.contains("data") && f["data"].is_string()
                                                ? base64Decode(f["data"].get<std::string>())
                                                : std::string()});
    return out;
}

} // namespace

Dependency dependencyFromJson(const json& j) {
    Dependency d;
    d.name = str(j, "name");
    d.version = str(j, "version");
    d.repository = str(j, "repository");
    d.condition = str(j, "condition");
    d.tags = strList(j, "tags");
    d.enabled = j.contains("enabled") && j["enabled"].is_boolean() && j["enabled"].get<bool>();
    if (j.contains("import-values") && j["import-values"].is_array()) d.importValues = j["import-values"];
    d.alias = str(j, "alias");
    return d;
}

json dependencyToJson(const Dependency& d) {
    GoJsonWriter w;
    writeDependency(w, d);
    return json::parse(w.str());
}

Metadata metadataFromJson(const json& j) {
    Metadata m;
    if (!j.is_object()) return m;
    m.name = str(j, "name");
    m.home = str(j, "home");
    m.sources = strList(j, "sources");
    m.version = str(j, "version");
    m.description = str(j, "description");
    m.keywords = strList(j, "keywords");
    if (j.contains("maintainers") && j["maintainers"].is_array())
        for (const auto& e : j["maintainers"])
            if (e.is_object()) m.maintainers.push_back({str(e, "name"), str(e, "email"), str(e, "url")});
    m.icon = str(j, "icon");
    m.apiVersion = str(j, "apiVersion");
    m.condition = str(j, "condition");
    m.tags = str(j, "tags");
    m.appVersion = str(j, "appVersion");
    m.deprecated = j.contains("deprecated") && j["deprecated"].is_boolean() && j["deprecated"].get<bool>();
    if (j.contains("annotations") && j["annotations"].is_object())
        for (auto it = j["annotations"].begin(); it != j["annotations"].end(); ++it)
            m.annotations[it.key()] = it->is_string() ? it->get<std::string>() : it->dump();
    m.kubeVersion = str(j, "kubeVersion");
    if (j.contains("dependencies") && j["dependencies"].is_array())
        for (const auto& e : j["dependencies"])
            m.dependencies.push_back(dependencyFromJson(e));
    m.type = str(j, "type");
    return m;
}

void writeDependency(GoJsonWriter& w, const Dependency& d) {
    w.beginObject();
    w.key("name");
    w.string(d.name);
    writeOpt(w, "version", d.version);
    w.key("repository");
    w.string(d.repository);
    writeOpt(w, "condition", d.condition);
    writeStrings(w, "tags", d.tags);
    if (d.enabled) {
        w.key("enabled");
        w.boolean(true);
    }
    if (d.importValues.is_array() && !d.importValues.empty()) {
        w.key("import-values");
        w.value(d.importValues);
    }
    writeOpt(w, "alias", d.alias);
    w.endObject();
}

void writeMetadata(GoJsonWriter& w, const Metadata& m) {
    w.beginObject();
    writeOpt(w, "name", m.name);
    writeOpt(w, "home", m.home);
    writeStrings(w, "sources", m.sources);
    writeOpt(w, "version", m.version);
    writeOpt(w, "description", m.description);
    writeStrings(w, "keywords", m.keywords);
    if (!m.maintainers.empty()) {
        w.key("maintainers");
        w.beginArray();
        for (const auto& mt : m.maintainers) {
            w.beginObject();
            writeOpt(w, "name", mt.name);
            writeOpt(w, "email", mt.email);
            writeOpt(w, "url", mt.url);
            w.endObject();
        }
        w.endArray();
    }
    writeOpt(w, "icon", m.icon);
    writeOpt(w, "apiVersion", m.apiVersion);
    writeOpt(w, "condition", m.condition);
    writeOpt(w, "tags", m.tags);
    writeOpt(w, "appVersion", m.appVersion);
    if (m.deprecated) {
        w.key("deprecated");
        w.boolean(true);
    }
    if (!m.annotations.empty()) {
        w.key("annotations");
        w.beginObject();
        for (const auto& [k, v] : m.annotations) {
            w.key(k);
            w.string(v);
        }
        w.endObject();
    }
    writeOpt(w, "kubeVersion", m.kubeVersion);
    if (!m.dependencies.empty()) {
        w.key("dependencies");
        w.beginArray();
        for (const auto& d : m.dependencies)
            writeDependency(w, d);
        w.endArray();
    }
    writeOpt(w, "type", m.type);
    w.endObject();
}

void writeChart(GoJsonWriter& w, const Chart& c) {
    w.beginObject();
    w.key("metadata");
    writeMetadata(w, c.metadata);
    w.key("lock");
    if (c.lock) {
        w.beginObject();
        w.key("generated");
        w.string(c.lock->generated);
        w.key("digest");
        w.string(c.lock->digest);
        w.key("dependencies");
        w.beginArray();
        for (const auto& d : c.lock->dependencies)
            writeDependency(w, d);
        w.endArray();
        w.endObject();
    } else {
        w.null();
    }
    writeFiles(w, "templates", c.templates, c.templatesNull);
    w.key("values");
    w.value(c.values);
    w.key("schema");
    if (c.schema)
        w.string(base64Encode(*c.schema));
    else
        w.null();
    writeFiles(w, "files", c.files, c.filesNull);
    w.endObject();
}

Chart chartFromJson(const json& j) {
    Chart c;
    if (!j.is_object()) return c;
    if (j.contains("metadata")) c.metadata = metadataFromJson(j["metadata"]);
    if (j.contains("lock") && j["lock"].is_object()) {
        Lock l;
        l.generated = str(j["lock"], "generated");
        l.digest = str(j["lock"], "digest");
        if (j["lock"].contains("dependencies") && j["lock"]["dependencies"].is_array())
            for (const auto& d : j["lock"]["dependencies"])
                l.dependencies.push_back(dependencyFromJson(d));
        c.lock = l;
    }
    c.templates = readFiles(j, "templates", c.templatesNull);
    c.values = j.value("values", json());
    if (j.contains("schema") && j["schema"].is_string())
        c.schema = base64Decode(j["schema"].get<std::string>());
    c.files = readFiles(j, "files", c.filesNull);
    return c;
}

} // namespace kmcp::helm
