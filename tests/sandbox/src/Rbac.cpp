#include "Rbac.hpp"

#include <algorithm>

namespace kmcp::sandbox {

using nlohmann::json;

namespace {

const std::string kRbacGroup = "rbac.authorization.k8s.io";

// Authorization runs on every request: read rule fields in place instead of copying them.
const json& arrayField(const json& object, const char* key) {
    static const json empty = json::array();
    auto it = object.find(key);
    return it != object.end() && it->is_array() ? *it : empty;
}

const std::string& stringField(const json& object, const char* key) {
    static const std::string empty;
    auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get_ref<const std::string&>() : empty;
}

bool contains(const json& list, const std::string& value) {
    if (!list.is_array()) {
        return false;
    }
    return std::any_of(list.begin(), list.end(), [&](const json& v) { return v.is_string() && v == value; });
}

bool resourceMatches(const json& resources, const RequestAttributes& a) {
    std::string combined = a.subresource.empty() ? a.resource : a.resource + "/" + a.subresource;
    for (const auto& r : resources) {
        if (!r.is_string()) {
            continue;
        }
        const auto& s = r.get_ref<const std::string&>();
        if (s == "*" || s == combined) {
            return true;
        }
        if (!a.subresource.empty() && s == "*/" + a.subresource) {
            return true;
        }
    }
    return false;
}

bool nonResourceMatches(const json& urls, const std::string& path) {
    for (const auto& u : urls) {
        if (!u.is_string()) {
            continue;
        }
        const auto& s = u.get_ref<const std::string&>();
        if (s == "*" || s == path) {
            return true;
        }
        if (!s.empty() && s.back() == '*' && path.compare(0, s.size() - 1, s, 0, s.size() - 1) == 0) {
            return true;
        }
    }
    return false;
}

} // namespace

bool RbacAuthorizer::ruleAllows(const json& rule, const RequestAttributes& a) {
    const json& verbs = arrayField(rule, "verbs");
    if (!contains(verbs, a.verb) && !contains(verbs, "*")) {
        return false;
    }
    if (!a.resourceRequest) {
        return nonResourceMatches(arrayField(rule, "nonResourceURLs"), a.path);
    }
    const json& groups = arrayField(rule, "apiGroups");
    if (!contains(groups, a.group) && !contains(groups, "*")) {
        return false;
    }
    if (!resourceMatches(arrayField(rule, "resources"), a)) {
        return false;
    }
    const json& names = arrayField(rule, "resourceNames");
    return names.empty() || contains(names, a.name);
}

bool RbacAuthorizer::subjectMatches(const json& subject, const UserInfo& user, const std::string& bindingNs) {
    const std::string& kind = stringField(subject, "kind");
    const std::string& name = stringField(subject, "name");
    if (kind == "User") {
        return name == user.name;
    }
    if (kind == "Group") {
        return user.inGroup(name);
    }
    if (kind == "ServiceAccount") {
        std::string ns = subject.value("namespace", bindingNs);
        return user.name == "system:serviceaccount:" + ns + ":" + name;
    }
    return false;
}

ObjectPtr RbacAuthorizer::referencedRole(const json& binding, const std::string& bindingNs) const {
    auto ref = binding.find("roleRef");
    if (ref == binding.end() || !ref->is_object()) {
        return nullptr;
    }
    const std::string& name = stringField(*ref, "name");
    return stringField(*ref, "kind") == "ClusterRole" ? store_.get({kRbacGroup, "clusterroles"}, "", name)
                                                      : store_.get({kRbacGroup, "roles"}, bindingNs, name);
}

bool RbacAuthorizer::allowed(const RequestAttributes& a) const {
    if (a.user.inGroup("system:masters")) {
        return true;
    }
    auto bindingGrants = [&](const json& binding, const std::string& bindingNs) {
        const json& subjects = arrayField(binding, "subjects");
        bool bound = std::any_of(subjects.begin(), subjects.end(),
                                 [&](const json& s) { return subjectMatches(s, a.user, bindingNs); });
        if (!bound) {
            return false;
        }
        ObjectPtr role = referencedRole(binding, bindingNs);
        if (!role) {
            return false;
        }
        const json& rules = arrayField(role->object, "rules");
        return std::any_of(rules.begin(), rules.end(), [&](const json& r) { return ruleAllows(r, a); });
    };
    for (const auto& b : store_.list({kRbacGroup, "clusterrolebindings"}, {}).items) {
        if (bindingGrants(b->object, "")) {
            return true;
        }
    }
    if (a.resourceRequest && !a.ns.empty()) {
        ListQuery q;
        q.ns = a.ns;
        for (const auto& b : store_.list({kRbacGroup, "rolebindings"}, q).items) {
            if (bindingGrants(b->object, a.ns)) {
                return true;
            }
        }
    }
    return false;
}

json RbacAuthorizer::rulesFor(const UserInfo& user, const std::string& ns) const {
    json resourceRules = json::array();
    json nonResourceRules = json::array();
    auto collect = [&](const json& binding, const std::string& bindingNs) {
        const json subjects = binding.value("subjects", json::array());
        if (std::none_of(subjects.begin(), subjects.end(),
                         [&](const json& s) { return subjectMatches(s, user, bindingNs); })) {
            return;
        }
        ObjectPtr role = referencedRole(binding, bindingNs);
        if (!role) {
            return;
        }
        for (const auto& rule : arrayField(role->object, "rules")) {
            if (rule.contains("nonResourceURLs")) {
                nonResourceRules.push_back({{"verbs", rule.value("verbs", json::array())},
                                            {"nonResourceURLs", rule["nonResourceURLs"]}});
            } else {
                resourceRules.push_back(rule);
            }
        }
    };
    if (user.inGroup("system:masters")) {
        resourceRules.push_back({{"verbs", {"*"}}, {"apiGroups", {"*"}}, {"resources", {"*"}}});
        nonResourceRules.push_back({{"verbs", {"*"}}, {"nonResourceURLs", {"*"}}});
    }
    for (const auto& b : store_.list({kRbacGroup, "clusterrolebindings"}, {}).items) {
        collect(b->object, "");
    }
    ListQuery q;
    q.ns = ns;
    for (const auto& b : store_.list({kRbacGroup, "rolebindings"}, q).items) {
        collect(b->object, ns);
    }
    return {{"resourceRules", resourceRules}, {"nonResourceRules", nonResourceRules}, {"incomplete", false}};
}

std::string RbacAuthorizer::forbiddenMessage(const RequestAttributes& a) {
    std::string user = "User \"" + a.user.name + "\" cannot " + a.verb;
    if (!a.resourceRequest) {
        return user + " path \"" + a.path + "\"";
    }
    std::string resource = a.subresource.empty() ? a.resource : a.resource + "/" + a.subresource;
    std::string text = user + " resource \"" + resource + "\" in API group \"" + a.group + "\"";
    if (!a.ns.empty()) {
        return text + " in the namespace \"" + a.ns + "\"";
    }
    return text + " at the cluster scope";
}

} // namespace kmcp::sandbox
