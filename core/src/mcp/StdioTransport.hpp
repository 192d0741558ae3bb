#pragma once

#include "mcp/Server.hpp"

#include <istream>
#include <ostream>

namespace kmcp::mcp {

// MCP over stdio: newline-delimited JSON-RPC on stdin/stdout. Requests run on worker threads so a
// notifications/cancelled can reach a running call; every write to stdout is one whole line.
// Logs never go to stdout.
class StdioTransport {
public:
    StdioTransport(Server& server, Caller caller) : server_(server), caller_(std::move(caller)) {}

    // Serves until end of input, then waits for calls in flight. Returns the process exit code.
    int run(std::istream& in, std::ostream& out);

private:
    Server& server_;
    Caller caller_;
};

} // namespace kmcp::mcp
