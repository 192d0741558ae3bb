#pragma once

#include "KubeApi.hpp"

#include <map>
#include <set>
#include <string>
#include <vector>

// An in-memory API server for the helm code: objects keyed by collection path and name, label
// selectors (equality, comma-joined), namespaces the caller is forbidden from, and a request log.
class FakeKube : public kmcp::helm::KubeApi {
public:
    struct Call {
        std::string method, path, query, body, contentType;
    };
    std::vector<Call> calls;
    std::map<std::string, nlohmann::json> objects; // "<collection>/<name>" → object
    std::set<std::string> forbiddenNamespaces;
    std::set<std::string> failCreateKinds; // kinds whose creation fails with 422

    kmcp::helm::ApiResponse request(const std::string& method, const std::string& path,
                                    const std::string& query, const std::string& body,
                                    const std::string& contentType) override;
    std::optional<nlohmann::json> restMapping(const std::string& apiVersion,
                                              const std::string& kind) override;

    std::vector<std::string> names(const std::string& collection) const;
    size_t count(const std::string& method) const;
};
