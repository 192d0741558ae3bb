#include "Values.hpp"

#include "Semver.hpp"

#include <set>

namespace kmcp::helm {

namespace {

std::string concatPrefix(const std::string& a, const std::string& b) {
    if (a.empty()) return b;
    return a + "." + b;
}

void warnf(const WarnFn& warn, const std::string& msg) {
    if (warn) warn(msg);
}

void coalesceTablesFullKey(json& dst, const json& src, const std::string& prefix, bool merge,
                           const WarnFn& warn) {
    if (src.is_null()) return;
    if (dst.is_null()) {
        dst = src;
        return;
    }
    for (auto it = src.begin(); it != src.end(); ++it) {
        const auto& key = it.key();
        const auto& val = it.value();
        auto fullkey = concatPrefix(prefix, key);
        auto dv = dst.find(key);
        if (dv != dst.end() && !merge && dv->is_null()) {
            dst.erase(key);
        } else if (dv == dst.end()) {
            dst[key] = val;
        } else if (val.is_object()) {
            if (dv->is_object())
                coalesceTablesFullKey(*dv, val, fullkey, merge, warn);
            else
                warnf(warn, "warning: cannot overwrite table with non table for " + fullkey + " (" +
                                val.dump() + ")");
        } else if (dv->is_object() && !val.is_null()) {
            warnf(warn, "warning: destination for " + fullkey + " is a table. Ignoring non-table value (" +
                            val.dump() + ")");
        }
    }
}

bool isDependencyName(const Chart& c, const std::string& key) {
    for (const auto& d : c.dependencies)
        if (d->name() == key) return true;
    return false;
}

void coalesceChartValues(const Chart& c, json& v, const std::string& prefix, bool merge, const WarnFn& warn) {
    auto subPrefix = concatPrefix(prefix, c.metadata.name);
    if (!c.values.is_object()) return;
    for (auto it = c.values.begin(); it != c.values.end(); ++it) {
        const auto& key = it.key();
        const auto& val = it.value();
        auto found = v.find(key);
        if (found == v.end()) {
            v[key] = val;
            continue;
        }
        if (found->is_null() && !merge) {
            v.erase(key);
        } else if (found->is_object()) {
            if (!val.is_object()) {
                if (!val.is_null())
                    warnf(warn, "warning: skipped value for " + subPrefix + "." + key + ": Not a table.");
            } else {
                // A subchart's section merges (keeps nulls) so the subchart's own pass can apply them.
                bool m = merge || isDependencyName(c, key);
                coalesceTablesFullKey(*found, val, concatPrefix(subPrefix, key), m, warn);
            }
        }
    }
}

void coalesceGlobals(json& dest, const json& src, const std::string& prefix, const WarnFn& warn) {
    json dg = json::object(), sg = json::object();
    if (dest.contains("global")) {
        if (!dest["global"].is_object()) {
            warnf(warn, "warning: skipping globals because destination global is not a table.");
            return;
        }
        dg = dest["global"];
    }
    if (src.contains("global")) {
        if (!src["global"].is_object()) {
            warnf(warn, "warning: skipping globals because source global is not a table.");
            return;
        }
        sg = src["global"];
    }
    for (auto it = sg.begin(); it != sg.end(); ++it) {
        const auto& key = it.key();
        const auto& val = it.value();
        if (val.is_object()) {
            json vv = val;
            auto dv = dg.find(key);
            if (dv == dg.end()) {
                dg[key] = vv;
            } else if (!dv->is_object()) {
                warnf(warn, "Conflict: cannot merge map onto non-map for \"" + key + "\". Skipping.");
            } else {
                coalesceTablesFullKey(vv, *dv, concatPrefix(prefix, key), true, warn);
                dg[key] = vv;
            }
        } else if (dg.contains(key) && dg[key].is_object()) {
            warnf(warn, "key " + key + " is table. Skipping");
        } else {
            dg[key] = val;
        }
    }
    dest["global"] = dg;
}

json coalesceRec(const Chart& c, json dest, const std::string& prefix, bool merge, const WarnFn& warn) {
    coalesceChartValues(c, dest, prefix, merge, warn);
    for (const auto& sub : c.dependencies) {
        auto& slot = dest[sub->name()];
        if (slot.is_null() && !dest.contains(sub->name())) slot = json::object();
        if (slot.is_null()) slot = json::object();
        if (!slot.is_object())
            throw std::runtime_error("type mismatch on " + sub->name() + ": " + slot.dump());
        auto subPrefix = concatPrefix(prefix, c.metadata.name);
        json dv = slot;
        coalesceGlobals(dv, dest, subPrefix, warn);
        dest[sub->name()] = coalesceRec(*sub, dv, subPrefix, merge, warn);
    }
    return dest;
}

std::vector<std::string> splitPath(const std::string& path) {
    std::vector<std::string> out;
    size_t start = 0;
    while (true) {
        auto dot = path.find('.', start);
        out.push_back(path.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    return out;
}

json pathToMap(const std::string& path, const json& data) {
    if (path == ".") return data;
    auto parts = splitPath(path);
    json out = data;
    for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
        if (it->empty()) continue;
        out = json{{*it, out}};
    }
    return out;
}

bool compatibleRange(const std::string& constraint, const std::string& version) {
    auto v = Semver::parse(version);
    if (!v) return false;
    try {
        return SemverConstraint::parse(constraint).matches(*v);
    } catch (const std::exception&) {
        return false;
    }
}

void processTags(std::vector<Dependency>& deps, const json& cvals) {
    auto tags = valuesTable(cvals, "tags");
    if (!tags) return;
    for (auto& r : deps) {
        bool hasTrue = false, hasFalse = false;
        for (const auto& k : r.tags) {
            auto it = tags->find(k);
            if (it == tags->end() || !it->is_boolean()) continue;
            (it->get<bool>() ? hasTrue : hasFalse) = true;
        }
        if (!hasTrue && hasFalse)
            r.enabled = false;
        else if (hasTrue || (!hasTrue && !hasFalse))
            r.enabled = true;
    }
}

void processConditions(std::vector<Dependency>& deps, const json& cvals, const std::string& cpath,
                       const WarnFn& warn) {
    for (auto& r : deps) {
        std::string cond = r.condition;
        while (!cond.empty() && std::isspace(static_cast<unsigned char>(cond.back())))
            cond.pop_back();
        while (!cond.empty() && std::isspace(static_cast<unsigned char>(cond.front())))
            cond.erase(0, 1);
        size_t start = 0;
        while (!cond.empty()) {
            auto comma = cond.find(',', start);
            auto c = cond.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
            if (!c.empty()) {
                auto vv = valuesPathValue(cvals, cpath + c);
                if (vv) {
                    if (vv->is_boolean()) {
                        r.enabled = vv->get<bool>();
                        break;
                    }
                    warnf(warn, "Warning: Condition path '" + c + "' for chart " + r.name +
                                    " returned non-bool value");
                }
            }
            if (comma == std::string::npos) break;
            start = comma + 1;
        }
    }
}

void processEnabled(Chart& c, const json& v, const std::string& path, const WarnFn& warn) {
    if (c.metadata.dependencies.empty()) return;
    std::vector<std::shared_ptr<Chart>> chartDeps;
    for (const auto& existing : c.dependencies) {
        bool declared = false;
        for (const auto& req : c.metadata.dependencies)
            if (existing->name() == req.name && compatibleRange(req.version, existing->metadata.version))
                declared = true;
        if (!declared) chartDeps.push_back(existing);
    }
    for (auto& req : c.metadata.dependencies) {
        for (const auto& existing : c.dependencies) {
            if (existing->name() != req.name || !compatibleRange(req.version, existing->metadata.version))
                continue;
            auto copy = std::make_shared<Chart>(*existing);
            if (!req.alias.empty()) copy->metadata.name = req.alias;
            chartDeps.push_back(copy);
            break;
        }
        if (!req.alias.empty()) req.name = req.alias;
    }
    c.dependencies = chartDeps;
    for (auto& d : c.metadata.dependencies)
        d.enabled = true;
    auto cvals = coalesceValues(c, v, false, warn);
    processTags(c.metadata.dependencies, cvals);
    processConditions(c.metadata.dependencies, cvals, path, warn);
    std::set<std::string> removed;
    for (const auto& d : c.metadata.dependencies)
        if (!d.enabled) removed.insert(d.name);
    std::vector<std::shared_ptr<Chart>> kept;
    for (const auto& d : c.dependencies)
        if (!removed.count(d->name())) kept.push_back(d);
    std::vector<Dependency> keptMeta;
    for (const auto& d : c.metadata.dependencies)
        if (!removed.count(d.name)) keptMeta.push_back(d);
    for (auto& t : kept)
        processEnabled(*t, cvals, path + t->name() + ".", warn);
    c.metadata.dependencies = keptMeta;
    c.dependencies = kept;
}

void processImportValues(Chart& c, const WarnFn& warn) {
    if (c.metadata.dependencies.empty()) return;
    auto cvals = coalesceValues(c, json::object(), true, warn);
    json b = json::object();
    for (auto& r : c.metadata.dependencies) {
        json outiv = json::array();
        for (const auto& riv : r.importValues) {
            if (riv.is_object()) {
                auto child = riv.value("child", "");
                auto parent = riv.value("parent", "");
                outiv.push_back({{"child", child}, {"parent", parent}});
                auto vv = valuesTable(cvals, r.name + "." + child);
                if (!vv) {
                    warnf(warn, "Warning: ImportValues missing table from chart " + r.name);
                    continue;
                }
                b = coalesceTables(b, pathToMap(parent, *vv), true, warn);
            } else if (riv.is_string()) {
                auto child = "exports." + riv.get<std::string>();
                outiv.push_back({{"child", child}, {"parent", "."}});
                auto vm = valuesTable(cvals, r.name + "." + child);
                if (!vm) {
                    warnf(warn, "Warning: ImportValues missing table: " + r.name + "." + child);
                    continue;
                }
                b = coalesceTables(b, *vm, true, warn);
            }
        }
        r.importValues = outiv;
    }
    // Imported values rank below the parent's own values: b is merged into cvals, not over it.
    c.values = coalesceTables(cvals, b, true, warn);
}

void processImports(Chart& c, const WarnFn& warn) {
    for (auto& d : c.dependencies)
        processImports(*d, warn);
    processImportValues(c, warn);
}

} // namespace

json coalesceTables(json dst, const json& src, bool merge, const WarnFn& warn) {
    if (dst.is_null()) dst = json::object();
    coalesceTablesFullKey(dst, src, "", merge, warn);
    return dst;
}

json coalesceValues(const Chart& chart, const json& userValues, bool merge, const WarnFn& warn) {
    json dest = userValues.is_object() ? userValues : json::object();
    return coalesceRec(chart, dest, "", merge, warn);
}

std::optional<json> valuesTable(const json& values, const std::string& path) {
    const json* cur = &values;
    for (const auto& part : splitPath(path)) {
        if (!cur->is_object()) return std::nullopt;
        auto it = cur->find(part);
        if (it == cur->end() || !it->is_object()) return std::nullopt;
        cur = &*it;
    }
    return *cur;
}

std::optional<json> valuesPathValue(const json& values, const std::string& path) {
    if (path.empty()) return std::nullopt;
    auto parts = splitPath(path);
    auto key = parts.back();
    parts.pop_back();
    const json* table = &values;
    if (!parts.empty()) {
        std::string joined;
        for (size_t i = 0; i < parts.size(); ++i)
            joined += (i ? "." : "") + parts[i];
        auto t = valuesTable(values, joined);
        if (!t) return std::nullopt;
        auto it = t->find(key);
        if (it == t->end() || it->is_object()) return std::nullopt;
        return *it;
    }
    if (!table->is_object()) return std::nullopt;
    auto it = table->find(key);
    if (it == table->end() || it->is_object()) return std::nullopt;
    return *it;
}

void processDependencies(Chart& chart, const json& userValues, const WarnFn& warn) {
    processEnabled(chart, userValues, "", warn);
    processImports(chart, warn);
}

} // namespace kmcp::helm
