#include "ResourceHandler.hpp"

#include "ApiError.hpp"
#include "Clock.hpp"
#include "Patch.hpp"
#include "TablePrinter.hpp"
#include "YamlJson.hpp"

#include <regex>

namespace kmcp::sandbox {

using nlohmann::json;

namespace {

Bucket bucketOf(const ResourceType& t) {
    return {t.group, t.resource};
}

bool isWorkload(const ResourceType& t) {
    return (t.group == "apps" && t.resource != "controllerrevisions") ||
           (t.group == "batch" && t.resource == "jobs");
}

// Typed Go clients send `"creationTimestamp": null` and friends; a real apiserver decodes those into
// zero values, so drop them before anything reads the object.
void removeNulls(json& value) {
    if (value.is_object()) {
        for (auto it = value.begin(); it != value.end();) {
            if (it->is_null()) {
                it = value.erase(it);
            } else {
                removeNulls(*it);
                ++it;
            }
        }
    } else if (value.is_array()) {
        for (auto& item : value) {
            removeNulls(item);
        }
    }
}

json parsePatchBody(const std::string& body) {
    try {
        return json::parse(body);
    } catch (const json::parse_error& e) {
        throw badRequest(std::string("error decoding patch: ") + e.what());
    }
}

json managedEntry(const std::string& manager, const std::string& operation, const std::string& apiVersion,
                  const json& fields, const std::string& subresource) {
    json entry = {{"manager", manager},       {"operation", operation},
                  {"apiVersion", apiVersion}, {"time", rfc3339(std::chrono::system_clock::now())},
                  {"fieldsType", "FieldsV1"}, {"fieldsV1", fields}};
    if (!subresource.empty()) {
        entry["subresource"] = subresource;
    }
    return entry;
}

void recordManager(json& object, const json& entry) {
    json& managed = object["metadata"]["managedFields"];
    if (!managed.is_array()) {
        managed = json::array();
    }
    for (auto it = managed.begin(); it != managed.end(); ++it) {
        if (it->value("manager", "") == entry["manager"] &&
            it->value("operation", "") == entry["operation"]) {
            managed.erase(it);
            break;
        }
    }
    managed.push_back(entry);
}

} // namespace

json ResourceHandler::fieldsV1(const json& applied) {
    json out = json::object();
    if (!applied.is_object()) {
        return out;
    }
    for (const auto& [key, value] : applied.items()) {
        if (key == "apiVersion" || key == "kind" || key == "status") {
            continue;
        }
        if (value.is_object()) {
            out["f:" + key] = fieldsV1(value);
        } else if (value.is_array()) {
            json list = json::object();
            for (const auto& item : value) {
                if (item.is_object() && item.contains("name")) {
                    list["k:{\"name\":" + item["name"].dump() + "}"] = fieldsV1(item);
                } else if (!item.is_object()) {
                    list["v:" + item.dump()] = json::object();
                }
            }
            out["f:" + key] = list;
        } else {
            out["f:" + key] = json::object();
        }
    }
    return out;
}

ListQuery ResourceHandler::listQuery(const ApiRequest& request, const std::string& ns) {
    ListQuery q;
    q.ns = ns;
    q.labels = LabelSelector::parse(request.param("labelSelector"));
    q.fields = FieldSelector::parse(request.param("fieldSelector"));
    std::string limit = request.param("limit");
    if (!limit.empty()) {
        q.limit = static_cast<std::size_t>(std::max(0LL, std::atoll(limit.c_str())));
    }
    q.continueToken = request.param("continue");
    return q;
}

json ResourceHandler::parseBody(const ApiRequest& request) {
    if (request.body.empty()) {
        throw badRequest("the body of the request was empty");
    }
    if (request.contentType.find("yaml") != std::string::npos) {
        return yamlToJson(request.body);
    }
    try {
        return json::parse(request.body);
    } catch (const json::parse_error& e) {
        throw badRequest(std::string("couldn't get version/kind; json parse error: ") + e.what());
    }
}

std::string ResourceHandler::render(const ResourceType& type, const ObjectPtr& object) const {
    if (object->object.value("apiVersion", "") == type.apiVersion()) {
        return object->serialized;
    }
    json copy = object->object;
    copy["apiVersion"] = type.apiVersion();
    return copy.dump();
}

std::string ResourceHandler::tableFor(const ApiRequest& request, const ResourceType& type,
                                      const std::vector<ObjectPtr>& items, const json& listMeta) {
    std::string printer = type.crdName.empty() ? type.resource : "";
    json table =
        TablePrinter::table(printer, items, TablePrinter::parseIncludeObject(request.param("includeObject")),
                            std::chrono::system_clock::now());
    table["metadata"] = listMeta;
    if (request.accept.find("v=v1beta1") != std::string::npos &&
        request.accept.find("v=v1;") == std::string::npos &&
        request.accept.find("v=v1,") == std::string::npos) {
        table["apiVersion"] = "meta.k8s.io/v1beta1";
    }
    return table.dump();
}

ApiResponse ResourceHandler::handle(const ApiRequest& request, const ResourceType& type) {
    const auto& info = request.info;
    if (!info.subresource.empty()) {
        if (info.subresource == "scale" && type.hasSubresource("scale")) {
            return scale(request, type);
        }
        if (info.subresource == "status" && type.hasSubresource("status")) {
            return status(request, type);
        }
        throw pathNotFound();
    }
    const std::string& verb = info.verb;
    if (verb == "get") {
        return get(request, type);
    }
    if (verb == "list") {
        return list(request, type);
    }
    if (verb == "create") {
        if (!info.name.empty()) {
            throw methodNotAllowed();
        }
        return create(request, type, parseBody(request), "Update");
    }
    if (verb == "update") {
        return update(request, type);
    }
    if (verb == "patch") {
        return patch(request, type);
    }
    if (verb == "delete") {
        return remove(request, type);
    }
    if (verb == "deletecollection") {
        return removeCollection(request, type);
    }
    throw methodNotAllowed();
}

ApiResponse ResourceHandler::get(const ApiRequest& request, const ResourceType& type) {
    ObjectPtr object = ctx_.store.get(bucketOf(type), request.info.ns, request.info.name);
    if (!object) {
        throw notFound(type.group, type.resource, request.info.name);
    }
    if (request.wantsTable()) {
        return {200, "application/json",
                tableFor(request, type, {object},
                         {{"resourceVersion", object->object["metadata"]["resourceVersion"]}})};
    }
    return {200, "application/json", render(type, object)};
}

ApiResponse ResourceHandler::list(const ApiRequest& request, const ResourceType& type) {
    ListPage page = ctx_.store.list(bucketOf(type), listQuery(request, request.info.ns));
    json meta = {{"resourceVersion", std::to_string(page.resourceVersion)}};
    if (!page.continueToken.empty()) {
        meta["continue"] = page.continueToken;
    }
    if (page.remainingItemCount >= 0) {
        meta["remainingItemCount"] = page.remainingItemCount;
    }
    if (request.wantsTable()) {
        return {200, "application/json", tableFor(request, type, page.items, meta)};
    }
    std::string body = "{\"kind\":\"" + type.kind + "List\",\"apiVersion\":\"" + type.apiVersion() +
                       "\",\"metadata\":" + meta.dump() + ",\"items\":[";
    for (std::size_t i = 0; i < page.items.size(); ++i) {
        if (i > 0) {
            body += ',';
        }
        body += render(type, page.items[i]);
    }
    body += "]}";
    return {200, "application/json", std::move(body)};
}

void ResourceHandler::validate(const ResourceType& type, const json& object) const {
    static const std::regex subdomain("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    const std::string name = object["metadata"].value("name", "");
    if (!name.empty() && (name.size() > 253 || !std::regex_match(name, subdomain))) {
        throw invalid(
            type.group, type.kind, name, "metadata.name",
            "Invalid value: \"" + name +
                "\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
                "'-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', "
                "regex used for validation is "
                "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
    }
    const json spec = object.value("spec", json::object());
    if (type.group.empty() && type.resource == "pods" && spec.value("containers", json::array()).empty()) {
        throw invalid(type.group, type.kind, name, "spec.containers", "Required value");
    }
    if (type.group == "apps" && type.resource != "daemonsets") {
        if (spec.contains("replicas") && spec["replicas"].is_number() &&
            spec["replicas"].get<long long>() < 0) {
            throw invalid(type.group, type.kind, name, "spec.replicas",
                          "Invalid value: " + spec["replicas"].dump() +
                              ": must be greater than or equal to 0");
        }
    }
    if (type.group == "apps" && !spec.contains("selector")) {
        throw invalid(type.group, type.kind, name, "spec.selector", "Required value");
    }
}

void ResourceHandler::afterWrite(const ResourceType& type, const ObjectPtr& object) {
    const json& meta = object->object["metadata"];
    if (isWorkload(type)) {
        ctx_.controllers.reconcile(bucketOf(type), meta.value("namespace", ""), meta.value("name", ""));
    } else if (type.group == "apiextensions.k8s.io" && type.resource == "customresourcedefinitions") {
        ctx_.registry.registerCrd(object->object);
    }
}

ApiResponse ResourceHandler::create(const ApiRequest& request, const ResourceType& type, json object,
                                    const std::string& operation) {
    if (!object.is_object()) {
        throw badRequest("the object provided is not a JSON object");
    }
    removeNulls(object);
    std::string kind = object.value("kind", "");
    if (!kind.empty() && kind != type.kind) {
        throw badRequest(kind + " in version \"" + type.version + "\" cannot be handled as a " + type.kind +
                         ": the kind of the object does not match the resource");
    }
    object["kind"] = type.kind;
    object["apiVersion"] = type.apiVersion();
    if (!object["metadata"].is_object()) {
        object["metadata"] = json::object();
    }
    json& meta = object["metadata"];
    if (type.namespaced) {
        std::string bodyNs = meta.value("namespace", "");
        if (!bodyNs.empty() && bodyNs != request.info.ns) {
            throw badRequest(
                "the namespace of the provided object does not match the namespace sent on the request");
        }
        meta["namespace"] = request.info.ns;
        if (!ctx_.store.get({"", "namespaces"}, "", request.info.ns)) {
            throw notFound("", "namespaces", request.info.ns);
        }
    } else {
        meta.erase("namespace");
    }
    meta.erase("resourceVersion");
    meta.erase("managedFields");
    validate(type, object);
    object = ctx_.controllers.prepareCreate(bucketOf(type), std::move(object));
    if (type.resource == "customresourcedefinitions") {
        const json names = object["spec"].value("names", json::object());
        json stored = json::array();
        for (const auto& v : object["spec"].value("versions", json::array())) {
            if (v.value("storage", false)) {
                stored.push_back(v.value("name", ""));
            }
        }
        std::string ts = rfc3339(std::chrono::system_clock::now());
        object["status"] = {{"acceptedNames", names},
                            {"storedVersions", stored},
                            {"conditions", json::array({{{"type", "NamesAccepted"},
                                                         {"status", "True"},
                                                         {"reason", "NoConflicts"},
                                                         {"message", "no conflicts found"},
                                                         {"lastTransitionTime", ts}},
                                                        {{"type", "Established"},
                                                         {"status", "True"},
                                                         {"reason", "InitialNamesAccepted"},
                                                         {"message", "the initial names have been accepted"},
                                                         {"lastTransitionTime", ts}}})}};
    }
    std::string manager = request.param("fieldManager");
    if (!manager.empty() || operation == "Apply") {
        recordManager(object, managedEntry(manager.empty() ? "unknown" : manager, operation,
                                           type.apiVersion(), fieldsV1(object), ""));
    }
    if (request.param("dryRun") == "All") {
        return {201, "application/json", object.dump()};
    }
    ObjectPtr stored = ctx_.store.create(bucketOf(type), std::move(object));
    if (type.group.empty() && type.resource == "pods") {
        ctx_.controllers.recordPodEvents(stored->object);
    }
    afterWrite(type, stored);
    ObjectPtr fresh =
        ctx_.store.get(bucketOf(type), request.info.ns, stored->object["metadata"].value("name", ""));
    return {201, "application/json", render(type, fresh ? fresh : stored)};
}

ApiResponse ResourceHandler::update(const ApiRequest& request, const ResourceType& type) {
    json object = parseBody(request);
    if (!object.is_object()) {
        throw badRequest("the object provided is not a JSON object");
    }
    removeNulls(object);
    std::string bodyName = object["metadata"].value("name", "");
    if (bodyName != request.info.name) {
        throw badRequest("the name of the object (" + bodyName + ") does not match the name on the URL (" +
                         request.info.name + ")");
    }
    object["kind"] = type.kind;
    object["apiVersion"] = type.apiVersion();
    if (type.namespaced) {
        object["metadata"]["namespace"] = request.info.ns;
    }
    validate(type, object);
    bool keepStatus = type.hasSubresource("status");
    std::string manager = request.param("fieldManager");
    auto change = [&](const json& live) {
        json next = object;
        if (keepStatus) {
            next["status"] = live.value("status", json::object());
        }
        if (!next["metadata"].contains("managedFields") && live["metadata"].contains("managedFields")) {
            next["metadata"]["managedFields"] = live["metadata"]["managedFields"];
        }
        if (!manager.empty()) {
            recordManager(next, managedEntry(manager, "Update", type.apiVersion(), fieldsV1(object), ""));
        }
        return next;
    };
    if (request.param("dryRun") == "All") {
        ObjectPtr live = ctx_.store.get(bucketOf(type), request.info.ns, request.info.name);
        if (!live) {
            throw notFound(type.group, type.resource, request.info.name);
        }
        return {200, "application/json", change(live->object).dump()};
    }
    ObjectPtr stored = ctx_.store.mutate(bucketOf(type), request.info.ns, request.info.name, change);
    afterWrite(type, stored);
    ObjectPtr fresh = ctx_.store.get(bucketOf(type), request.info.ns, request.info.name);
    return {200, "application/json", render(type, fresh ? fresh : stored)};
}

ApiResponse ResourceHandler::patch(const ApiRequest& request, const ResourceType& type) {
    PatchType patchType = patchTypeFromContentType(request.contentType);
    json document;
    if (patchType == PatchType::Apply) {
        document = yamlToJson(request.body);
    } else {
        document = parsePatchBody(request.body);
    }
    const Bucket bucket = bucketOf(type);
    if (patchType == PatchType::Apply && !ctx_.store.get(bucket, request.info.ns, request.info.name)) {
        if (request.param("fieldManager").empty()) {
            throw badRequest("PATCH, application/apply-patch+yaml requires fieldManager parameter");
        }
        if (!document["metadata"].is_object()) {
            document["metadata"] = json::object();
        }
        document["metadata"]["name"] = request.info.name;
        return create(request, type, document, "Apply");
    }
    bool keepStatus = type.hasSubresource("status");
    std::string manager = request.param("fieldManager");
    auto change = [&](const json& live) {
        json next;
        switch (patchType) {
        case PatchType::Merge:
            next = applyMergePatch(live, document);
            break;
        case PatchType::Json:
            next = applyJsonPatch(live, document);
            break;
        case PatchType::Strategic:
            next = applyStrategicMergePatch(live, document);
            break;
        case PatchType::Apply:
            next = applyServerSideApply(live, document);
            break;
        }
        removeNulls(next);
        if (keepStatus) {
            next["status"] = live.value("status", json::object());
        }
        if (next["metadata"].value("resourceVersion", "") == live["metadata"].value("resourceVersion", "")) {
            next["metadata"].erase("resourceVersion");
        }
        next["kind"] = type.kind;
        next["apiVersion"] = type.apiVersion();
        validate(type, next);
        if (patchType == PatchType::Apply) {
            recordManager(next, managedEntry(manager, "Apply", type.apiVersion(), fieldsV1(document), ""));
        } else if (!manager.empty()) {
            recordManager(next, managedEntry(manager, "Update", type.apiVersion(), fieldsV1(document), ""));
        }
        return next;
    };
    if (request.param("dryRun") == "All") {
        ObjectPtr live = ctx_.store.get(bucket, request.info.ns, request.info.name);
        if (!live) {
            throw notFound(type.group, type.resource, request.info.name);
        }
        return {200, "application/json", change(live->object).dump()};
    }
    ObjectPtr stored = ctx_.store.mutate(bucket, request.info.ns, request.info.name, change);
    afterWrite(type, stored);
    ObjectPtr fresh = ctx_.store.get(bucket, request.info.ns, request.info.name);
    return {200, "application/json", render(type, fresh ? fresh : stored)};
}

ObjectPtr ResourceHandler::deleteObject(const ResourceType& type, const std::string& ns,
                                        const std::string& name, const std::string& propagation) {
    ObjectPtr removed = ctx_.store.remove(bucketOf(type), ns, name);
    if (!removed) {
        throw notFound(type.group, type.resource, name);
    }
    if (type.group.empty() && type.resource == "namespaces") {
        ctx_.controllers.deleteNamespaceContents(name);
    } else if (type.resource == "customresourcedefinitions") {
        const json spec = removed->object.value("spec", json::object());
        Bucket crs{spec.value("group", ""), spec.value("names", json::object()).value("plural", "")};
        for (const auto& cr : ctx_.store.list(crs, {}).items) {
            ctx_.store.remove(crs, cr->object["metadata"].value("namespace", ""),
                              cr->object["metadata"].value("name", ""));
        }
        ctx_.registry.unregisterCrd(name);
    }
    if (propagation != "Orphan") {
        ctx_.controllers.cascadeDelete(removed->object);
    }
    if (type.group.empty() && type.resource == "pods") {
        ctx_.controllers.podDeleted(removed->object);
    }
    return removed;
}

ApiResponse ResourceHandler::remove(const ApiRequest& request, const ResourceType& type) {
    std::string propagation = request.param("propagationPolicy");
    if (!request.body.empty()) {
        try {
            json options = json::parse(request.body);
            propagation = options.value("propagationPolicy", propagation);
            if (options.contains("orphanDependents") && options["orphanDependents"] == true) {
                propagation = "Orphan";
            }
        } catch (const json::exception&) {
            throw badRequest("error decoding DeleteOptions body");
        }
    }
    if (type.group.empty() && type.resource == "namespaces" &&
        (request.info.name == "default" || request.info.name == "kube-system" ||
         request.info.name == "kube-public")) {
        throw forbidden("", "namespaces", request.info.name, "this namespace may not be deleted");
    }
    if (request.param("dryRun") == "All") {
        ObjectPtr live = ctx_.store.get(bucketOf(type), request.info.ns, request.info.name);
        if (!live) {
            throw notFound(type.group, type.resource, request.info.name);
        }
        return {200, "application/json", render(type, live)};
    }
    ObjectPtr removed = deleteObject(type, request.info.ns, request.info.name, propagation);
    return {200, "application/json", render(type, removed)};
}

ApiResponse ResourceHandler::removeCollection(const ApiRequest& request, const ResourceType& type) {
    ListPage page = ctx_.store.list(bucketOf(type), listQuery(request, request.info.ns));
    std::string body = "{\"kind\":\"" + type.kind + "List\",\"apiVersion\":\"" + type.apiVersion() +
                       "\",\"metadata\":{},\"items\":[";
    bool first = true;
    for (const auto& item : page.items) {
        const json& meta = item->object["metadata"];
        try {
            ObjectPtr removed = deleteObject(type, meta.value("namespace", ""), meta.value("name", ""),
                                             request.param("propagationPolicy"));
            body += (first ? "" : ",") + render(type, removed);
            first = false;
        } catch (const ApiError&) {
            // Already removed by a cascade from an earlier item.
        }
    }
    return {200, "application/json", body + "]}"};
}

ApiResponse ResourceHandler::scale(const ApiRequest& request, const ResourceType& type) {
    const Bucket bucket = bucketOf(type);
    auto toScale = [&](const ObjectPtr& object) {
        const json& o = object->object;
        const json& meta = o["metadata"];
        std::string selector;
        const json matchLabels =
            o["spec"].value("selector", json::object()).value("matchLabels", json::object());
        for (const auto& [k, v] : matchLabels.items()) {
            selector += (selector.empty() ? "" : ",") + k + "=" + v.get<std::string>();
        }
        return json{
            {"kind", "Scale"},
            {"apiVersion", "autoscaling/v1"},
            {"metadata",
             {{"name", meta.value("name", "")},
              {"namespace", meta.value("namespace", "")},
              {"uid", meta.value("uid", "")},
              {"resourceVersion", meta.value("resourceVersion", "")},
              {"creationTimestamp", meta.value("creationTimestamp", "")}}},
            {"spec", {{"replicas", o["spec"].value("replicas", 1)}}},
            {"status",
             {{"replicas", o.value("status", json::object()).value("replicas", 0)}, {"selector", selector}}}};
    };
    ObjectPtr live = ctx_.store.get(bucket, request.info.ns, request.info.name);
    if (!live) {
        throw notFound(type.group, type.resource, request.info.name);
    }
    if (request.info.verb == "get") {
        return {200, "application/json", toScale(live).dump()};
    }
    json wanted;
    if (request.info.verb == "update") {
        wanted = parseBody(request);
    } else if (request.info.verb == "patch") {
        json current = toScale(live);
        json document = parsePatchBody(request.body);
        PatchType patchType = patchTypeFromContentType(request.contentType);
        wanted = patchType == PatchType::Json ? applyJsonPatch(current, document)
                                              : applyMergePatch(current, document);
    } else {
        throw methodNotAllowed();
    }
    if (!wanted["spec"].contains("replicas") || !wanted["spec"]["replicas"].is_number_integer()) {
        throw badRequest("Scale.spec.replicas must be an integer");
    }
    long long replicas = wanted["spec"]["replicas"].get<long long>();
    if (replicas < 0) {
        throw invalid("autoscaling", "Scale", request.info.name, "spec.replicas",
                      "Invalid value: " + std::to_string(replicas) + ": must be greater than or equal to 0");
    }
    std::string precondition = wanted["metadata"].value("resourceVersion", "");
    ObjectPtr stored = ctx_.store.mutate(bucket, request.info.ns, request.info.name, [&](const json& o) {
        json next = o;
        next["spec"]["replicas"] = replicas;
        if (precondition.empty() || request.info.verb == "patch") {
            next["metadata"].erase("resourceVersion");
        } else {
            next["metadata"]["resourceVersion"] = precondition;
        }
        return next;
    });
    afterWrite(type, stored);
    return {200, "application/json",
            toScale(ctx_.store.get(bucket, request.info.ns, request.info.name)).dump()};
}

ApiResponse ResourceHandler::status(const ApiRequest& request, const ResourceType& type) {
    const Bucket bucket = bucketOf(type);
    if (request.info.verb == "get") {
        ObjectPtr live = ctx_.store.get(bucket, request.info.ns, request.info.name);
        if (!live) {
            throw notFound(type.group, type.resource, request.info.name);
        }
        return {200, "application/json", render(type, live)};
    }
    json document = request.info.verb == "patch" ? parsePatchBody(request.body) : parseBody(request);
    ObjectPtr stored = ctx_.store.mutate(bucket, request.info.ns, request.info.name, [&](const json& live) {
        json next = live;
        json updated;
        if (request.info.verb == "update") {
            updated = document;
        } else if (request.info.verb == "patch") {
            switch (patchTypeFromContentType(request.contentType)) {
            case PatchType::Json:
                updated = applyJsonPatch(live, document);
                break;
            case PatchType::Merge:
                updated = applyMergePatch(live, document);
                break;
            default:
                updated = applyStrategicMergePatch(live, document);
                break;
            }
        } else {
            throw methodNotAllowed();
        }
        next["status"] = updated.value("status", json::object());
        std::string rv = updated["metadata"].value("resourceVersion", "");
        if (request.info.verb == "update" && !rv.empty()) {
            next["metadata"]["resourceVersion"] = rv;
        } else {
            next["metadata"].erase("resourceVersion");
        }
        return next;
    });
    return {200, "application/json", render(type, stored)};
}

} // namespace kmcp::sandbox
