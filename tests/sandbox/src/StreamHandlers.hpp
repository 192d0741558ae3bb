#pragma once

#include "ApiRequest.hpp"
#include "SandboxContext.hpp"
#include "TypeRegistry.hpp"

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

namespace kmcp::sandbox {

// Endpoints that answer with streams or raw text instead of one JSON object: pods/log,
// pods/exec, nodes/proxy and watches. Each returns the HTTP status it sent (for request records)
// and throws ApiError before anything was sent.
class StreamHandlers {
public:
    explicit StreamHandlers(SandboxContext& context) : ctx_(context) {}

    int podLogs(const ApiRequest& request, Poco::Net::HTTPServerResponse& response);
    int podExec(const ApiRequest& request, Poco::Net::HTTPServerRequest& httpRequest,
                Poco::Net::HTTPServerResponse& response);
    int nodeProxy(const ApiRequest& request, Poco::Net::HTTPServerResponse& response);
    int watch(const ApiRequest& request, const ResourceType& type, Poco::Net::HTTPServerRequest& httpRequest,
              Poco::Net::HTTPServerResponse& response);

private:
    SandboxContext& ctx_;
};

} // namespace kmcp::sandbox
