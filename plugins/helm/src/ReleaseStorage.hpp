#pragma once

#include "KubeApi.hpp"
#include "Release.hpp"

#include <optional>
#include <string>
#include <vector>

namespace kmcp::helm {

class StorageError : public std::runtime_error {
public:
    StorageError(int status, const std::string& message) : std::runtime_error(message), status_(status) {}
    int status() const { return status_; }

private:
    int status_;
};

// helm 3's release storage on the cluster: one Secret (driver "secret") or ConfigMap ("configmap")
// per revision, named sh.helm.release.v1.<name>.v<revision>, labelled owner=helm,name,status,version.
class ReleaseStorage {
public:
    enum class Driver { Secret, ConfigMap };
    ReleaseStorage(KubeApi& api, Driver driver) : api_(api), driver_(driver) {}
    static Driver parseDriver(const std::string& name); // "secret(s)" / "configmap(s)"; throws otherwise

    static std::string recordName(const std::string& release, int revision);

    // Every revision of every release in `ns` ("" → all namespaces), optionally of one release.
    std::vector<Release> query(const std::string& ns, const std::string& name = "");
    // All revisions of one release, oldest first.
    std::vector<Release> history(const std::string& ns, const std::string& name);
    // Latest revision, or nullopt when the release does not exist.
    std::optional<Release> last(const std::string& ns, const std::string& name);
    // The latest revision whose status is deployed.
    std::optional<Release> deployed(const std::string& ns, const std::string& name);
    std::optional<Release> get(const std::string& ns, const std::string& name, int revision);

    void create(const Release& r);
    void update(const Release& r);
    void remove(const std::string& ns, const std::string& name, int revision);

    // The object helm would write for this release (kind Secret or ConfigMap), labels included.
    nlohmann::json buildRecord(const Release& r, const std::string& timeLabel,
                               const std::string& timeValue) const;
    // Decodes one stored object back into a release.
    Release parseRecord(const nlohmann::json& object) const;

private:
    std::string collection(const std::string& ns) const;
    KubeApi& api_;
    Driver driver_;
};

} // namespace kmcp::helm
