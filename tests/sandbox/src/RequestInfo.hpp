#pragma once

#include <string>
#include <vector>

namespace kmcp::sandbox {

// The parsed meaning of a request path (k8s.io/apiserver RequestInfo).
struct RequestInfo {
    bool resourceRequest = false;
    std::string path;
    std::string verb; // get, list, watch, create, update, patch, delete, deletecollection
    std::string group;
    std::string version;
    std::string ns;
    std::string resource;
    std::string name;
    std::string subresource;
    std::string subpath; // what follows a subresource, e.g. "stats/summary" for nodes/x/proxy/stats/summary
};

RequestInfo parseRequestInfo(const std::string& method, const std::string& path, bool watchParam);

} // namespace kmcp::sandbox
