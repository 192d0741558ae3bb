#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace kmcp::sandbox {

// A parsed labelSelector query (k8s.io/apimachinery/pkg/labels syntax):
// `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`, comma separated, all must hold.
class LabelSelector {
public:
    enum class Op { Equals, NotEquals, In, NotIn, Exists, DoesNotExist };
    struct Requirement {
        std::string key;
        Op op;
        std::vector<std::string> values;
    };

    // Throws ApiError(BadRequest) on syntax errors.
    static LabelSelector parse(const std::string& text);
    // Builds from a metav1.LabelSelector object (matchLabels/matchExpressions).
    static LabelSelector fromObject(const nlohmann::json& selector);

    bool empty() const { return requirements_.empty(); }
    bool matches(const nlohmann::json& labels) const;
    const std::vector<Requirement>& requirements() const { return requirements_; }

private:
    std::vector<Requirement> requirements_;
};

// A parsed fieldSelector query: `path=value`, `path==value`, `path!=value`, comma separated.
// Paths are JSON dotted paths into the object (metadata.name, status.phase, spec.nodeName,
// involvedObject.kind, type, ...).
class FieldSelector {
public:
    struct Requirement {
        std::string path;
        bool negate;
        std::string value;
    };

    static FieldSelector parse(const std::string& text);

    bool empty() const { return requirements_.empty(); }
    bool matches(const nlohmann::json& object) const;
    // The value required for `path` by an equality term, or empty when there is none.
    std::string equalityValue(const std::string& path) const;
    const std::vector<Requirement>& requirements() const { return requirements_; }

private:
    std::vector<Requirement> requirements_;
};

// Field value at a dotted path rendered as selector text ("" when absent).
std::string fieldValue(const nlohmann::json& object, const std::string& dottedPath);

} // namespace kmcp::sandbox
