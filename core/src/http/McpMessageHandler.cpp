#include "http/McpMessageHandler.hpp"

#include <algorithm>

namespace kmcp::http {

mcp::HandleResult McpMessageHandler::handle(const json& message, mcp::RequestContext& ctx) {
    return server_->handle(message, ctx);
}

std::shared_ptr<mcp::Session> McpMessageHandler::findSession(const std::string& id) {
    return server_->sessions().find(id);
}

bool McpMessageHandler::removeSession(const std::string& id) {
    return server_->sessions().remove(id);
}

size_t McpMessageHandler::sessionCount() {
    return server_->sessions().size();
}

void McpMessageHandler::setNotificationStream(mcp::Session& session, std::shared_ptr<mcp::Outbound> out) {
    session.setNotificationStream(std::move(out));
}

bool McpMessageHandler::supportsProtocolVersion(const std::string& version) {
    const auto& versions = mcp::supportedProtocolVersions();
    return std::find(versions.begin(), versions.end(), version) != versions.end();
}

} // namespace kmcp::http
