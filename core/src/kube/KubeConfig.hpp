#pragma once

#include "common/Result.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace kmcp::kube {

// users[].user.exec of a kubeconfig (client.authentication.k8s.io v1 / v1beta1).
struct ExecConfig {
    std::string apiVersion;
    std::string command; // absolute when the kubeconfig gave a relative path containing "/"
    std::vector<std::string> args;
    std::vector<std::pair<std::string, std::string>> env;
    std::string installHint;
    bool provideClusterInfo = false;
};

struct ClusterEntry {
    std::string name;
    std::string server;
    std::string certificateAuthority;     // file path (absolute)
    std::string certificateAuthorityData; // decoded PEM
    bool insecureSkipTlsVerify = false;
    std::string tlsServerName;
    std::string proxyUrl;
};

struct UserEntry {
    std::string name;
    std::string token;
    std::string tokenFile;             // absolute path; re-read when it changes
    std::string clientCertificate;     // file path (absolute)
    std::string clientCertificateData; // decoded PEM
    std::string clientKey;             // file path (absolute)
    std::string clientKeyData;         // decoded PEM
    std::string username;
    std::string password;
    std::optional<ExecConfig> exec;
    std::string authProvider; // name only: legacy auth providers are not supported, kept for view
};

struct ContextEntry {
    std::string name;
    std::string cluster;
    std::string user;
    std::string ns;
};

// A kubeconfig after loading (and merging, when several files were given). File references are
// absolute and *-data fields are decoded, so the model is self-contained.
struct KubeConfig {
    std::vector<ClusterEntry> clusters;
    std::vector<UserEntry> users;
    std::vector<ContextEntry> contexts;
    std::string currentContext;
    std::vector<std::string> sources; // files it came from, in merge order

    const ClusterEntry* cluster(const std::string& name) const;
    const UserEntry* user(const std::string& name) const;
    const ContextEntry* context(const std::string& name) const;

    // Parses one kubeconfig document; relative paths are resolved against `baseDir`.
    static Result<KubeConfig> parse(const std::string& yamlText, const std::string& baseDir,
                                    const std::string& sourceName = "");
    static Result<KubeConfig> parseFile(const std::string& path);
    // kubectl's merge: the first file that defines a cluster/user/context name wins; the
    // current-context comes from the first file that sets one.
    static KubeConfig merge(const std::vector<KubeConfig>& configs);
    // kubectl's lookup: `explicitPath` if given (must exist), else every file in `kubeconfigEnv`
    // (":"-separated, missing files skipped), else `home`/.kube/config (may be missing → empty).
    static Result<KubeConfig> load(const std::string& explicitPath, const std::string& kubeconfigEnv,
                                   const std::string& home);
    // load() with $KUBECONFIG and $HOME from the environment.
    static Result<KubeConfig> loadDefault(const std::string& explicitPath);
};

// Reads a whole file; used for certificates, keys and token files.
Result<std::string> readFileText(const std::string& path, size_t maxBytes = 4 * 1024 * 1024);

// A credential file that is rotated in place (a projected service-account token, a client
// certificate renewed by cert-manager or the kubelet): read again when its modification time or
// size changes, so the new one is used without a restart. A file that cannot be read mid-rotation
// keeps the last good text. Not thread-safe: the owner locks.
class WatchedFile {
public:
    explicit WatchedFile(std::string path, size_t maxBytes = 4 * 1024 * 1024)
        : path_(std::move(path)), maxBytes_(maxBytes) {}
    const std::string& path() const { return path_; }
    // The current text; an error only when the file has never been read.
    Result<std::string> text();

private:
    std::string path_;
    size_t maxBytes_;
    std::string text_;
    bool read_ = false;
    std::filesystem::file_time_type time_{};
    uintmax_t size_ = 0;
};

} // namespace kmcp::kube
