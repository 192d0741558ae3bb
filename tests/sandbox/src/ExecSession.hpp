#pragma once

#include "ExecInterpreter.hpp"

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <string>
#include <vector>

namespace kmcp::sandbox {

struct ExecStreams {
    bool in = false;
    bool out = true;
    bool err = true;
    bool tty = false;
};

// pods/exec over the Kubernetes WebSocket remotecommand protocol. Channel bytes: 0 stdin,
// 1 stdout, 2 stderr, 3 error (Status JSON), 4 resize, 255 close (v5 only).
class ExecSession {
public:
    // The subprotocol to answer with from a Sec-WebSocket-Protocol offer, or "" when none fits.
    static std::string chooseProtocol(const std::string& offered);
    // The channel-3 Status for a finished command.
    static std::string exitStatus(int exitCode, const std::vector<std::string>& command);

    static void run(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
                    const std::string& protocol, ExecContext context, const std::vector<std::string>& command,
                    const ExecStreams& streams);
};

} // namespace kmcp::sandbox
