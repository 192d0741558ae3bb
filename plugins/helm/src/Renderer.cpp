#include "Renderer.hpp"

#include "Capabilities.h"
#include "Files.h"
#include "HelmFunctions.h"
#include "TemplateSet.h"

#include <algorithm>

namespace kmcp::helm {

namespace tmpl = kmcp::helm::tmpl;

namespace {

const std::string kHelmVersion = "v3.16.0";

tmpl::Value strList(const std::vector<std::string>& v) {
    return tmpl::Value::stringList(v);
}

// .Chart: helm's chart.Metadata struct (Go field names) plus IsRoot.
tmpl::Value chartValue(const Metadata& m, bool isRoot) {
    tmpl::ValueList maintainers;
    for (const auto& mt : m.maintainers)
        maintainers.push_back(
            tmpl::Value::makeMap({{"Name", mt.name}, {"Email", mt.email}, {"URL", mt.url}}));
    tmpl::ValueMap annotations;
    for (const auto& [k, v] : m.annotations)
        annotations[k] = tmpl::Value(v);
    tmpl::ValueList deps;
    for (const auto& d : m.dependencies)
        deps.push_back(tmpl::Value::makeMap({{"Name", d.name},
                                             {"Version", d.version},
                                             {"Repository", d.repository},
                                             {"Condition", d.condition},
                                             {"Tags", strList(d.tags)},
                                             {"Enabled", d.enabled},
                                             {"ImportValues", tmpl::Value::fromJson(d.importValues)},
                                             {"Alias", d.alias}}));
    return tmpl::Value::makeMap({{"Name", m.name},
                                 {"Home", m.home},
                                 {"Sources", strList(m.sources)},
                                 {"Version", m.version},
                                 {"Description", m.description},
                                 {"Keywords", strList(m.keywords)},
                                 {"Maintainers", tmpl::Value::makeList(maintainers)},
                                 {"Icon", m.icon},
                                 {"APIVersion", m.apiVersion},
                                 {"Condition", m.condition},
                                 {"Tags", m.tags},
                                 {"AppVersion", m.appVersion},
                                 {"Deprecated", m.deprecated},
                                 {"Annotations", tmpl::Value::makeMap(annotations)},
                                 {"KubeVersion", m.kubeVersion},
                                 {"Dependencies", tmpl::Value::makeList(deps)},
                                 {"Type", m.type},
                                 {"IsRoot", isRoot}});
}

struct Renderable {
    std::string text;
    tmpl::Value vals; // the chart's shared top-level map
    std::string basePath;
};

bool isLibraryPartialOk(const Chart& c, const std::string& templateName) {
    if (!c.isLibrary()) return true;
    auto slash = templateName.rfind('/');
    auto base = slash == std::string::npos ? templateName : templateName.substr(slash + 1);
    return !base.empty() && base[0] == '_';
}

// engine.recAllTpls: builds each chart's top-level map and registers its templates.
tmpl::Value collect(const Chart& c, const std::string& fullPath, bool isRoot, const tmpl::Value& parent,
                    std::map<std::string, Renderable>& out) {
    tmpl::ValueMap subcharts;
    std::map<std::string, std::string> files;
    for (const auto& f : c.files)
        files[f.name] = f.data;
    tmpl::Value values = tmpl::Value::makeMap();
    const auto& pm = parent.map();
    if (isRoot) {
        values = pm.at("Values");
    } else {
        auto it = pm.find("Values");
        if (it != pm.end() && it->second.isMap()) {
            auto sub = it->second.map().find(c.name());
            if (sub != it->second.map().end() && sub->second.isMap()) values = sub->second;
        }
    }
    auto subchartsValue = tmpl::Value::makeMap();
    tmpl::Value next = tmpl::Value::makeMap({{"Chart", chartValue(c.metadata, isRoot)},
                                             {"Files", tmpl::Value(std::make_shared<tmpl::Files>(files))},
                                             {"Release", pm.at("Release")},
                                             {"Capabilities", pm.at("Capabilities")},
                                             {"Values", values},
                                             {"Subcharts", subchartsValue}});
    for (const auto& d : c.dependencies)
        subchartsValue.map()[d->name()] = collect(*d, fullPath + "/charts/" + d->name(), false, next, out);
    for (const auto& t : c.templates) {
        if (!isLibraryPartialOk(c, t.name)) continue;
        out[fullPath + "/" + t.name] = {t.data, next, fullPath + "/templates"};
    }
    return next;
}

std::string replaceAll(std::string s, const std::string& from, const std::string& to) {
    size_t pos = 0;
    while ((pos = s.find(from, pos)) != std::string::npos) {
        s.replace(pos, from.size(), to);
        pos += to.size();
    }
    return s;
}

std::string baseName(const std::string& p) {
    auto slash = p.rfind('/');
    return slash == std::string::npos ? p : p.substr(slash + 1);
}

} // namespace

std::vector<std::string> templateParseOrder(std::vector<std::string> names) {
    // helm sorts by (slash count, name) ascending and parses in reverse: deepest paths first, so
    // the parent chart's later definitions replace a subchart's.
    std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
        auto ca = std::count(a.begin(), a.end(), '/'), cb = std::count(b.begin(), b.end(), '/');
        if (ca != cb) return ca > cb;
        return a > b;
    });
    return names;
}

RenderResult renderChart(const Chart& chart, const json& values, const RenderOptions& options) {
    tmpl::CapabilitiesInfo caps;
    caps.kubeVersion = options.capabilities.kubeVersion;
    caps.apiVersions = options.capabilities.apiVersions;
    caps.helmVersion = kHelmVersion;
    auto release = tmpl::Value::makeMap({{"Name", options.releaseName},
                                         {"Namespace", options.ns},
                                         {"IsUpgrade", options.isUpgrade},
                                         {"IsInstall", options.isInstall},
                                         {"Revision", options.revision},
                                         {"Service", "Helm"}});
    auto top =
        tmpl::Value::makeMap({{"Values", tmpl::Value::fromJson(values.is_null() ? json::object() : values,
                                                               tmpl::NumberMode::AllFloat)},
                              {"Release", release},
                              {"Capabilities", tmpl::makeCapabilities(caps)}});
    std::map<std::string, Renderable> tpls;
    collect(chart, chart.name(), true, top, tpls);

    tmpl::TemplateSet set("gotpl");
    tmpl::HelmOptions helmOptions;
    helmOptions.strict = options.strict;
    if (options.lookup) {
        auto lookup = options.lookup;
        helmOptions.lookup = [lookup](const std::string& apiVersion, const std::string& kind,
                                      const std::string& ns, const std::string& name) {
            return tmpl::Value::fromJson(lookup(apiVersion, kind, ns, name), tmpl::NumberMode::AllFloat);
        };
    }
    tmpl::installHelmFunctions(set, helmOptions);

    std::vector<std::string> names;
    for (const auto& [name, r] : tpls)
        names.push_back(name);
    auto order = templateParseOrder(names);
    for (const auto& name : order) {
        try {
            set.parse(name, tpls[name].text);
        } catch (const std::exception& e) {
            throw RenderError(tmpl::helmParseErrorMessage(name, e.what()));
        }
    }

    RenderResult result;
    for (const auto& name : order) {
        if (baseName(name).rfind('_', 0) == 0) continue; // partials are only included
        auto& r = tpls[name];
        r.vals.map()["Template"] = tmpl::Value::makeMap({{"Name", name}, {"BasePath", r.basePath}});
        std::string out;
        try {
            out = set.execute(name, r.vals);
        } catch (const std::exception& e) {
            throw RenderError(tmpl::helmExecErrorMessage(name, e.what()));
        }
        result.files[name] = replaceAll(out, "<no value>", "");
    }
    const auto notesName = chart.name() + "/templates/NOTES.txt";
    for (auto it = result.files.begin(); it != result.files.end();) {
        if (it->first.size() >= 9 && it->first.compare(it->first.size() - 9, 9, "NOTES.txt") == 0) {
            if (it->first == notesName) result.notes = it->second;
            it = result.files.erase(it);
        } else {
            ++it;
        }
    }
    return result;
}

} // namespace kmcp::helm
