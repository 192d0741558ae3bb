#pragma once

#include <string>
#include <string_view>

namespace kmcp::kube {

// What a request path addresses, following the API server's own request-info rules:
// /api/v1/... is the core group (""), /apis/<group>/<version>/...; /namespaces/<ns>/<resource>/...
// unless the next segment is a namespace subresource (status, finalize); an optional legacy
// /watch/ prefix; segments are percent-decoded. Anything else (/version, /apis, /openapi/v3, /healthz …) is
// non-resource.
struct ApiPath {
    bool isResource = false;
    std::string group;
    std::string version;
    std::string ns;
    std::string resource;
    std::string name;
    std::string subresource;
    bool watchPrefix = false; // the path used the legacy /watch/ segment
};

ApiPath parseApiPath(std::string_view path);

// The Kubernetes verb of a request (get, list, watch, create, update, patch, delete,
// deletecollection); for non-resource paths the lower-case HTTP method.
std::string requestVerb(std::string_view method, const ApiPath& path, std::string_view query);

// False for paths the policy cannot reason about safely: not starting with "/", empty ("//"),
// "." or ".." segments, or segments that decode to contain "/".
bool isCleanPath(std::string_view path);

// "apps/v1" or "v1" for the core group.
std::string groupVersion(const std::string& group, const std::string& version);

} // namespace kmcp::kube
