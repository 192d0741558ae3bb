#pragma once

#include "SandboxContext.hpp"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>

namespace kmcp::sandbox {

// The request pipeline: failure injection, latency, authentication, RBAC authorization, then
// discovery, virtual resources, streaming subresources or stored-resource CRUD; every failure
// becomes a metav1.Status and every request lands in the request log.
class ApiRequestHandler : public Poco::Net::HTTPRequestHandler {
public:
    explicit ApiRequestHandler(SandboxContext& context) : ctx_(context) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override;

private:
    SandboxContext& ctx_;
};

class ApiRequestHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit ApiRequestHandlerFactory(SandboxContext& context) : ctx_(context) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
        return new ApiRequestHandler(ctx_);
    }

private:
    SandboxContext& ctx_;
};

} // namespace kmcp::sandbox
