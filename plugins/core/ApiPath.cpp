#include "ApiPath.hpp"

#include <kmcp/plugin.hpp>

namespace kmcp::plugins::core {

GroupVersion GroupVersion::parse(std::string_view apiVersion, std::string_view argName) {
    auto bad = [&] {
        return sdk::invalidArgument("invalid argument " + std::string(argName) + ": '" +
                                    std::string(apiVersion) +
                                    "' is not an apiVersion (examples: v1, apps/v1, networking.k8s.io/v1)");
    };
    if (apiVersion.empty()) throw bad();
    auto slash = apiVersion.find('/');
    if (slash == std::string_view::npos) return {"", std::string(apiVersion)};
    if (apiVersion.find('/', slash + 1) != std::string_view::npos || slash == 0 ||
        slash + 1 == apiVersion.size())
        throw bad();
    return {std::string(apiVersion.substr(0, slash)), std::string(apiVersion.substr(slash + 1))};
}

std::string collectionPath(const ResourceRef& ref, const std::string& ns) {
    std::string path = ref.group.empty() ? "/api/" + ref.version : "/apis/" + ref.group + "/" + ref.version;
    if (ref.namespaced && !ns.empty()) path += "/namespaces/" + Query::escape(ns);
    return path + "/" + ref.resource;
}

std::string objectPath(const ResourceRef& ref, const std::string& ns, const std::string& name,
                       const std::string& subresource) {
    std::string path = collectionPath(ref, ns) + "/" + Query::escape(name);
    return subresource.empty() ? path : path + "/" + subresource;
}

std::string Query::escape(std::string_view value) {
    static const char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : value) {
        bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                          c == '-' || c == '_' || c == '.' || c == '~';
        if (unreserved) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 0x0F];
        }
    }
    return out;
}

Query& Query::add(std::string_view key, std::string_view value) {
    if (!text_.empty()) text_ += '&';
    text_ += escape(key) + "=" + escape(value);
    return *this;
}

Query& Query::addIf(std::string_view key, std::string_view value) {
    return value.empty() ? *this : add(key, value);
}

void ListParams::addTo(Query& q) const {
    q.addIf("labelSelector", labelSelector);
    q.addIf("fieldSelector", fieldSelector);
    if (limit > 0) q.add("limit", std::to_string(limit));
    q.addIf("continue", continueToken);
}

} // namespace kmcp::plugins::core
