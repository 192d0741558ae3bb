#pragma once

#include "common/Result.hpp"
#include "kube/Types.hpp"

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace kmcp::kube {

struct ResourceInfo {
    std::string group; // "" for core
    std::string version;
    std::string resource; // plural, e.g. "deployments"
    std::string singular;
    std::string kind;
    bool namespaced = false;
    std::vector<std::string> verbs;
    std::vector<std::string> shortNames;
    std::vector<std::string> categories;
    std::vector<std::string> subresources; // e.g. "status", "log", "exec"

    bool hasVerb(const std::string& verb) const;
};

struct GroupInfo {
    std::string name; // "" for core
    std::vector<std::string> versions;
    std::string preferredVersion;
};

struct ServerVersion {
    std::string major;
    std::string minor;
    std::string gitVersion;
    std::string platform;
};

// The REST mapper of one cluster: group/version lists and per-group/version resource lists,
// fetched lazily and cached for everybody using the cluster (whoever fetched them). A miss
// refetches the affected document at most once per `minRefresh`; invalidate() drops everything
// (after CRDs are applied). Thread-safe.
class Discovery {
public:
    // Fetches one discovery path (e.g. "/apis/apps/v1") with whatever credentials the caller chose.
    using Fetch = std::function<Result<Response>(const std::string& path)>;

    explicit Discovery(std::chrono::milliseconds minRefresh = std::chrono::seconds(2));

    // version "" → the group's preferred version.
    Result<ResourceInfo> byKind(const std::string& group, const std::string& version, const std::string& kind,
                                const Fetch& fetch);
    // `resource` may be the plural, singular or a short name (case-insensitive).
    Result<ResourceInfo> byResource(const std::string& group, const std::string& version,
                                    const std::string& resource, const Fetch& fetch);
    Result<std::vector<ResourceInfo>> resources(const std::string& group, const std::string& version,
                                                const Fetch& fetch);
    Result<std::vector<GroupInfo>> groups(const Fetch& fetch);
    // Every resource of every group's preferred version; groups whose document fails are skipped.
    Result<std::vector<ResourceInfo>> preferredResources(const Fetch& fetch);
    Result<ServerVersion> version(const Fetch& fetch);
    // OpenShift serves the project.openshift.io group.
    Result<bool> isOpenShift(const Fetch& fetch);

    void invalidate();
    int fetchCount() const; // HTTP fetches done so far (tests, metrics)

private:
    using Clock = std::chrono::steady_clock;
    struct GvEntry {
        std::vector<ResourceInfo> resources;
        Clock::time_point fetched;
    };
    Result<std::vector<GroupInfo>> groupsLocked(const Fetch& fetch, bool refresh);
    Result<const GvEntry*> gvLocked(const std::string& group, const std::string& version, const Fetch& fetch,
                                    bool refresh);
    Result<std::string> resolveVersionLocked(const std::string& group, const std::string& version,
                                             const Fetch& fetch);
    bool mayRefresh(Clock::time_point fetched) const;
    Result<Response> get(const Fetch& fetch, const std::string& path);

    std::chrono::milliseconds minRefresh_;
    mutable std::mutex mu_;
    std::optional<std::vector<GroupInfo>> groups_;
    Clock::time_point groupsFetched_{};
    std::map<std::string, GvEntry> gvs_;
    std::optional<ServerVersion> version_;
    int fetches_ = 0;
};

} // namespace kmcp::kube
