#pragma once

#include "http/MessageHandler.hpp"

namespace kmcp::http {

// The production MessageHandler: forwards to the transport-independent mcp::Server.
class McpMessageHandler : public MessageHandler {
public:
    explicit McpMessageHandler(std::shared_ptr<mcp::Server> server) : server_(std::move(server)) {}

    mcp::HandleResult handle(const json& message, mcp::RequestContext& ctx) override;
    std::shared_ptr<mcp::Session> findSession(const std::string& id) override;
    bool removeSession(const std::string& id) override;
    size_t sessionCount() override;
    void setNotificationStream(mcp::Session& session, std::shared_ptr<mcp::Outbound> out) override;
    bool supportsProtocolVersion(const std::string& version) override;

private:
    std::shared_ptr<mcp::Server> server_;
};

} // namespace kmcp::http
