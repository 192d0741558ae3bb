#include "ApiRequestHandler.hpp"

#include "ApiError.hpp"
#include "ApiRequest.hpp"
#include "Clock.hpp"
#include "ResourceHandler.hpp"
#include "StreamHandlers.hpp"
#include "VirtualResources.hpp"

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <algorithm>
#include <thread>

namespace kmcp::sandbox {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxBody = 16 * 1024 * 1024;

void send(Poco::Net::HTTPServerResponse& response, const ApiResponse& r) {
    response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(r.status));
    response.setContentType(r.contentType);
    response.sendBuffer(r.body.data(), r.body.size());
}

long long steadyNowNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

bool isPublicPath(const std::string& path) {
    return path == "/healthz" || path == "/livez" || path == "/readyz" || path == "/version" ||
           path == "/version/";
}

json versionInfo() {
    return {{"major", "1"},
            {"minor", "31"},
            {"gitVersion", "v1.31.0"},
            {"gitCommit", "sandbox"},
            {"gitTreeState", "clean"},
            {"buildDate", "2024-08-13T07:28:49Z"},
            {"goVersion", "go1.22.5"},
            {"compiler", "gc"},
            {"platform", "linux/amd64"}};
}

ApiResponse jsonResponse(const json& body) {
    return {200, "application/json", body.dump()};
}

// /api, /apis, /version, /openapi, health: everything that is not a resource.
ApiResponse nonResource(const SandboxContext& ctx, const std::string& path) {
    if (path == "/healthz" || path == "/livez" || path == "/readyz") {
        return {200, "text/plain", "ok"};
    }
    if (path == "/version" || path == "/version/") {
        return jsonResponse(versionInfo());
    }
    if (path == "/api" || path == "/api/") {
        return jsonResponse(ctx.registry.coreApiVersions());
    }
    if (path == "/api/v1" || path == "/api/v1/") {
        if (auto list = ctx.registry.resourceList("", "v1")) {
            return jsonResponse(*list);
        }
    }
    if (path == "/apis" || path == "/apis/") {
        return jsonResponse(ctx.registry.apiGroupList());
    }
    if (path.rfind("/apis/", 0) == 0) {
        std::string rest = path.substr(6);
        if (!rest.empty() && rest.back() == '/') {
            rest.pop_back();
        }
        auto slash = rest.find('/');
        if (slash == std::string::npos) {
            if (auto group = ctx.registry.apiGroup(rest)) {
                return jsonResponse(*group);
            }
        } else if (auto list = ctx.registry.resourceList(rest.substr(0, slash), rest.substr(slash + 1))) {
            return jsonResponse(*list);
        }
    }
    if (path == "/openapi/v3" || path == "/openapi/v3/") {
        return jsonResponse(ctx.registry.openApiV3Root());
    }
    if (path.rfind("/openapi/v3/", 0) == 0) {
        if (auto doc = ctx.registry.openApiV3Document(path.substr(12))) {
            return jsonResponse(*doc);
        }
    }
    throw pathNotFound();
}

ApiResponse sandboxEndpoint(SandboxContext& ctx, const ApiRequest& r) {
    if (!r.user.inGroup("system:masters")) {
        throw forbidden("", "", "",
                        RbacAuthorizer::forbiddenMessage({r.user, "get", false, "", "", "", "", "", r.path}));
    }
    if (r.path == "/sandbox/requests") {
        if (r.method == "GET") {
            return jsonResponse(ctx.requestLog.toJson());
        }
        if (r.method == "DELETE") {
            ctx.requestLog.clear();
            return jsonResponse(successStatus());
        }
        throw methodNotAllowed();
    }
    if (r.path == "/sandbox/fail") {
        if (r.method != "POST") {
            throw methodNotAllowed();
        }
        std::string mode = r.param("mode", "unavailable");
        long long seconds = std::atoll(r.param("seconds", "0").c_str());
        if (mode != "unavailable" && mode != "none") {
            throw badRequest("unknown failure mode \"" + mode + "\"; supported: unavailable, none");
        }
        if (mode == "none" || seconds <= 0) {
            ctx.unavailableUntil = 0;
            seconds = 0;
        } else {
            ctx.unavailableUntil = steadyNowNs() + seconds * 1'000'000'000LL;
        }
        return jsonResponse({{"mode", seconds > 0 ? mode : "none"}, {"seconds", seconds}});
    }
    throw pathNotFound();
}

// Go clients encode spaces in query values as '+' (url.Values.Encode), so decode form-style.
std::vector<std::pair<std::string, std::string>> parseQuery(const std::string& raw) {
    std::vector<std::pair<std::string, std::string>> out;
    auto decode = [](std::string text) {
        std::replace(text.begin(), text.end(), '+', ' ');
        std::string decoded;
        Poco::URI::decode(text, decoded);
        return decoded;
    };
    std::size_t start = 0;
    while (start < raw.size()) {
        auto amp = raw.find('&', start);
        std::string part = raw.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
        if (!part.empty()) {
            auto eq = part.find('=');
            out.emplace_back(decode(part.substr(0, eq)),
                             eq == std::string::npos ? "" : decode(part.substr(eq + 1)));
        }
        if (amp == std::string::npos) {
            break;
        }
        start = amp + 1;
    }
    return out;
}

std::string bearerToken(const Poco::Net::HTTPServerRequest& request) {
    std::string header = request.get("Authorization", "");
    const std::string prefix = "Bearer ";
    if (header.size() > prefix.size() && strncasecmp(header.c_str(), prefix.c_str(), prefix.size()) == 0) {
        std::string token = header.substr(prefix.size());
        while (!token.empty() && token.back() == ' ') {
            token.pop_back();
        }
        return token;
    }
    return "";
}

} // namespace

void ApiRequestHandler::handleRequest(Poco::Net::HTTPServerRequest& request,
                                      Poco::Net::HTTPServerResponse& response) {
    ApiRequest r;
    r.method = request.getMethod();
    RequestRecord record;
    int status = 500;
    bool sent = false;
    bool recordIt = true;
    try {
        Poco::URI uri(request.getURI());
        r.path = uri.getPath();
        r.rawQuery = uri.getRawQuery();
        r.query = parseQuery(r.rawQuery);
        r.accept = request.get("Accept", "");
        r.contentType = request.getContentType();
        if (r.method == "POST" || r.method == "PUT" || r.method == "PATCH" || r.method == "DELETE") {
            std::string body;
            Poco::StreamCopier::copyToString(request.stream(), body);
            if (body.size() > kMaxBody) {
                throw ApiError(413, "RequestEntityTooLarge", "the request body is too large");
            }
            r.body = std::move(body);
        }
        record.time = rfc3339Nano(std::chrono::system_clock::now());
        record.method = r.method;
        record.path = r.path;
        record.query = r.rawQuery;
        recordIt = r.path.rfind("/sandbox/", 0) != 0;

        std::string token = bearerToken(request);
        if (!token.empty()) {
            auto user = ctx_.authenticator.authenticate(token);
            if (!user) {
                record.authorizationSha256 = Authenticator::sha256Hex(token);
                throw unauthorized();
            }
            r.user = *user;
        } else {
            r.user = {"system:anonymous", "", {"system:unauthenticated"}, ""};
        }
        record.user = r.user.name;
        record.groups = r.user.groups;
        record.authorizationSha256 = r.user.tokenSha256;

        if (!recordIt) {
            if (token.empty()) {
                throw unauthorized();
            }
            ApiResponse out = sandboxEndpoint(ctx_, r);
            status = out.status;
            send(response, out);
            return;
        }
        if (ctx_.unavailableUntil.load() > steadyNowNs()) {
            throw serviceUnavailable("the server is currently unable to handle the request");
        }
        if (ctx_.latencyMs > 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(ctx_.latencyMs));
        }
        if (token.empty() && !isPublicPath(r.path)) {
            throw unauthorized();
        }
        r.info = parseRequestInfo(r.method, r.path, r.flag("watch"));
        if (!r.info.resourceRequest) {
            RequestAttributes attrs{
                r.user, r.info.verb == "head" ? "get" : r.info.verb, false, "", "", "", "", "", r.path};
            if (!token.empty() && !ctx_.rbac.allowed(attrs)) {
                throw forbidden("", "", "", RbacAuthorizer::forbiddenMessage(attrs));
            }
            ApiResponse out = nonResource(ctx_, r.path);
            status = out.status;
            send(response, out);
        } else {
            auto type = ctx_.registry.find(r.info.group, r.info.version, r.info.resource);
            if (!type || (!type->namespaced && !r.info.ns.empty() && r.info.resource != "namespaces")) {
                throw pathNotFound();
            }
            const std::string& sub = r.info.subresource;
            RequestAttributes attrs{r.user, r.info.verb, true,      r.info.group, r.info.resource,
                                    sub,    r.info.name, r.info.ns, r.path};
            if (sub == "exec" || sub == "attach" || sub == "portforward") {
                attrs.verb = "create";
            }
            if (!ctx_.rbac.allowed(attrs)) {
                throw forbidden(r.info.group, r.info.resource, r.info.name,
                                RbacAuthorizer::forbiddenMessage(attrs));
            }
            // RBAC sees the namespace of /api/v1/namespaces/{name} (as upstream does); storage keys
            // cluster-scoped objects without one.
            if (!type->namespaced) {
                r.info.ns.clear();
            }
            StreamHandlers streams(ctx_);
            if (type->virtualResource) {
                ApiResponse out = VirtualResources(ctx_).handle(r, *type);
                status = out.status;
                send(response, out);
            } else if (type->resource == "pods" && type->group.empty() && sub == "log") {
                status = streams.podLogs(r, response);
            } else if (type->resource == "pods" && type->group.empty() && sub == "exec") {
                status = streams.podExec(r, request, response);
            } else if (type->resource == "nodes" && type->group.empty() && sub == "proxy") {
                status = streams.nodeProxy(r, response);
            } else if (r.info.verb == "watch") {
                status = 200;
                sent = true;
                streams.watch(r, *type, request, response);
            } else {
                ApiResponse out = ResourceHandler(ctx_).handle(r, *type);
                status = out.status;
                send(response, out);
            }
        }
    } catch (const ApiError& e) {
        status = e.code();
        if (!sent && !response.sent()) {
            send(response, {e.code(), "application/json", e.toStatus().dump()});
        }
    } catch (const Poco::Exception& e) {
        status = 500;
        if (!sent && !response.sent()) {
            send(response, {500, "application/json",
                            ApiError(500, "InternalError", "Internal error occurred: " + e.displayText())
                                .toStatus()
                                .dump()});
        }
    } catch (const std::exception& e) {
        status = 500;
        if (!sent && !response.sent()) {
            send(response,
                 {500, "application/json",
                  ApiError(500, "InternalError", std::string("Internal error occurred: ") + e.what())
                      .toStatus()
                      .dump()});
        }
    }
    if (recordIt) {
        record.status = status;
        ctx_.requestLog.add(std::move(record));
    }
}

} // namespace kmcp::sandbox
