#pragma once

#include "Store.hpp"
#include "UserInfo.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace kmcp::sandbox {

// What a request asks to do, in the terms RBAC rules are written in (authorizer.Attributes).
struct RequestAttributes {
    UserInfo user;
    std::string verb;
    bool resourceRequest = true;
    std::string group;
    std::string resource;
    std::string subresource;
    std::string name;
    std::string ns;
    std::string path; // for non-resource requests
};

// Evaluates rbac.authorization.k8s.io/v1 objects held in the store on every call, so changes to
// roles and bindings take effect immediately. `system:masters` bypasses, as in kube-apiserver.
class RbacAuthorizer {
public:
    explicit RbacAuthorizer(const Store& store) : store_(store) {}

    bool allowed(const RequestAttributes& attributes) const;
    // The policy rules that apply to `user` in `ns` (cluster-wide ones included), for
    // SelfSubjectRulesReview.
    nlohmann::json rulesFor(const UserInfo& user, const std::string& ns) const;

    static bool ruleAllows(const nlohmann::json& rule, const RequestAttributes& attributes);
    static bool subjectMatches(const nlohmann::json& subject, const UserInfo& user,
                               const std::string& bindingNs);
    // `User "bob" cannot get resource "pods" in API group "" in the namespace "dev"`.
    static std::string forbiddenMessage(const RequestAttributes& attributes);

private:
    ObjectPtr referencedRole(const nlohmann::json& binding, const std::string& bindingNs) const;

    const Store& store_;
};

} // namespace kmcp::sandbox
