#pragma once

#include "mcp/Caller.hpp"
#include "mcp/Session.hpp"

#include <nlohmann/json.hpp>

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace kmcp::plugins {
class Registry;
class ClusterBackendFactory;
} // namespace kmcp::plugins

namespace kmcp::mcp {

using json = nlohmann::json;

inline constexpr const char* kLatestProtocolVersion = "2025-11-25";
// Newest first; initialize answers with the client's version when listed, else the newest.
const std::vector<std::string>& supportedProtocolVersions();

// JSON-RPC 2.0 / MCP error codes.
namespace rpc {
inline constexpr int ParseError = -32700;
inline constexpr int InvalidRequest = -32600;
inline constexpr int MethodNotFound = -32601;
inline constexpr int InvalidParams = -32602;
inline constexpr int InternalError = -32603;
} // namespace rpc

json makeError(const json& id, int code, const std::string& message, const json& data = nullptr);
json makeResult(const json& id, json result);

struct ServerInfo {
    std::string name = "kubernetes-mcp-server";
    std::string version;
    std::string instructions;
    // Facts plugins may read through request_info("server"): list_output, read_only, …
    json facts = json::object();
};

// Per-message input from a transport.
struct RequestContext {
    std::shared_ptr<Session> session; // null before initialize and in stateless mode
    Caller caller;
    // Where request-scoped notifications (progress, log messages) go while the request runs;
    // null when the transport can only answer with a single JSON body.
    std::shared_ptr<Outbound> requestStream;
    bool stateless = false;
    // The MCP-Protocol-Version header, when the transport has one (stateless mode has no session
    // to remember the negotiated version).
    std::string protocolVersion;
};

struct HandleResult {
    json response;                           // null when nothing is to be answered (notifications)
    std::shared_ptr<Session> createdSession; // set by a successful initialize (stateful mode)
    // A `result` already serialized (a cached tools/list page); `response` then holds only
    // jsonrpc and id, and serialized() splices the text in. Never set for batches.
    std::shared_ptr<const std::string> resultText;

    // The response as it goes on the wire.
    std::string serialized() const;
};

// The MCP protocol engine, independent of transport: lifecycle, tools, prompts, logging.
class Server {
public:
    Server(ServerInfo info, std::shared_ptr<plugins::Registry> registry,
           std::shared_ptr<plugins::ClusterBackendFactory> clusters,
           std::shared_ptr<SessionManager> sessions);

    // Handles one JSON-RPC message or batch (already parsed). Batches are accepted only when the
    // session's negotiated protocol version allows them (2025-03-26 and earlier).
    HandleResult handle(const json& message, RequestContext& ctx);

    // Replaces the registry (SIGHUP) and tells every session that asked for it that lists changed.
    void replaceRegistry(std::shared_ptr<plugins::Registry> registry, json facts);

    SessionManager& sessions() { return *sessions_; }
    std::shared_ptr<plugins::Registry> registry() const;

private:
    // `single`: the message is not part of a batch, so its result may be spliced in as text.
    json handleOne(const json& message, RequestContext& ctx, HandleResult& out, bool single);
    json dispatch(const std::string& method, const json& params, const json& id, RequestContext& ctx,
                  HandleResult& out, bool single);
    json initialize(const json& params, RequestContext& ctx, HandleResult& out);
    json toolsList(const plugins::Registry& reg, size_t offset);
    // tools/list pages of the current registry, built once per registry snapshot: tools/list is
    // what every client asks first, and its ~20 KB answer never changes between reloads.
    struct ToolsPage {
        json value;
        std::shared_ptr<const std::string> text;
    };
    std::shared_ptr<const std::vector<ToolsPage>> toolsPages();
    json toolsCall(const json& params, const json& id, RequestContext& ctx);
    json promptsList(const json& params);
    json promptsGet(const json& params, RequestContext& ctx);

    json facts() const;

    ServerInfo info_;
    mutable std::mutex registryMutex_;
    std::shared_ptr<plugins::Registry> registry_;
    std::mutex pagesMutex_;
    std::weak_ptr<plugins::Registry> pagesFor_;
    std::shared_ptr<const std::vector<ToolsPage>> pages_;
    std::shared_ptr<plugins::ClusterBackendFactory> clusters_;
    std::shared_ptr<SessionManager> sessions_;
};

} // namespace kmcp::mcp
