#include "config/TableMerge.hpp"

namespace kmcp::config::detail {

namespace {

bool under(std::string_view candidate, std::string_view path) {
    if (candidate.substr(0, path.size()) != path) return false;
    return candidate.size() == path.size() || candidate[path.size()] == '.' || candidate[path.size()] == '[';
}

void replaceEntries(std::map<std::string, std::string, std::less<>>& dst,
                    const std::map<std::string, std::string, std::less<>>& src, std::string_view path) {
    std::erase_if(dst, [&](const auto& entry) { return under(entry.first, path); });
    for (const auto& [key, value] : src) {
        if (under(key, path)) dst[key] = value;
    }
}

void merge(toml::table& dst, toml::table& src, const std::string& prefix, Provenance& dstProvenance,
           const Provenance& srcProvenance) {
    for (auto& [key, node] : src) {
        const std::string path = joinPath(prefix, key.str());
        auto* existing = dst.get(key.str());
        if (existing && existing->is_table() && node.is_table()) {
            merge(*existing->as_table(), *node.as_table(), path, dstProvenance, srcProvenance);
            continue;
        }
        dst.insert_or_assign(key.str(), std::move(node));
        replaceEntries(dstProvenance.flags, srcProvenance.flags, path);
        replaceEntries(dstProvenance.spellings, srcProvenance.spellings, path);
    }
}

} // namespace

void mergeInto(toml::table& dst, toml::table&& src, Provenance& dstProvenance,
               const Provenance& srcProvenance) {
    merge(dst, src, "", dstProvenance, srcProvenance);
}

} // namespace kmcp::config::detail
