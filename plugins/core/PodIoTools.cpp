// pods_log and pods_exec.
#include "Cluster.hpp"
#include "Exec.hpp"
#include "OutputLimit.hpp"
#include "PodLogs.hpp"
#include "Schema.hpp"
#include "Tools.hpp"

namespace kmcp::plugins::core {

namespace {

const ResourceRef kPods = Cluster::coreV1("Pod", "pods");
// Exec output we accept from the host before stopping the stream; the text is bounded again later.
constexpr uint64_t kMaxExecBytes = 4 * kMaxOutputBytes;

long long nonNegative(const sdk::Call& call, const char* key, long long fallback) {
    long long v = call.integer(key, fallback);
    if (v < 0) throw sdk::invalidArgument(std::string("invalid argument ") + key + ": must be 0 or more");
    return v;
}

void podsLog(sdk::Call& call) {
    Cluster cluster(call);
    std::string name = call.requireString("name");
    std::string ns = call.namespaceArg();
    LogFilter filter(call.string("grep"), call.string("regex"));
    long long tail = nonNegative(call, "tail", kDefaultTailLines);
    long long limitBytes = nonNegative(call, "limitBytes", 0);
    std::string what = "failed to get pod " + name + " log in namespace " + ns;
    std::string container = call.string("container");
    if (container.empty())
        container = chooseContainer(cluster.getJson(objectPath(kPods, ns, name), "", what), "");
    auto resp = cluster.ok({.method = "GET",
                            .path = objectPath(kPods, ns, name, "log"),
                            .query = logQuery(container, call.boolean("previous", false), tail, limitBytes),
                            .accept = "*/*"},
                           what);
    std::string logs = filter.apply(resp.body);
    if (logs.empty()) {
        call.text(filter.active() && !resp.body.empty()
                      ? "No line of the last " + std::to_string(tail > 0 ? tail : kDefaultTailLines) +
                            " lines of pod " + name + " in namespace " + ns + " matched the grep/regex filter"
                      : "The pod " + name + " in namespace " + ns + " has not logged any message yet");
        return;
    }
    call.text(boundOutput(std::move(logs), "use tail, limitBytes, grep or regex to narrow the logs"));
}

std::vector<std::string> commandArg(const sdk::Call& call) {
    const auto& args = call.args();
    if (!args.contains("command") || !args["command"].is_array() || args["command"].empty())
        throw sdk::invalidArgument(
            "invalid argument command: must be a non-empty array of strings, e.g. [\"ls\", \"-l\"]");
    std::vector<std::string> command;
    for (const auto& item : args["command"]) {
        if (!item.is_string())
            throw sdk::invalidArgument("invalid argument command: every item must be a string");
        command.push_back(item.get<std::string>());
    }
    return command;
}

void podsExec(sdk::Call& call) {
    Cluster cluster(call);
    std::string name = call.requireString("name");
    std::string ns = call.namespaceArg();
    auto command = commandArg(call);
    std::string what = "failed to exec in pod " + name + " in namespace " + ns;
    auto pod = cluster.getJson(objectPath(kPods, ns, name), "", what);
    std::string phase = pod.value("status", nlohmann::json::object()).value("phase", "");
    if (phase == "Succeeded" || phase == "Failed")
        throw sdk::Error(KMCP_STATUS_INVALID_ARGUMENT,
                         what + ": cannot exec into a container in a completed pod; current phase is " +
                             phase);
    std::string container = chooseContainer(pod, call.string("container"));
    std::string out, err, status, body;
    int result = 0;
    try {
        result = call.stream(
            {.method = "GET",
             .path = objectPath(kPods, ns, name, "exec"),
             .query = execQuery(command, container)},
            KMCP_STREAM_WEBSOCKET,
            [&](uint32_t channel, std::string_view data) {
                if (channel == KMCP_CHANNEL_STDOUT)
                    out.append(data);
                else if (channel == KMCP_CHANNEL_STDERR)
                    err.append(data);
                else if (channel == KMCP_CHANNEL_ERROR)
                    status.append(data);
                else
                    body.append(data);
                return true;
            },
            {}, kMaxExecBytes);
    } catch (const sdk::Error& e) {
        throw sdk::Error(e.status(), what + ": " + e.what());
    }
    if (result >= 300) {
        auto parsed = nlohmann::json::parse(body, nullptr, false);
        std::string message =
            !parsed.is_discarded() && parsed.is_object() ? parsed.value("message", body) : body;
        throw sdk::Error(result == 403 ? KMCP_STATUS_DENIED : KMCP_STATUS_INVALID_ARGUMENT,
                         what + ": " + (message.empty() ? "HTTP " + std::to_string(result) : message));
    }
    ExecStatus st = execResult(status, result);
    std::string text = boundOutput(execOutput(out, err, name, ns), "run a command that prints less");
    if (!st.success) {
        if (!text.empty() && text.back() != '\n') text += '\n';
        text += st.exitCode >= 0
                    ? "# command terminated with non-zero exit code " + std::to_string(st.exitCode)
                    : "# command failed: " + st.message;
        call.error(text);
        return;
    }
    call.text(text);
}

} // namespace

void registerPodIoTools(sdk::Toolset& toolset) {
    using namespace schema;
    toolset.tool(
        {.name = "pods_log",
         .title = "Pods: Log",
         .description =
             "Get the logs of a Kubernetes Pod in the given namespace or the current one; optionally "
             "filter the lines with grep (substring) or regex",
         .inputSchema = object(
             {{"namespace", str("Namespace of the Pod (default: the context's namespace)")},
              {"name", str("Name of the Pod to get the logs from")},
              {"container", str("Name of the container to get the logs from (optional; by default the only "
                                "container, the kubectl.kubernetes.io/default-container one, or the first)")},
              {"tail", json{{"type", "integer"},
                            {"description",
                             "Number of lines to read from the end of the log (optional, default 100)"},
                            {"default", kDefaultTailLines},
                            {"minimum", 0}}},
              {"previous",
               boolean("Return the logs of the previous, terminated container instance (optional)")},
              {"grep", str("Keep only lines containing this text (optional, applied to the tail lines)")},
              {"regex", str("Keep only lines matching this ECMAScript regular expression (optional, applied "
                            "to the tail lines)")},
              {"limitBytes", integer("Read at most this many bytes of log from the server (optional)")}},
             {"name"}),
         .annotations = kReadOnly},
        podsLog);
    toolset.tool(
        {.name = "pods_exec",
         .title = "Pods: Exec",
         .description = "Execute a command in a container of a Kubernetes Pod (shell access) in the given "
                        "namespace or the current one, and return its output",
         .inputSchema = object({{"namespace", str("Namespace of the Pod (default: the context's namespace)")},
                                {"name", str("Name of the Pod to run the command in")},
                                {"command", stringArray("Command to run: the executable followed by its "
                                                        "arguments, e.g. [\"ls\", \"-l\", \"/tmp\"]")},
                                {"container", str("Name of the container to run the command in (optional)")}},
                               {"name", "command"}),
         .annotations = KMCP_TOOL_DESTRUCTIVE | KMCP_TOOL_OPEN_WORLD},
        podsExec);
}

} // namespace kmcp::plugins::core
