#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace kmcp::kube {

using Headers = std::vector<std::pair<std::string, std::string>>;

// One request to the Kubernetes API server. `path` starts with "/" (e.g. /api/v1/namespaces/x/pods);
// `query` is the already-encoded query string without "?". A zero timeout means the cluster default.
struct Request {
    std::string method = "GET";
    std::string path;
    std::string query;
    std::string body;
    std::string contentType; // "" → application/json when a body is present
    std::string accept;      // "" → application/json
    Headers headers;         // extra headers; Authorization, Impersonate-* and framing headers are dropped
    std::chrono::milliseconds timeout{0};
};

// The API server's answer. For non-2xx, `message` carries the Kubernetes Status message (or a
// short description of the body when it is not a Status) so it can be shown to the user verbatim.
struct Response {
    int status = 0;
    std::string body;
    std::string contentType;
    Headers headers;
    std::string message;

    bool ok() const { return status >= 200 && status < 300; }
};

// Who the request is sent as. `kubeconfig()` uses the context's user (token, token file, client
// certificate, exec plugin, basic auth); `bearer(t)` sends only "Authorization: Bearer t" and NEVER
// mixes in any kubeconfig credential (no client certificate either).
struct Credentials {
    enum class Kind { Kubeconfig, Bearer };
    Kind kind = Kind::Kubeconfig;
    std::string token;

    static Credentials kubeconfig() { return {}; }
    static Credentials bearer(std::string token) { return {Kind::Bearer, std::move(token)}; }
};

// What an API request did, for the audit log. Never contains credentials or bodies.
struct RequestRecord {
    std::string context;
    std::string method;
    std::string path;
    std::string group;
    std::string version;
    std::string resource;
    std::string subresource;
    std::string ns;
    std::string name;
    std::string
        verb;       // get, list, watch, create, update, patch, delete, deletecollection, or lower-case method
    int status = 0; // HTTP status, 0 when no response arrived (refused by policy, unreachable …)
    std::chrono::milliseconds duration{0};
    std::string error; // "" when a response arrived
};

// Connection settings of every cluster (ClusterManager fills them from the configuration).
struct ClusterOptions {
    std::chrono::milliseconds connectTimeout{10000};
    std::chrono::milliseconds requestTimeout{30000}; // per request unless Request::timeout is set
    size_t maxIdleConnections = 16;                  // per TLS identity
    size_t maxConnections = 64; // requests in flight per TLS identity; more wait (up to their timeout)
    size_t maxResponseBytes = 128 * 1024 * 1024;
    // Discovery runs with the caller's credentials (OAuth/token-exchange deployments may have no
    // usable kubeconfig user) instead of the kubeconfig's.
    bool discoveryWithCallerCredentials = false;
};

enum class StreamKind {
    Http,     // a chunked HTTP body (pods/log?follow=true …), delivered on channel 1
    WebSocket // a channel.k8s.io exec/attach session (channels 1 stdout, 2 stderr, 3 error)
};

} // namespace kmcp::kube
