#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kmcp::plugins::core {

// A group/version as written in apiVersion ("v1", "apps/v1").
struct GroupVersion {
    std::string group;
    std::string version;

    // Throws kmcp::sdk::Error (invalid argument) naming `argName` for text like "a/b/c" or "".
    static GroupVersion parse(std::string_view apiVersion, std::string_view argName = "apiVersion");
    std::string str() const { return group.empty() ? version : group + "/" + version; }
};

// Where a kind lives in the REST API (from the host's discovery cache).
struct ResourceRef {
    std::string group;
    std::string version;
    std::string kind;
    std::string resource;
    bool namespaced = true;

    std::string groupVersion() const { return group.empty() ? version : group + "/" + version; }
};

// /api/v1[/namespaces/NS]/RESOURCE or /apis/G/V[/namespaces/NS]/RESOURCE; `ns` empty means all
// namespaces (or a cluster-scoped resource).
std::string collectionPath(const ResourceRef& ref, const std::string& ns);
// collectionPath + "/NAME" (+ "/SUBRESOURCE").
std::string objectPath(const ResourceRef& ref, const std::string& ns, const std::string& name,
                       const std::string& subresource = "");

// Builds a percent-encoded query string (without '?'), keys in insertion order.
class Query {
public:
    Query& add(std::string_view key, std::string_view value);
    // Adds only when value is non-empty.
    Query& addIf(std::string_view key, std::string_view value);
    const std::string& str() const { return text_; }

    static std::string escape(std::string_view value);

private:
    std::string text_;
};

// Selectors and paging that every list tool accepts.
struct ListParams {
    std::string labelSelector;
    std::string fieldSelector;
    std::string continueToken;
    long long limit = 0;

    void addTo(Query& q) const;
};

} // namespace kmcp::plugins::core
