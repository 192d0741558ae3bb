#pragma once

#include "common/Result.hpp"
#include "config/Config.hpp"
#include "kube/ApiPath.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace kmcp::kube {

// Host-side policy, checked on EVERY API request before it is sent. Paths are matched the way the
// API server reads them (percent-decoded); unclean paths (see isCleanPath) are always refused so
// "/apis/apps/v1/../../api/v1/secrets" cannot slip past a rule.
//
// read_only: only reads pass. A read is GET/HEAD/OPTIONS, except the subresources that run or
// reach into a container (pods/exec, pods/attach, pods/portforward and their services/nodes
// equivalents are refused even over GET, because WebSocket upgrades use GET). POST is a read only
// for the review resources the API server never persists and that merely ask a question:
// authorization.k8s.io {selfsubjectaccessreviews, selfsubjectrulesreviews, subjectaccessreviews,
// localsubjectaccessreviews} and authentication.k8s.io selfsubjectreviews. tokenreviews stay
// refused (they would let a caller probe arbitrary tokens). Dry-run writes are refused too.
//
// denied_resources: a request whose group/version/kind matches an entry is refused, whatever the
// verb or subresource (pods/log of a denied Pod is denied). An entry with an empty kind denies the
// whole group/version; an empty version matches every version of the group. The kind is looked up
// through discovery; when it cannot be determined and a kind-specific entry exists for that
// group/version, the request is refused (fail closed).
struct Policy {
    bool readOnly = false;
    std::vector<config::DeniedResource> deniedResources;

    // Maps group/version/resource → kind; returns nullopt when unknown.
    using KindLookup = std::function<std::optional<std::string>(
        const std::string& group, const std::string& version, const std::string& resource)>;

    // Ok, or Error{Denied, "read-only mode: refusing PATCH /apis/…"} /
    // Error{Denied, "resource not allowed: apps/v1, Kind=Deployment"}.
    Status check(const std::string& method, const std::string& path, const std::string& query,
                 const KindLookup& kindOf) const;

    bool isRead(const std::string& method, const ApiPath& path, const std::string& query) const;
    // True when some entry could match this group/version (decides whether a kind lookup is needed).
    bool mentionsGroupVersion(const std::string& group, const std::string& version) const;
};

} // namespace kmcp::kube
