#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kmcp::plugins::core {

// Query for the pods/exec WebSocket: one `command` per argv item, the container when known,
// stdout and stderr on, no stdin, no TTY.
std::string execQuery(const std::vector<std::string>& command, const std::string& container);

// The exec outcome from the error channel (3), a meta/v1 Status: {"status":"Success"} or a
// Failure whose details.causes carry reason "ExitCode".
struct ExecStatus {
    bool success = true;
    int exitCode = 0;
    std::string message; // the Status message on failure
};
ExecStatus parseExecStatus(std::string_view statusJson);

// The outcome of an exec stream: the channel-3 Status when the host delivered it; otherwise the
// stream's result, which hosts report either as the HTTP status (101) or, as this server's host
// does, as the command's exit code (0, 1..255; -1 when the stream was cut at the byte bound).
ExecStatus execResult(std::string_view statusChannel, int streamResult);

// stdout, then stderr (each as produced); a note when there was no output at all.
std::string execOutput(const std::string& out, const std::string& err, const std::string& pod,
                       const std::string& ns);

} // namespace kmcp::plugins::core
