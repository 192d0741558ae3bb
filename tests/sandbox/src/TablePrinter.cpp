#include "TablePrinter.hpp"

#include <algorithm>
#include <cctype>
#include <map>

namespace kmcp::sandbox {

using nlohmann::json;

namespace {

struct Column {
    const char* name;
    const char* type;
    int priority;
    const char* description;
};

const std::map<std::string, std::vector<Column>>& columnTable() {
    static const std::map<std::string, std::vector<Column>> table = {
        {"pods",
         {{"Name", "string", 0, "Name must be unique within a namespace."},
          {"Ready", "string", 0, "The aggregate readiness state of this pod for accepting traffic."},
          {"Status", "string", 0, "The aggregate status of the containers in this pod."},
          {"Restarts", "string", 0, "The number of times the containers in this pod have been restarted."},
          {"Age", "string", 0,
           "CreationTimestamp is a timestamp representing the server time when this object was created."},
          {"IP", "string", 1, "IP address allocated to the pod."},
          {"Node", "string", 1, "Name of the node this pod is scheduled on."},
          {"Nominated Node", "string", 1, "Name of the node nominated for preemption."},
          {"Readiness Gates", "string", 1, "Pod readiness gates."}}},
        {"namespaces",
         {{"Name", "string", 0, "Name must be unique within a namespace."},
          {"Status", "string", 0, "The status of the namespace"},
          {"Age", "string", 0,
           "CreationTimestamp is a timestamp representing the server time when this object was created."}}},
        {"deployments",
         {{"Name", "string", 0, "Name must be unique within a namespace."},
          {"Ready", "string", 0, "Number of the pod with ready state"},
          {"Up-to-date", "integer", 0,
           "Total number of non-terminated pods targeted by this deployment that have the desired template "
           "spec."},
          {"Available", "integer", 0,
           "Total number of available pods (ready for at least minReadySeconds) targeted by this "
           "deployment."},
          {"Age", "string", 0,
           "CreationTimestamp is a timestamp representing the server time when this object was created."},
          {"Containers", "string", 1, "Names of each container in the template."},
          {"Images", "string", 1, "Images referenced by each container in the template."},
          {"Selector", "string", 1, "Label selector for pods."}}},
        {"replicasets",
         {{"Name", "string", 0, "Name must be unique within a namespace."},
          {"Desired", "integer", 0, "Replicas is the number of desired replicas."},
          {"Current", "integer", 0, "Replicas is the most recently observed number of replicas."},
          {"Ready", "integer", 0, "The number of ready replicas for this replica set."},
          {"Age", "string", 0,
           "CreationTimestamp is a timestamp representing the server time when this object was created."},
          {"Containers", "string", 1, "Names of each container in the template."},
          {"Images", "string", 1, "Images referenced by each container in the template."},
          {"Selector", "string", 1, "Label selector for pods."}}},
        {"statefulsets",
         {{"Name", "string", 0, "Name must be unique within a namespace."},
          {"Ready", "string", 0, "Number of the pod with ready state"},
          {"Age", "string", 0,
           "CreationTimestamp is a timestamp representing the server time when this object was created."},
          {"Containers", "string", 1, "Names of each container in the template."},
          {"Images", "string", 1, "Images referenced by each container in the template."}}},
        {"services",
         {{"Name", "string", 0, "Name must be unique within a namespace."},
          {"Type", "string", 0, "The type of the service."},
          {"Cluster-IP", "string", 0, "The cluster IP of the service."},
          {"External-IP", "string", 0, "The external IP of the service."},
          {"Port(s)", "string", 0, "The ports of the service."},
          {"Age", "string", 0,
           "CreationTimestamp is a timestamp representing the server time when this object was created."},
          {"Selector", "string", 1, "The selector of the service."}}},
        {"nodes",
         {{"Name", "string", 0, "Name must be unique within a namespace."},
          {"Status", "string", 0, "The status of the node"},
          {"Roles", "string", 0, "The roles of the node"},
          {"Age", "string", 0,
           "CreationTimestamp is a timestamp representing the server time when this object was created."},
          {"Version", "string", 0, "Kubelet Version reported by the node."},
          {"Internal-IP", "string", 1, "List of internal IPs."},
          {"External-IP", "string", 1, "List of external IPs."},
          {"OS-Image", "string", 1, "OS Image reported by the node."},
          {"Kernel-Version", "string", 1, "Kernel Version reported by the node."},
          {"Container-Runtime", "string", 1, "Container Runtime Version reported by the node."}}},
        {"events",
         {{"Last Seen", "string", 0, "Time when last this event was observed."},
          {"Type", "string", 0, "Type of this event (Normal, Warning)."},
          {"Reason", "string", 0,
           "Short, machine understandable string that gives the reason for the transition into the object's "
           "current status."},
          {"Object", "string", 0, "The object that this event is about."},
          {"Subobject", "string", 1, "The subobject that this event is about."},
          {"Source", "string", 1, "The component reporting this event."},
          {"Message", "string", 0, "A human-readable description of the status of this operation."},
          {"First Seen", "string", 1, "The time at which the event was first recorded."},
          {"Count", "string", 1, "The number of times this event has occurred."},
          {"Name", "string", 1, "Name must be unique within a namespace."}}},
        {"configmaps",
         {{"Name", "string", 0, "Name must be unique within a namespace."},
          {"Data", "string", 0, "Number of data items in the ConfigMap."},
          {"Age", "string", 0,
           "CreationTimestamp is a timestamp representing the server time when this object was created."}}},
        {"secrets",
         {{"Name", "string", 0, "Name must be unique within a namespace."},
          {"Type", "string", 0, "The type of the secret"},
          {"Data", "string", 0, "The number of data items in the secret."},
          {"Age", "string", 0,
           "CreationTimestamp is a timestamp representing the server time when this object was created."}}},
        {"jobs",
         {{"Name", "string", 0, "Name must be unique within a namespace."},
          {"Status", "string", 0, "Status of the job."},
          {"Completions", "string", 0, "The completion status of the job."},
          {"Duration", "string", 0, "Time required to complete the job."},
          {"Age", "string", 0,
           "CreationTimestamp is a timestamp representing the server time when this object was created."}}},
    };
    return table;
}

const std::vector<Column>& genericColumns() {
    static const std::vector<Column> columns = {
        {"Name", "string", 0, "Name must be unique within a namespace."},
        {"Age", "string", 0,
         "CreationTimestamp is a timestamp representing the server time when this object was created."}};
    return columns;
}

const std::vector<Column>& columnsFor(const std::string& resource) {
    const auto& table = columnTable();
    auto it = table.find(resource);
    return it == table.end() ? genericColumns() : it->second;
}

std::string age(const json& o, TimePoint now) {
    std::string ts = o["metadata"].value("creationTimestamp", "");
    if (ts.empty()) {
        return "<unknown>";
    }
    return humanDuration(std::chrono::duration_cast<std::chrono::seconds>(now - parseRfc3339(ts)));
}

std::string sinceText(const std::string& ts, TimePoint now) {
    if (ts.empty()) {
        return "<unknown>";
    }
    return humanDuration(std::chrono::duration_cast<std::chrono::seconds>(now - parseRfc3339(ts)));
}

std::string joinStrings(const std::vector<std::string>& parts, const std::string& sep) {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        out += (i ? sep : "") + parts[i];
    }
    return out;
}

std::string selectorText(const json& selector) {
    std::vector<std::string> parts;
    const json matchLabels = selector.value("matchLabels", json::object());
    for (const auto& [k, v] : matchLabels.items()) {
        parts.push_back(k + "=" + (v.is_string() ? v.get<std::string>() : v.dump()));
    }
    return parts.empty() ? "<none>" : joinStrings(parts, ",");
}

std::pair<std::string, std::string> containersAndImages(const json& podSpec) {
    std::vector<std::string> names;
    std::vector<std::string> images;
    for (const auto& c : podSpec.value("containers", json::array())) {
        names.push_back(c.value("name", ""));
        images.push_back(c.value("image", ""));
    }
    return {joinStrings(names, ","), joinStrings(images, ",")};
}

json podCells(const json& o, TimePoint now) {
    const json status = o.value("status", json::object());
    const json spec = o.value("spec", json::object());
    std::size_t total = spec.value("containers", json::array()).size();
    std::size_t ready = 0;
    long long restarts = 0;
    std::string lastRestart;
    std::string reason = status.value("reason", status.value("phase", "Pending"));
    for (const auto& cs : status.value("containerStatuses", json::array())) {
        if (cs.value("ready", false)) {
            ++ready;
        }
        restarts += cs.value("restartCount", 0LL);
        const json last = cs.value("lastState", json::object());
        if (last.contains("terminated")) {
            std::string finished = last["terminated"].value("finishedAt", "");
            if (finished > lastRestart) {
                lastRestart = finished;
            }
        }
        const json state = cs.value("state", json::object());
        if (state.contains("waiting") && !state["waiting"].value("reason", "").empty()) {
            reason = state["waiting"]["reason"];
        } else if (state.contains("terminated") && !state["terminated"].value("reason", "").empty()) {
            reason = state["terminated"]["reason"];
        }
    }
    if (o["metadata"].contains("deletionTimestamp")) {
        reason = "Terminating";
    }
    json restartCell = restarts;
    if (restarts > 0 && !lastRestart.empty()) {
        restartCell = std::to_string(restarts) + " (" + sinceText(lastRestart, now) + " ago)";
    }
    return json::array({o["metadata"].value("name", ""), std::to_string(ready) + "/" + std::to_string(total),
                        reason, restartCell, age(o, now), status.value("podIP", "<none>"),
                        spec.value("nodeName", "<none>"), status.value("nominatedNodeName", "<none>"),
                        "<none>"});
}

json serviceCells(const json& o, TimePoint now) {
    const json spec = o.value("spec", json::object());
    std::vector<std::string> ports;
    for (const auto& p : spec.value("ports", json::array())) {
        std::string text = std::to_string(p.value("port", 0));
        if (p.contains("nodePort")) {
            text += ":" + std::to_string(p.value("nodePort", 0));
        }
        ports.push_back(text + "/" + p.value("protocol", "TCP"));
    }
    std::vector<std::string> selector;
    const json podSelector = spec.value("selector", json::object());
    for (const auto& [k, v] : podSelector.items()) {
        selector.push_back(k + "=" + v.get<std::string>());
    }
    std::string type = spec.value("type", "ClusterIP");
    std::string external = type == "LoadBalancer" ? "<pending>" : "<none>";
    return json::array({o["metadata"].value("name", ""), type, spec.value("clusterIP", "<none>"), external,
                        ports.empty() ? "<none>" : joinStrings(ports, ","), age(o, now),
                        selector.empty() ? "<none>" : joinStrings(selector, ",")});
}

json nodeCells(const json& o, TimePoint now) {
    const json status = o.value("status", json::object());
    std::string ready = "Unknown";
    for (const auto& c : status.value("conditions", json::array())) {
        if (c.value("type", "") == "Ready") {
            ready = c.value("status", "") == "True" ? "Ready" : "NotReady";
        }
    }
    if (o.value("spec", json::object()).value("unschedulable", false)) {
        ready += ",SchedulingDisabled";
    }
    std::vector<std::string> roles;
    const std::string prefix = "node-role.kubernetes.io/";
    const json labels = o["metadata"].value("labels", json::object());
    for (const auto& [k, v] : labels.items()) {
        if (k.rfind(prefix, 0) == 0) {
            roles.push_back(k.substr(prefix.size()));
        }
    }
    std::string internal = "<none>";
    std::string external = "<none>";
    for (const auto& a : status.value("addresses", json::array())) {
        if (a.value("type", "") == "InternalIP") {
            internal = a.value("address", "");
        } else if (a.value("type", "") == "ExternalIP") {
            external = a.value("address", "");
        }
    }
    const json info = status.value("nodeInfo", json::object());
    return json::array({o["metadata"].value("name", ""), ready,
                        roles.empty() ? "<none>" : joinStrings(roles, ","), age(o, now),
                        info.value("kubeletVersion", ""), internal, external, info.value("osImage", ""),
                        info.value("kernelVersion", ""), info.value("containerRuntimeVersion", "")});
}

json eventCells(const json& o, TimePoint now) {
    const json involved = o.value("involvedObject", json::object());
    std::string object = involved.value("kind", "");
    std::transform(object.begin(), object.end(), object.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    object += "/" + involved.value("name", "");
    std::string last = o.value("lastTimestamp", o.value("eventTime", ""));
    std::string first = o.value("firstTimestamp", last);
    const json source = o.value("source", json::object());
    std::string src = source.value("component", "");
    if (!source.value("host", "").empty()) {
        src += ", " + source.value("host", "");
    }
    return json::array({sinceText(last, now), o.value("type", ""), o.value("reason", ""), object,
                        involved.value("fieldPath", ""), src, o.value("message", ""), sinceText(first, now),
                        std::to_string(o.value("count", 1)), o["metadata"].value("name", "")});
}

json jobCells(const json& o, TimePoint now) {
    const json status = o.value("status", json::object());
    long long completions = o.value("spec", json::object()).value("completions", 1LL);
    long long succeeded = status.value("succeeded", 0LL);
    std::string state =
        succeeded >= completions ? "Complete" : (status.value("failed", 0LL) > 0 ? "Failed" : "Running");
    std::string duration = "<unknown>";
    if (status.contains("startTime") && status.contains("completionTime")) {
        duration = humanDuration(std::chrono::duration_cast<std::chrono::seconds>(
            parseRfc3339(status["completionTime"]) - parseRfc3339(status["startTime"])));
    }
    return json::array({o["metadata"].value("name", ""), state,
                        std::to_string(succeeded) + "/" + std::to_string(completions), duration,
                        age(o, now)});
}

} // namespace

IncludeObject TablePrinter::parseIncludeObject(const std::string& value) {
    if (value == "None") {
        return IncludeObject::None;
    }
    if (value == "Object") {
        return IncludeObject::Object;
    }
    return IncludeObject::Metadata;
}

json TablePrinter::columns(const std::string& resource) {
    json out = json::array();
    for (const auto& c : columnsFor(resource)) {
        json col = {{"name", c.name},
                    {"type", c.type},
                    {"format", std::string(c.name) == "Name" ? "name" : ""},
                    {"description", c.description},
                    {"priority", c.priority}};
        out.push_back(col);
    }
    return out;
}

json TablePrinter::cells(const std::string& resource, const json& o, TimePoint now) {
    const std::string name = o["metadata"].value("name", "");
    if (resource == "pods") {
        return podCells(o, now);
    }
    if (resource == "namespaces") {
        return json::array({name, o.value("status", json::object()).value("phase", "Active"), age(o, now)});
    }
    if (resource == "deployments" || resource == "statefulsets") {
        const json spec = o.value("spec", json::object());
        const json status = o.value("status", json::object());
        auto [containers, images] =
            containersAndImages(spec.value("template", json::object()).value("spec", json::object()));
        std::string ready = std::to_string(status.value("readyReplicas", 0)) + "/" +
                            std::to_string(spec.value("replicas", 1));
        if (resource == "statefulsets") {
            return json::array({name, ready, age(o, now), containers, images});
        }
        return json::array({name, ready, status.value("updatedReplicas", 0),
                            status.value("availableReplicas", 0), age(o, now), containers, images,
                            selectorText(spec.value("selector", json::object()))});
    }
    if (resource == "replicasets") {
        const json spec = o.value("spec", json::object());
        const json status = o.value("status", json::object());
        auto [containers, images] =
            containersAndImages(spec.value("template", json::object()).value("spec", json::object()));
        return json::array({name, spec.value("replicas", 1), status.value("replicas", 0),
                            status.value("readyReplicas", 0), age(o, now), containers, images,
                            selectorText(spec.value("selector", json::object()))});
    }
    if (resource == "services") {
        return serviceCells(o, now);
    }
    if (resource == "nodes") {
        return nodeCells(o, now);
    }
    if (resource == "events") {
        return eventCells(o, now);
    }
    if (resource == "configmaps") {
        std::size_t n = o.value("data", json::object()).size() + o.value("binaryData", json::object()).size();
        return json::array({name, static_cast<long long>(n), age(o, now)});
    }
    if (resource == "secrets") {
        std::size_t n = o.value("data", json::object()).size();
        return json::array({name, o.value("type", "Opaque"), static_cast<long long>(n), age(o, now)});
    }
    if (resource == "jobs") {
        return jobCells(o, now);
    }
    return json::array({name, age(o, now)});
}

json TablePrinter::table(const std::string& resource, const std::vector<ObjectPtr>& items,
                         IncludeObject include, TimePoint now) {
    json rows = json::array();
    for (const auto& item : items) {
        const json& o = item->object;
        json row = {{"cells", cells(resource, o, now)}};
        if (include == IncludeObject::Metadata) {
            row["object"] = {{"kind", "PartialObjectMetadata"},
                             {"apiVersion", "meta.k8s.io/v1"},
                             {"metadata", o.value("metadata", json::object())}};
        } else if (include == IncludeObject::Object) {
            row["object"] = o;
        }
        rows.push_back(std::move(row));
    }
    return {{"kind", "Table"},
            {"apiVersion", "meta.k8s.io/v1"},
            {"metadata", json::object()},
            {"columnDefinitions", columns(resource)},
            {"rows", rows}};
}

} // namespace kmcp::sandbox
