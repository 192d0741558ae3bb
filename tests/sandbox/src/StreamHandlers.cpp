#include "StreamHandlers.hpp"

#include "ApiError.hpp"
#include "ExecSession.hpp"
#include "Metrics.hpp"
#include "PodLogs.hpp"
#include "ResourceHandler.hpp"

#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Timespan.h>
#include <algorithm>
#include <cctype>

#include <thread>

namespace kmcp::sandbox {

using nlohmann::json;

namespace {

constexpr int kFollowIntervalMs = 300;
constexpr long long kMaxWatchSeconds = 600;
constexpr int kWatchPollMs = 500;
const Bucket kPods{"", "pods"};

long long number(const ApiRequest& request, const std::string& key) {
    std::string v = request.param(key);
    if (v.empty()) {
        return -1;
    }
    try {
        return std::stoll(v);
    } catch (const std::exception&) {
        throw badRequest("invalid value for " + key + ": " + v);
    }
}

void sendText(Poco::Net::HTTPServerResponse& response, int status, const std::string& text) {
    response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    response.setContentType("text/plain");
    response.sendBuffer(text.data(), text.size());
}

} // namespace

int StreamHandlers::podLogs(const ApiRequest& request, Poco::Net::HTTPServerResponse& response) {
    ObjectPtr pod = ctx_.store.get(kPods, request.info.ns, request.info.name);
    if (!pod) {
        throw notFound("", "pods", request.info.name);
    }
    LogOptions options;
    options.container = PodLogs::resolveContainer(pod->object, request.param("container"));
    options.previous = request.flag("previous");
    options.timestamps = request.flag("timestamps");
    options.tailLines = number(request, "tailLines");
    options.limitBytes = number(request, "limitBytes");
    options.sinceSeconds = number(request, "sinceSeconds");
    options.follow = request.flag("follow");
    auto lines = PodLogs::history(pod->object, options.container, options.previous);
    std::string text = PodLogs::render(lines, options, std::chrono::system_clock::now());
    if (!options.follow) {
        sendText(response, 200, text);
        return 200;
    }
    response.setStatus(Poco::Net::HTTPResponse::HTTP_OK);
    response.setContentType("text/plain");
    response.setChunkedTransferEncoding(true);
    std::ostream& out = response.send();
    out << text;
    out.flush();
    for (int i = 0; i < PodLogs::kFollowLines && out.good(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(kFollowIntervalMs));
        if (!ctx_.store.get(kPods, request.info.ns, request.info.name)) {
            break;
        }
        out << PodLogs::formatLine(
            PodLogs::followLine(pod->object, options.container, i, std::chrono::system_clock::now()),
            options.timestamps);
        out.flush();
    }
    return 200;
}

int StreamHandlers::podExec(const ApiRequest& request, Poco::Net::HTTPServerRequest& httpRequest,
                            Poco::Net::HTTPServerResponse& response) {
    ObjectPtr pod = ctx_.store.get(kPods, request.info.ns, request.info.name);
    if (!pod) {
        throw notFound("", "pods", request.info.name);
    }
    const json& p = pod->object;
    std::string phase = p.value("status", json::object()).value("phase", "Pending");
    if (phase == "Succeeded" || phase == "Failed") {
        throw badRequest("cannot exec into a container in a completed pod; current phase is " + phase);
    }
    if (phase != "Running") {
        throw badRequest("pod " + request.info.name + " does not have a host assigned");
    }
    std::string container = PodLogs::resolveContainer(p, request.param("container"));
    auto command = request.params("command");
    if (command.empty()) {
        throw badRequest("you must specify at least 1 command");
    }
    std::string upgrade = httpRequest.get("Upgrade", "");
    std::transform(upgrade.begin(), upgrade.end(), upgrade.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (upgrade != "websocket") {
        throw badRequest("Upgrade request required");
    }
    std::string protocol = ExecSession::chooseProtocol(httpRequest.get("Sec-WebSocket-Protocol", ""));
    if (protocol.empty()) {
        throw badRequest("unable to upgrade connection: requested subprotocols are not supported; use "
                         "v5.channel.k8s.io or v4.channel.k8s.io");
    }
    ExecContext context;
    context.podName = request.info.name;
    context.container = container;
    context.now = std::chrono::system_clock::now();
    context.env = {{"PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"},
                   {"HOSTNAME", request.info.name}};
    for (const auto& c : p["spec"].value("containers", json::array())) {
        if (c.value("name", "") != container) {
            continue;
        }
        for (const auto& e : c.value("env", json::array())) {
            if (e.contains("value")) {
                context.env.emplace_back(e.value("name", ""), e["value"].is_string()
                                                                  ? e["value"].get<std::string>()
                                                                  : e["value"].dump());
            }
        }
    }
    context.env.emplace_back("KUBERNETES_SERVICE_HOST", "10.96.0.1");
    context.env.emplace_back("KUBERNETES_SERVICE_PORT", "443");
    context.env.emplace_back("HOME", "/root");
    ExecStreams streams;
    streams.in = request.flag("stdin");
    streams.out = request.param("stdout", "true") == "true" || request.param("stdout") == "1";
    streams.err = request.param("stderr", "true") == "true" || request.param("stderr") == "1";
    streams.tty = request.flag("tty");
    ExecSession::run(httpRequest, response, protocol, context, command, streams);
    return 101;
}

int StreamHandlers::nodeProxy(const ApiRequest& request, Poco::Net::HTTPServerResponse& response) {
    ObjectPtr node = ctx_.store.get({"", "nodes"}, "", request.info.name);
    if (!node) {
        throw notFound("", "nodes", request.info.name);
    }
    const std::string& sub = request.info.subpath;
    if (sub == "logs" || sub == "logs/") {
        std::string query = request.param("query");
        if (query.empty()) {
            sendText(response, 200,
                     "<pre>\n<a href=\"containers/\">containers/</a>\n<a href=\"pods/\">pods/</a>\n</pre>\n");
            return 200;
        }
        auto text = Metrics::nodeLogs(node->object, query);
        if (!text) {
            sendText(response, 404, "404 page not found\n");
            return 404;
        }
        long long tail = number(request, "tailLines");
        std::string out = *text;
        if (tail >= 0) {
            std::vector<std::string> lines;
            std::size_t start = 0;
            while (start < out.size()) {
                auto nl = out.find('\n', start);
                lines.push_back(out.substr(start, nl - start + 1));
                start = nl + 1;
            }
            out.clear();
            for (std::size_t i = lines.size() > static_cast<std::size_t>(tail)
                                     ? lines.size() - static_cast<std::size_t>(tail)
                                     : 0;
                 i < lines.size(); ++i) {
                out += lines[i];
            }
        }
        sendText(response, 200, out);
        return 200;
    }
    if (sub == "stats/summary") {
        ListQuery q;
        q.fields = FieldSelector::parse("spec.nodeName=" + request.info.name);
        json summary = Metrics::statsSummary(node->object, ctx_.store.list(kPods, q).items,
                                             std::chrono::system_clock::now());
        std::string body = summary.dump();
        response.setStatus(Poco::Net::HTTPResponse::HTTP_OK);
        response.setContentType("application/json");
        response.sendBuffer(body.data(), body.size());
        return 200;
    }
    if (sub == "healthz") {
        sendText(response, 200, "ok");
        return 200;
    }
    sendText(response, 404, "404 page not found\n");
    return 404;
}

int StreamHandlers::watch(const ApiRequest& request, const ResourceType& type,
                          Poco::Net::HTTPServerRequest& httpRequest,
                          Poco::Net::HTTPServerResponse& response) {
    ListQuery query = ResourceHandler::listQuery(request, request.info.ns);
    query.limit = 0;
    query.continueToken.clear();
    if (!request.info.name.empty()) {
        query.fields = FieldSelector::parse(
            "metadata.name=" + request.info.name +
            (request.param("fieldSelector").empty() ? "" : "," + request.param("fieldSelector")));
    }
    long long timeout = number(request, "timeoutSeconds");
    if (timeout < 0 || timeout > kMaxWatchSeconds) {
        timeout = kMaxWatchSeconds;
    }
    const Bucket bucket{type.group, type.resource};
    std::string rvParam = request.param("resourceVersion");
    std::uint64_t rv = 0;
    std::vector<ObjectPtr> initial;
    if (rvParam.empty() || rvParam == "0") {
        ListPage page = ctx_.store.list(bucket, query);
        initial = page.items;
        rv = page.resourceVersion;
    } else {
        rv = std::stoull(rvParam);
    }
    bool table = request.wantsTable();
    response.setStatus(Poco::Net::HTTPResponse::HTTP_OK);
    response.setContentType("application/json");
    response.setChunkedTransferEncoding(true);
    std::ostream& out = response.send();
    auto write = [&](const std::string& eventType, const ObjectPtr& object) {
        std::string body =
            table ? ResourceHandler::tableFor(request, type, {object}, json::object()) : object->serialized;
        out << "{\"type\":\"" << eventType << "\",\"object\":" << body << "}\n";
        out.flush();
    };
    for (const auto& o : initial) {
        write("ADDED", o);
    }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout);
    const std::string key = bucket.key();
    // A watching client never sends anything, so a readable socket means it hung up; without
    // this check an idle watch would hold its thread until the deadline.
    auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&httpRequest);
    auto clientGone = [&] {
        return impl != nullptr && impl->socket().poll(Poco::Timespan(0), Poco::Net::Socket::SELECT_READ);
    };
    while (out.good() && std::chrono::steady_clock::now() < deadline && !ctx_.stopping.load() &&
           !clientGone()) {
        bool tooOld = false;
        auto events = ctx_.store.eventsAfter(rv, std::chrono::milliseconds(kWatchPollMs), tooOld);
        if (tooOld) {
            json status =
                ApiError(410, "Expired", "too old resource version: " + std::to_string(rv)).toStatus();
            out << json{{"type", "ERROR"}, {"object", status}}.dump() << "\n";
            break;
        }
        for (const auto& e : events) {
            rv = std::max(rv, e.resourceVersion);
            if (e.bucketKey != key) {
                continue;
            }
            const json& o = e.object->object;
            if (!query.ns.empty() && o["metadata"].value("namespace", "") != query.ns) {
                continue;
            }
            if (!query.labels.matches(o["metadata"].value("labels", json::object())) ||
                !query.fields.matches(o)) {
                continue;
            }
            write(e.type, e.object);
        }
    }
    return 200;
}

} // namespace kmcp::sandbox
