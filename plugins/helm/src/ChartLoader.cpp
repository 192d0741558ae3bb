#include "ChartLoader.hpp"

#include "HelmIgnore.hpp"
#include "Semver.hpp"
#include "YamlJson.hpp"

#include <algorithm>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

namespace kmcp::helm {

namespace fs = std::filesystem;

namespace {

bool startsWith(const std::string& s, std::string_view p) {
    return s.rfind(p, 0) == 0;
}
bool endsWith(const std::string& s, std::string_view p) {
    return s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0;
}

json parseYamlFile(const std::string& name, const std::string& data, bool strings) {
    try {
        return strings ? yamlToJsonStrings(data) : yamlToJson(data);
    } catch (const std::exception& e) {
        throw ChartError("cannot load " + name + ": " + e.what());
    }
}

void validate(const Chart& c) {
    const auto& m = c.metadata;
    if (m.apiVersion.empty()) throw ChartError("validation: chart.metadata.apiVersion is required");
    if (m.apiVersion != "v1" && m.apiVersion != "v2")
        throw ChartError("validation: chart.metadata.apiVersion \"" + m.apiVersion + "\" is not valid");
    if (m.name.empty()) throw ChartError("validation: chart.metadata.name is required");
    if (m.name.find('/') != std::string::npos || m.name.find("..") != std::string::npos)
        throw ChartError("validation: chart.metadata.name \"" + m.name + "\" is invalid");
    if (m.version.empty()) throw ChartError("validation: chart.metadata.version is required");
    if (!Semver::parse(m.version))
        throw ChartError("validation: chart.metadata.version \"" + m.version + "\" is invalid");
    if (!m.type.empty() && m.type != "application" && m.type != "library")
        throw ChartError("validation: chart.metadata.type must be application or library");
    if (m.apiVersion == "v1" && m.type == "library")
        throw ChartError("validation: chart.metadata.type library is not supported for apiVersion v1");
    for (const auto& d : m.dependencies)
        if (d.name.empty()) throw ChartError("validation: dependencies must have a name");
}

std::string readFile(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw ChartError("cannot read " + p.string());
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

} // namespace

std::shared_ptr<Chart> loadChartFiles(const std::vector<TarEntry>& files) {
    auto c = std::make_shared<Chart>();
    c->templatesNull = true;
    bool haveChartYaml = false;
    // Subchart files grouped by their directory (or archive) under charts/, in first-seen order.
    std::vector<std::string> subOrder;
    std::map<std::string, std::vector<TarEntry>> subFiles;
    std::vector<std::string> subArchives;
    std::map<std::string, std::string> archiveData;
    json requirements;

    for (const auto& f : files) {
        const auto& n = f.path;
        if (n == "Chart.yaml") {
            haveChartYaml = true;
            c->metadata = metadataFromJson(parseYamlFile(n, f.data, true));
            if (c->metadata.apiVersion.empty()) c->metadata.apiVersion = "v1";
        } else if (n == "Chart.lock" || n == "requirements.lock") {
            auto j = parseYamlFile(n, f.data, true);
            Lock l;
            l.generated = j.value("generated", "");
            l.digest = j.value("digest", "");
            if (j.contains("dependencies") && j["dependencies"].is_array())
                for (const auto& d : j["dependencies"])
                    l.dependencies.push_back(dependencyFromJson(d));
            c->lock = l;
            if (n == "requirements.lock") {
                c->files.push_back({n, f.data});
                c->filesNull = false;
            }
        } else if (n == "values.yaml") {
            auto v = parseYamlFile(n, f.data, false);
            c->values = v.is_null() ? json::object() : v;
            if (!c->values.is_object()) throw ChartError("cannot load values.yaml: not a map");
        } else if (n == "values.schema.json") {
            c->schema = f.data;
        } else if (n == "requirements.yaml") {
            requirements = parseYamlFile(n, f.data, true);
            c->files.push_back({n, f.data});
            c->filesNull = false;
        } else if (startsWith(n, "templates/")) {
            c->templates.push_back({n, f.data});
            c->templatesNull = false;
        } else if (startsWith(n, "charts/")) {
            if (endsWith(n, ".prov")) {
                c->files.push_back({n, f.data});
                c->filesNull = false;
                continue;
            }
            auto rest = n.substr(7);
            auto slash = rest.find('/');
            if (slash == std::string::npos) {
                // helm loads any file directly under charts/ as a packaged chart.
                subArchives.push_back(rest);
                archiveData[rest] = f.data;
                continue;
            }
            auto sub = rest.substr(0, slash);
            if (!subFiles.count(sub)) subOrder.push_back(sub);
            subFiles[sub].push_back({rest.substr(slash + 1), f.data});
        } else {
            c->files.push_back({n, f.data});
            c->filesNull = false;
        }
    }
    if (!haveChartYaml) throw ChartError("Chart.yaml file is missing");
    if (c->metadata.apiVersion == "v1" && requirements.is_object() && requirements.contains("dependencies")) {
        c->metadata.dependencies.clear();
        for (const auto& d : requirements["dependencies"])
            c->metadata.dependencies.push_back(dependencyFromJson(d));
    }
    validate(*c);
    for (const auto& a : subArchives) {
        try {
            c->dependencies.push_back(loadChartArchive(archiveData[a]));
        } catch (const std::exception& e) {
            throw ChartError("error unpacking subchart " + a + " in " + c->metadata.name + ": " + e.what());
        }
    }
    for (const auto& s : subOrder) {
        try {
            c->dependencies.push_back(loadChartFiles(subFiles[s]));
        } catch (const std::exception& e) {
            throw ChartError("error unpacking subchart " + s + " in " + c->metadata.name + ": " + e.what());
        }
    }
    return c;
}

std::shared_ptr<Chart> loadChartDir(const fs::path& dir) {
    std::error_code ec;
    auto root = fs::canonical(dir, ec);
    if (ec || !fs::is_directory(root)) throw ChartError("chart directory not found: " + dir.string());
    HelmIgnore rules;
    if (fs::exists(root / ".helmignore")) {
        try {
            rules = HelmIgnore::parse(readFile(root / ".helmignore"));
        } catch (const std::runtime_error& e) {
            throw ChartError(e.what());
        }
    }
    std::vector<TarEntry> files;
    size_t total = 0;
    auto rootStr = root.string() + "/";
    // Depth-first in lexical order, like Go's filepath.Walk.
    std::function<void(const fs::path&, const std::string&)> walk = [&](const fs::path& p,
                                                                        const std::string& rel) {
        std::vector<fs::directory_entry> entries;
        for (const auto& e : fs::directory_iterator(p))
            entries.push_back(e);
        std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
            return a.path().filename().string() < b.path().filename().string();
        });
        for (const auto& e : entries) {
            auto name = rel.empty() ? e.path().filename().string() : rel + "/" + e.path().filename().string();
            auto real = fs::canonical(e.path(), ec);
            if (ec) throw ChartError("cannot resolve " + name + ": " + ec.message());
            if (real != root && real.string().rfind(rootStr, 0) != 0)
                throw ChartError("chart file " + name + " is a symlink pointing outside the chart");
            bool isDir = fs::is_directory(real);
            if (rules.ignored(name, isDir)) continue;
            if (isDir) {
                walk(real, name);
            } else if (fs::is_regular_file(real)) {
                total += fs::file_size(real);
                if (total > (size_t(64) << 20)) throw ChartError("chart is larger than 64 MiB");
                files.push_back({name, readFile(real)});
            }
        }
    };
    walk(root, "");
    return loadChartFiles(files);
}

std::shared_ptr<Chart> loadChartArchive(std::string_view tgz) {
    std::vector<TarEntry> entries;
    try {
        entries = readTgz(tgz);
    } catch (const std::exception& e) {
        throw ChartError(std::string("cannot read chart archive: ") + e.what());
    }
    std::string top;
    std::vector<TarEntry> files;
    for (auto& e : entries) {
        auto name = e.path;
        while (startsWith(name, "./"))
            name = name.substr(2);
        auto slash = name.find('/');
        if (slash == std::string::npos) continue;
        auto first = name.substr(0, slash);
        if (top.empty())
            top = first;
        else if (first != top)
            throw ChartError("chart archive has more than one top-level directory");
        auto rel = name.substr(slash + 1);
        if (rel.empty()) continue;
        if (rel == ".." || startsWith(rel, "../") || rel.find("/../") != std::string::npos ||
            endsWith(rel, "/.."))
            throw ChartError("chart archive contains an illegal path: " + e.path);
        files.push_back({rel, std::move(e.data)});
    }
    if (files.empty()) throw ChartError("chart archive is empty");
    return loadChartFiles(files);
}

} // namespace kmcp::helm
