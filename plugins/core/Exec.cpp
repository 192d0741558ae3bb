#include "Exec.hpp"

#include "ApiPath.hpp"

#include <nlohmann/json.hpp>

namespace kmcp::plugins::core {

std::string execQuery(const std::vector<std::string>& command, const std::string& container) {
    Query q;
    for (const auto& arg : command)
        q.add("command", arg);
    q.addIf("container", container);
    q.add("stdout", "true");
    q.add("stderr", "true");
    return q.str();
}

ExecStatus parseExecStatus(std::string_view statusJson) {
    ExecStatus st;
    auto j = nlohmann::json::parse(statusJson, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        if (statusJson.empty()) return st;
        st.success = false;
        st.exitCode = -1;
        st.message = std::string(statusJson);
        return st;
    }
    if (j.value("status", "") == "Success") return st;
    st.success = false;
    st.exitCode = -1;
    st.message = j.value("message", "");
    if (j.contains("details") && j["details"].is_object() && j["details"].contains("causes")) {
        for (const auto& cause : j["details"]["causes"]) {
            if (cause.is_object() && cause.value("reason", "") == "ExitCode") {
                try {
                    st.exitCode = std::stoi(cause.value("message", "-1"));
                } catch (const std::exception&) {
                    st.exitCode = -1;
                }
            }
        }
    }
    return st;
}

ExecStatus execResult(std::string_view statusChannel, int streamResult) {
    if (!statusChannel.empty()) return parseExecStatus(statusChannel);
    ExecStatus st;
    if (streamResult > 0 && streamResult <= 255 && streamResult != 101) {
        st.success = false;
        st.exitCode = streamResult;
    }
    return st;
}

std::string execOutput(const std::string& out, const std::string& err, const std::string& pod,
                       const std::string& ns) {
    if (out.empty() && err.empty())
        return "The executed command in pod " + pod + " in namespace " + ns + " has not produced any output";
    std::string text = out;
    if (!err.empty()) {
        if (!text.empty() && text.back() != '\n') text += '\n';
        text += err;
    }
    return text;
}

} // namespace kmcp::plugins::core
