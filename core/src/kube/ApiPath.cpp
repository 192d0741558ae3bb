#include "kube/ApiPath.hpp"

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <algorithm>
#include <vector>

namespace kmcp::kube {
namespace {

std::vector<std::string> segments(std::string_view path) {
    std::vector<std::string> out;
    size_t i = 0;
    while (i < path.size()) {
        while (i < path.size() && path[i] == '/')
            ++i;
        size_t j = i;
        while (j < path.size() && path[j] != '/')
            ++j;
        if (j > i) {
            // The API server matches decoded segments, so "/apis/%61pps/v1" is apps/v1.
            std::string decoded;
            try {
                Poco::URI::decode(std::string(path.substr(i, j - i)), decoded);
            } catch (const Poco::Exception&) {
                decoded = std::string(path.substr(i, j - i));
            }
            out.push_back(std::move(decoded));
        }
        i = j;
    }
    return out;
}

bool queryFlag(std::string_view query, std::string_view key) {
    size_t i = 0;
    while (i <= query.size()) {
        size_t amp = query.find('&', i);
        if (amp == std::string_view::npos) amp = query.size();
        const std::string_view kv = query.substr(i, amp - i);
        const size_t eq = kv.find('=');
        if (kv.substr(0, eq) == key) {
            const std::string_view v = eq == std::string_view::npos ? std::string_view() : kv.substr(eq + 1);
            return v == "true" || v == "1";
        }
        i = amp + 1;
    }
    return false;
}

} // namespace

ApiPath parseApiPath(std::string_view rawPath) {
    ApiPath out;
    const size_t q = rawPath.find('?');
    std::vector<std::string> parts = segments(rawPath.substr(0, q));
    size_t i = 0;
    if (parts.empty()) return out;
    if (parts[0] == "api") {
        if (parts.size() < 2) return out;
        out.version = parts[1];
        i = 2;
    } else if (parts[0] == "apis") {
        if (parts.size() < 3) return out;
        out.group = parts[1];
        out.version = parts[2];
        i = 3;
    } else {
        return out;
    }
    if (i >= parts.size()) return out; // discovery document of a group/version
    if (parts[i] == "watch") {
        out.watchPrefix = true;
        ++i;
        if (i >= parts.size()) return out;
    }
    std::vector<std::string> rest(parts.begin() + static_cast<long>(i), parts.end());
    if (rest[0] == "namespaces" && rest.size() > 1) {
        out.ns = rest[1];
        if (rest.size() > 2 && rest[2] != "status" && rest[2] != "finalize") {
            rest.erase(rest.begin(), rest.begin() + 2);
        }
    }
    out.isResource = true;
    out.resource = rest[0];
    if (rest.size() > 1) out.name = rest[1];
    if (rest.size() > 2) out.subresource = rest[2];
    // The namespace object itself: /api/v1/namespaces/<ns>[/status] names the namespace.
    if (out.resource == "namespaces" && rest.size() > 1 && !out.ns.empty() && out.name == out.ns)
        out.ns.clear();
    return out;
}

std::string requestVerb(std::string_view method, const ApiPath& path, std::string_view query) {
    std::string m(method);
    std::transform(m.begin(), m.end(), m.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (!path.isResource) return m;
    if (m == "get" || m == "head") {
        if (path.watchPrefix || queryFlag(query, "watch")) return "watch";
        return path.name.empty() ? "list" : "get";
    }
    if (m == "post") return "create";
    if (m == "put") return "update";
    if (m == "patch") return "patch";
    if (m == "delete") return path.name.empty() ? "deletecollection" : "delete";
    return m;
}

bool isCleanPath(std::string_view rawPath) {
    const std::string_view path = rawPath.substr(0, rawPath.find('?'));
    if (path.empty() || path[0] != '/') return false;
    const std::string_view inner =
        path.size() > 1 && path.back() == '/' ? path.substr(0, path.size() - 1) : path;
    if (inner.find("//") != std::string_view::npos) return false;
    for (const auto& s : segments(path)) {
        if (s == "." || s == ".." || s.find('/') != std::string::npos) return false;
    }
    return true;
}

std::string groupVersion(const std::string& group, const std::string& version) {
    return group.empty() ? version : group + "/" + version;
}

} // namespace kmcp::kube
