#pragma once

#include "Authenticator.hpp"
#include "Controllers.hpp"
#include "Rbac.hpp"
#include "RequestLog.hpp"
#include "Store.hpp"
#include "TypeRegistry.hpp"

#include <atomic>
#include <chrono>

namespace kmcp::sandbox {

// Everything one running sandbox shares between request threads.
struct SandboxContext {
    explicit SandboxContext(bool openshiftApis)
        : registry(openshiftApis), controllers(store), rbac(store), openshift(openshiftApis) {}

    Store store;
    TypeRegistry registry;
    Controllers controllers;
    RbacAuthorizer rbac;
    Authenticator authenticator;
    RequestLog requestLog;
    bool openshift;
    int latencyMs = 0;
    // Until this steady-clock instant (ns since epoch) every API request answers 503.
    std::atomic<long long> unavailableUntil{0};
    // Set when the server shuts down so long-running streams (watches) end promptly.
    std::atomic<bool> stopping{false};
};

} // namespace kmcp::sandbox
