#include "RequestInfo.hpp"

namespace kmcp::sandbox {

namespace {

std::vector<std::string> splitPath(const std::string& path) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start < path.size()) {
        auto slash = path.find('/', start);
        if (slash == std::string::npos) {
            slash = path.size();
        }
        if (slash > start) {
            parts.push_back(path.substr(start, slash - start));
        }
        start = slash + 1;
    }
    return parts;
}

} // namespace

RequestInfo parseRequestInfo(const std::string& method, const std::string& path, bool watchParam) {
    RequestInfo info;
    info.path = path;
    std::string lower;
    for (char c : method) {
        lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    info.verb = lower;
    auto parts = splitPath(path);
    std::size_t i = 0;
    if (parts.empty() || (parts[0] != "api" && parts[0] != "apis")) {
        return info;
    }
    if (parts[0] == "api") {
        if (parts.size() < 3) {
            return info;
        }
        info.version = parts[1];
        i = 2;
    } else {
        if (parts.size() < 4) {
            return info;
        }
        info.group = parts[1];
        info.version = parts[2];
        i = 3;
    }
    info.resourceRequest = true;
    std::vector<std::string> rest(parts.begin() + static_cast<long>(i), parts.end());
    if (rest[0] == "namespaces" && rest.size() > 1) {
        info.ns = rest[1];
        if (rest.size() > 2 && rest[2] != "status" && rest[2] != "finalize") {
            rest.erase(rest.begin(), rest.begin() + 2);
        }
    }
    info.resource = rest[0];
    if (rest.size() > 1) {
        info.name = rest[1];
    }
    if (rest.size() > 2) {
        info.subresource = rest[2];
    }
    for (std::size_t k = 3; k < rest.size(); ++k) {
        info.subpath += (k > 3 ? "/" : "") + rest[k];
    }
    if (info.verb == "get" || info.verb == "head") {
        info.verb = info.name.empty() ? (watchParam ? "watch" : "list") : (watchParam ? "watch" : "get");
    } else if (info.verb == "post") {
        info.verb = "create";
    } else if (info.verb == "put") {
        info.verb = "update";
    } else if (info.verb == "delete") {
        info.verb = info.name.empty() ? "deletecollection" : "delete";
    }
    return info;
}

} // namespace kmcp::sandbox
