#include "kube/Policy.hpp"

#include <algorithm>
#include <array>

namespace kmcp::kube {
namespace {

std::string upper(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return s;
}

bool isContainerAccess(const std::string& subresource) {
    return subresource == "exec" || subresource == "attach" || subresource == "portforward";
}

bool isQuestionReview(const ApiPath& p) {
    static const std::array<std::pair<const char*, const char*>, 5> reviews = {{
        {"authorization.k8s.io", "selfsubjectaccessreviews"},
        {"authorization.k8s.io", "selfsubjectrulesreviews"},
        {"authorization.k8s.io", "subjectaccessreviews"},
        {"authorization.k8s.io", "localsubjectaccessreviews"},
        {"authentication.k8s.io", "selfsubjectreviews"},
    }};
    if (!p.isResource || !p.name.empty()) return false;
    for (const auto& [g, r] : reviews)
        if (p.group == g && p.resource == r) return true;
    return false;
}

// Kinds are compared case-insensitively so "deployment" in a config still denies Deployments.
bool sameKind(const std::string& a, const std::string& b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(),
                      [](unsigned char x, unsigned char y) { return std::tolower(x) == std::tolower(y); });
}

bool hasDryRun(const std::string& query) {
    return query.find("dryRun=") != std::string::npos;
}

} // namespace

bool Policy::isRead(const std::string& method, const ApiPath& path, const std::string& query) const {
    const std::string m = upper(method);
    if (isContainerAccess(path.subresource)) return false;
    if (m == "GET" || m == "HEAD" || m == "OPTIONS") return true;
    return m == "POST" && isQuestionReview(path) && !hasDryRun(query);
}

bool Policy::mentionsGroupVersion(const std::string& group, const std::string& version) const {
    return std::any_of(deniedResources.begin(), deniedResources.end(), [&](const config::DeniedResource& d) {
        return d.group == group && (d.version.empty() || d.version == version);
    });
}

Status Policy::check(const std::string& method, const std::string& path, const std::string& query,
                     const KindLookup& kindOf) const {
    if (!isCleanPath(path))
        return makeError(Error::Code::Denied,
                         "refusing request path \"" + path +
                             "\": empty, \".\" or \"..\" segments and encoded slashes are not allowed");
    const ApiPath p = parseApiPath(path);
    if (readOnly && !isRead(method, p, query)) {
        std::string what = upper(method) + " " + path;
        if (isContainerAccess(p.subresource)) what += " (" + p.subresource + " can change the container)";
        return makeError(Error::Code::Denied, "read-only mode: refusing " + what);
    }
    if (!p.isResource || !mentionsGroupVersion(p.group, p.version)) return okStatus();

    const std::string gv = groupVersion(p.group, p.version);
    std::optional<std::string> kind;
    bool looked = false;
    for (const auto& d : deniedResources) {
        if (d.group != p.group || (!d.version.empty() && d.version != p.version)) continue;
        if (d.kind.empty())
            return makeError(Error::Code::Denied,
                             "resource not allowed: " + gv + " (the whole group/version is denied)");
        if (!looked) {
            kind = kindOf ? kindOf(p.group, p.version, p.resource) : std::nullopt;
            looked = true;
        }
        if (!kind)
            return makeError(Error::Code::Denied, "resource not allowed: cannot determine the kind of \"" +
                                                      p.resource + "\" in " + gv +
                                                      ", and denied_resources restricts kinds there");
        if (sameKind(*kind, d.kind))
            return makeError(Error::Code::Denied, "resource not allowed: " + gv + ", Kind=" + *kind);
    }
    return okStatus();
}

} // namespace kmcp::kube
