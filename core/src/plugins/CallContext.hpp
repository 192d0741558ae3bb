#pragma once

#include "common/Caller.hpp"
#include "plugins/ClusterBackend.hpp"

#include <kmcp/plugin.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

// Complete types behind the ABI's opaque handles. They live in the global namespace because the C
// header declares them there.

struct kmcp_error {
    kmcp_status status = KMCP_STATUS_OK;
    std::string message;
};

struct kmcp_request;

struct kmcp_kube_response {
    kmcp::plugins::KubeResult result;
    kmcp_request* owner = nullptr; // release returns the response to its request
};

namespace kmcp::plugins {

using ProgressFn = std::function<void(double progress, double total, const std::string& message)>;
using HostInfoFn = std::function<Result<nlohmann::json>(const std::string& key, const nlohmann::json& args)>;

// What one tool call produces.
struct CallResult {
    nlohmann::json content = nlohmann::json::array();
    nlohmann::json structured; // null → none
    bool isError = false;
};

} // namespace kmcp::plugins

// The per-call state behind a kmcp_request handle: valid for exactly one tool call or prompt get.
struct kmcp_request {
    kmcp::Caller caller;              // without token: plugins never see credentials
    std::vector<kmcp_str> groupViews; // kmcp_str views into caller.groups
    std::string contextName;
    std::string defaultNamespace = "default";
    kmcp::plugins::ClusterBackend* cluster = nullptr; // null for tools that do not target a cluster
    const std::atomic<bool>* cancelled = nullptr;
    kmcp::plugins::ProgressFn progress;
    kmcp::plugins::HostInfoFn hostInfo;
    nlohmann::json serverInfo = nlohmann::json::object();

    kmcp::plugins::CallResult result;
    std::string lastError;
    std::string infoBuffer;
    // Responses the plugin has not released yet; whatever is left is freed when the call ends.
    std::map<const kmcp_kube_response*, std::unique_ptr<kmcp_kube_response>> responses;
};
