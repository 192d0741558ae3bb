#pragma once

#include "mcp/Server.hpp"
#include "mcp/Session.hpp"

#include <nlohmann/json.hpp>

#include <memory>
#include <string>

namespace kmcp::http {

using json = nlohmann::json;

// What the HTTP transport needs from the MCP engine. Production code uses McpMessageHandler (an
// adapter over mcp::Server); tests inject a fake so every HTTP path is exercised without the engine.
class MessageHandler {
public:
    virtual ~MessageHandler() = default;

    // One parsed JSON-RPC message or batch; see mcp::Server::handle.
    virtual mcp::HandleResult handle(const json& message, mcp::RequestContext& ctx) = 0;

    virtual std::shared_ptr<mcp::Session> findSession(const std::string& id) = 0;
    virtual bool removeSession(const std::string& id) = 0;
    virtual size_t sessionCount() = 0;
    // Attaches (or, with null, detaches) the session's standalone notification stream.
    virtual void setNotificationStream(mcp::Session& session, std::shared_ptr<mcp::Outbound> out) = 0;
    // Whether an MCP-Protocol-Version header value names a version the engine speaks.
    virtual bool supportsProtocolVersion(const std::string& version) = 0;
};

} // namespace kmcp::http
