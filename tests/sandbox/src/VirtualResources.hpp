#pragma once

#include "ApiRequest.hpp"
#include "SandboxContext.hpp"
#include "TypeRegistry.hpp"

namespace kmcp::sandbox {

// Resources computed on request rather than stored: access reviews (kubectl auth can-i),
// SelfSubjectReview (kubectl auth whoami), metrics.k8s.io and OpenShift projects.
class VirtualResources {
public:
    explicit VirtualResources(SandboxContext& context) : ctx_(context) {}

    ApiResponse handle(const ApiRequest& request, const ResourceType& type);

private:
    ApiResponse accessReview(const ApiRequest& request, const ResourceType& type);
    ApiResponse rulesReview(const ApiRequest& request);
    ApiResponse selfSubjectReview(const ApiRequest& request);
    ApiResponse podMetrics(const ApiRequest& request);
    ApiResponse nodeMetrics(const ApiRequest& request);
    ApiResponse projects(const ApiRequest& request);

    SandboxContext& ctx_;
};

} // namespace kmcp::sandbox
