#pragma once

#include "ApiRequest.hpp"
#include "SandboxContext.hpp"
#include "TypeRegistry.hpp"

#include <nlohmann/json.hpp>

namespace kmcp::sandbox {

// CRUD for stored resources and their status/scale subresources, with the semantics kubectl
// relies on: Tables, list paging, optimistic concurrency, the four patch types, server-side apply
// (create-if-missing, managedFields), dry runs, cascading deletes and CRD registration.
class ResourceHandler {
public:
    explicit ResourceHandler(SandboxContext& context) : ctx_(context) {}

    ApiResponse handle(const ApiRequest& request, const ResourceType& type);

    // List query from labelSelector/fieldSelector/limit/continue parameters.
    static ListQuery listQuery(const ApiRequest& request, const std::string& ns);
    // The JSON body of a request (JSON or YAML); BadRequest when unparsable.
    static nlohmann::json parseBody(const ApiRequest& request);
    // managedFields' FieldsV1 for an applied configuration.
    static nlohmann::json fieldsV1(const nlohmann::json& applied);
    // `kubectl get` asks for Tables; renders objects of `type` as one.
    static std::string tableFor(const ApiRequest& request, const ResourceType& type,
                                const std::vector<ObjectPtr>& items, const nlohmann::json& listMeta);

private:
    ApiResponse get(const ApiRequest& request, const ResourceType& type);
    ApiResponse list(const ApiRequest& request, const ResourceType& type);
    ApiResponse create(const ApiRequest& request, const ResourceType& type, nlohmann::json object,
                       const std::string& operation);
    ApiResponse update(const ApiRequest& request, const ResourceType& type);
    ApiResponse patch(const ApiRequest& request, const ResourceType& type);
    ApiResponse remove(const ApiRequest& request, const ResourceType& type);
    ApiResponse removeCollection(const ApiRequest& request, const ResourceType& type);
    ApiResponse scale(const ApiRequest& request, const ResourceType& type);
    ApiResponse status(const ApiRequest& request, const ResourceType& type);

    void validate(const ResourceType& type, const nlohmann::json& object) const;
    void afterWrite(const ResourceType& type, const ObjectPtr& object);
    ObjectPtr deleteObject(const ResourceType& type, const std::string& ns, const std::string& name,
                           const std::string& propagation);
    std::string render(const ResourceType& type, const ObjectPtr& object) const;

    SandboxContext& ctx_;
};

} // namespace kmcp::sandbox
