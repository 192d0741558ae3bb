#include "Cluster.hpp"

namespace kmcp::plugins::core {

ResourceRef Cluster::resolve(const std::string& apiVersion, const std::string& kind) {
    GroupVersion gv = GroupVersion::parse(apiVersion);
    nlohmann::json mapping;
    try {
        mapping = call_.info("rest_mapping", {{"apiVersion", gv.str()}, {"kind", kind}});
    } catch (const sdk::Error& e) {
        if (e.status() == KMCP_STATUS_NOT_FOUND)
            throw sdk::Error(KMCP_STATUS_NOT_FOUND, "no resource of kind '" + kind +
                                                        "' is served in apiVersion '" + gv.str() +
                                                        "' by this cluster");
        throw;
    }
    return {mapping.value("group", gv.group), mapping.value("version", gv.version),
            mapping.value("kind", kind), mapping.value("resource", ""), mapping.value("namespaced", true)};
}

bool Cluster::serves(const std::string& groupVersion) {
    if (!apiVersions_) apiVersions_ = call_.info("api_versions");
    for (const auto& v : *apiVersions_)
        if (v.is_string() && v.get<std::string>() == groupVersion) return true;
    return false;
}

std::string Cluster::namespaceFor(const ResourceRef& ref, const std::string& requested) {
    if (!ref.namespaced) return "";
    return requested.empty() ? call_.defaultNamespace() : requested;
}

sdk::KubeResponse Cluster::ok(const sdk::KubeRequest& request, const std::string& what) {
    auto resp = call_.kube(request);
    if (!resp.ok()) {
        kmcp_status st = resp.status == 404   ? KMCP_STATUS_NOT_FOUND
                         : resp.status == 403 ? KMCP_STATUS_DENIED
                         : resp.status >= 500 ? KMCP_STATUS_UNAVAILABLE
                                              : KMCP_STATUS_INVALID_ARGUMENT;
        throw sdk::Error(
            st, what + ": " + (resp.message.empty() ? "HTTP " + std::to_string(resp.status) : resp.message));
    }
    return resp;
}

nlohmann::json Cluster::getJson(const std::string& path, const std::string& query, const std::string& what) {
    auto resp = ok({.method = "GET", .path = path, .query = query}, what);
    auto body = nlohmann::json::parse(resp.body, nullptr, false);
    if (body.is_discarded())
        throw sdk::Error(KMCP_STATUS_INTERNAL, what + ": the API server answered with non-JSON");
    return body;
}

std::string Cluster::list(const ResourceRef& ref, const std::string& ns, const ListParams& params,
                          const std::string& what) {
    Query q;
    params.addTo(q);
    bool table = listFormat() == ListFormat::Table;
    auto fetch = [&](const std::string& inNs) {
        return call_.kube({.method = "GET",
                           .path = collectionPath(ref, inNs),
                           .query = q.str(),
                           .accept = table ? kTableAccept : ""});
    };
    std::string prefix;
    auto resp = fetch(ns);
    if (resp.status == 403 && ref.namespaced && ns.empty()) {
        std::string fallback = call_.defaultNamespace();
        auto retry = fetch(fallback);
        if (retry.ok()) {
            prefix = "# not allowed to list " + ref.resource + " in all namespaces; showing namespace " +
                     fallback + "\n";
            resp = std::move(retry);
        }
    }
    if (!resp.ok()) {
        kmcp_status st = resp.status == 404   ? KMCP_STATUS_NOT_FOUND
                         : resp.status == 403 ? KMCP_STATUS_DENIED
                                              : KMCP_STATUS_INVALID_ARGUMENT;
        throw sdk::Error(
            st, what + ": " + (resp.message.empty() ? "HTTP " + std::to_string(resp.status) : resp.message));
    }
    auto body = nlohmann::json::parse(resp.body, nullptr, false);
    if (body.is_discarded())
        throw sdk::Error(KMCP_STATUS_INTERNAL, what + ": the API server answered with non-JSON");
    return prefix + renderList(body, ref.groupVersion(), ref.kind, redactSecrets());
}

const nlohmann::json& Cluster::server() {
    if (!server_) {
        try {
            server_ = call_.info("server");
        } catch (const sdk::Error&) {
            server_ = nlohmann::json::object();
        }
    }
    return *server_;
}

ListFormat Cluster::listFormat() {
    const auto& s = server();
    return listFormatFrom(s.contains("list_output") && s["list_output"].is_string()
                              ? s["list_output"].get<std::string>()
                              : "table");
}

bool Cluster::redactSecrets() {
    const auto& s = server();
    return !(s.contains("redact_secrets") && s["redact_secrets"].is_boolean() &&
             !s["redact_secrets"].get<bool>());
}

ListParams listParamsFrom(const sdk::Call& call, const char* labelKey, const char* fieldKey) {
    ListParams p;
    p.labelSelector = call.string(labelKey);
    p.fieldSelector = call.string(fieldKey);
    p.continueToken = call.string("continue");
    p.limit = call.integer("limit", 0);
    if (p.limit < 0) throw sdk::invalidArgument("invalid argument limit: must be 0 or more");
    return p;
}

} // namespace kmcp::plugins::core
