#include "ApiError.hpp"

namespace kmcp::sandbox {

using nlohmann::json;

ApiError::ApiError(int code, std::string reason, const std::string& message, json details)
    : std::runtime_error(message), code_(code), reason_(std::move(reason)), details_(std::move(details)) {}

json ApiError::toStatus() const {
    json status = {{"kind", "Status"},    {"apiVersion", "v1"}, {"metadata", json::object()},
                   {"status", "Failure"}, {"message", what()},  {"reason", reason_}};
    if (!details_.is_null()) {
        status["details"] = details_;
    }
    status["code"] = code_;
    return status;
}

std::string qualifiedResource(const std::string& group, const std::string& resource) {
    return group.empty() ? resource : resource + "." + group;
}

namespace {

json resourceDetails(const std::string& group, const std::string& kind, const std::string& name) {
    json details = json::object();
    if (!name.empty()) {
        details["name"] = name;
    }
    if (!group.empty()) {
        details["group"] = group;
    }
    details["kind"] = kind;
    return details;
}

} // namespace

ApiError notFound(const std::string& group, const std::string& resource, const std::string& name) {
    return ApiError(404, "NotFound", qualifiedResource(group, resource) + " \"" + name + "\" not found",
                    resourceDetails(group, resource, name));
}

ApiError alreadyExists(const std::string& group, const std::string& resource, const std::string& name) {
    return ApiError(409, "AlreadyExists",
                    qualifiedResource(group, resource) + " \"" + name + "\" already exists",
                    resourceDetails(group, resource, name));
}

ApiError conflict(const std::string& group, const std::string& resource, const std::string& name,
                  const std::string& why) {
    return ApiError(409, "Conflict",
                    "Operation cannot be fulfilled on " + qualifiedResource(group, resource) + " \"" + name +
                        "\": " + why,
                    resourceDetails(group, resource, name));
}

ApiError forbidden(const std::string& group, const std::string& resource, const std::string& name,
                   const std::string& why) {
    std::string subject = qualifiedResource(group, resource);
    std::string message;
    if (subject.empty()) {
        message = "forbidden: " + why;
    } else if (name.empty()) {
        message = subject + " is forbidden: " + why;
    } else {
        message = subject + " \"" + name + "\" is forbidden: " + why;
    }
    return ApiError(403, "Forbidden", message,
                    resource.empty() ? json::object() : resourceDetails(group, resource, name));
}

ApiError invalid(const std::string& group, const std::string& kind, const std::string& name,
                 const std::string& field, const std::string& why) {
    std::string qualifiedKind = group.empty() ? kind : kind + "." + group;
    json details = resourceDetails(group, kind, name);
    details["causes"] = json::array({{{"reason", "FieldValueInvalid"}, {"message", why}, {"field", field}}});
    return ApiError(422, "Invalid", qualifiedKind + " \"" + name + "\" is invalid: " + field + ": " + why,
                    details);
}

ApiError badRequest(const std::string& message) {
    return ApiError(400, "BadRequest", message);
}

ApiError methodNotAllowed() {
    return ApiError(405, "MethodNotAllowed",
                    "the server does not allow this method on the requested resource", json::object());
}

ApiError unauthorized() {
    return ApiError(401, "Unauthorized", "Unauthorized");
}

ApiError serviceUnavailable(const std::string& message) {
    return ApiError(503, "ServiceUnavailable", message);
}

ApiError pathNotFound() {
    return ApiError(404, "NotFound", "the server could not find the requested resource", json::object());
}

json successStatus(const json& details) {
    json status = {
        {"kind", "Status"}, {"apiVersion", "v1"}, {"metadata", json::object()}, {"status", "Success"}};
    if (!details.is_null()) {
        status["details"] = details;
    }
    return status;
}

} // namespace kmcp::sandbox
