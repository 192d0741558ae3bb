#pragma once

#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>

namespace kmcp::sandbox {

// Raised anywhere inside the request pipeline; the server turns it into a metav1.Status body so
// every failure path answers the way a real kube-apiserver does.
class ApiError : public std::runtime_error {
public:
    ApiError(int code, std::string reason, const std::string& message, nlohmann::json details = nullptr);

    int code() const { return code_; }
    const std::string& reason() const { return reason_; }
    const nlohmann::json& details() const { return details_; }
    nlohmann::json toStatus() const;

private:
    int code_;
    std::string reason_;
    nlohmann::json details_;
};

// "pods" for the core group, "deployments.apps" otherwise (schema.GroupResource.String()).
std::string qualifiedResource(const std::string& group, const std::string& resource);

ApiError notFound(const std::string& group, const std::string& resource, const std::string& name);
ApiError alreadyExists(const std::string& group, const std::string& resource, const std::string& name);
ApiError conflict(const std::string& group, const std::string& resource, const std::string& name,
                  const std::string& why);
ApiError forbidden(const std::string& group, const std::string& resource, const std::string& name,
                   const std::string& why);
ApiError invalid(const std::string& group, const std::string& kind, const std::string& name,
                 const std::string& field, const std::string& why);
ApiError badRequest(const std::string& message);
ApiError methodNotAllowed();
ApiError unauthorized();
ApiError serviceUnavailable(const std::string& message);
ApiError pathNotFound();

nlohmann::json successStatus(const nlohmann::json& details = nullptr);

} // namespace kmcp::sandbox
