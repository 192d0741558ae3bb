#include "kube/KubeConfig.hpp"

#include <Poco/Base64Decoder.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace kmcp::kube {
namespace {

namespace fs = std::filesystem;

std::string scalar(const YAML::Node& node, const char* key) {
    const YAML::Node v = node[key];
    return v && v.IsScalar() ? v.as<std::string>() : std::string();
}

bool boolean(const YAML::Node& node, const char* key) {
    const YAML::Node v = node[key];
    return v && v.IsScalar() && v.as<bool>(false);
}

std::string absolute(const std::string& path, const std::string& baseDir) {
    if (path.empty() || fs::path(path).is_absolute() || baseDir.empty()) return path;
    return (fs::path(baseDir) / path).lexically_normal().string();
}

// *-data fields hold base64; the model keeps the decoded bytes (PEM text).
Result<std::string> decodeData(const YAML::Node& node, const char* key, const std::string& where) {
    const std::string encoded = scalar(node, key);
    if (encoded.empty()) return std::string();
    try {
        std::istringstream in(encoded);
        Poco::Base64Decoder decoder(in);
        std::string out((std::istreambuf_iterator<char>(decoder)), std::istreambuf_iterator<char>());
        return out;
    } catch (const std::exception&) {
        return makeError(Error::Code::InvalidArgument, where + ": " + key + " is not valid base64");
    }
}

Result<ExecConfig> parseExec(const YAML::Node& node, const std::string& baseDir) {
    ExecConfig exec;
    exec.apiVersion = scalar(node, "apiVersion");
    exec.command = scalar(node, "command");
    // kubectl resolves a relative command against the kubeconfig's directory only when it
    // contains a path separator; a bare name is looked up in PATH.
    if (exec.command.find('/') != std::string::npos) exec.command = absolute(exec.command, baseDir);
    if (const YAML::Node args = node["args"]; args && args.IsSequence())
        for (const auto& a : args)
            exec.args.push_back(a.as<std::string>());
    if (const YAML::Node env = node["env"]; env && env.IsSequence())
        for (const auto& e : env)
            exec.env.emplace_back(scalar(e, "name"), scalar(e, "value"));
    exec.installHint = scalar(node, "installHint");
    exec.provideClusterInfo = boolean(node, "provideClusterInfo");
    return exec;
}

template <typename Entry> void mergeNamed(std::vector<Entry>& into, const std::vector<Entry>& from) {
    std::set<std::string> have;
    for (const auto& e : into)
        have.insert(e.name);
    for (const auto& e : from)
        if (have.insert(e.name).second) into.push_back(e);
}

template <typename Entry> const Entry* findNamed(const std::vector<Entry>& v, const std::string& name) {
    for (const auto& e : v)
        if (e.name == name) return &e;
    return nullptr;
}

std::vector<std::string> splitList(const std::string& list) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : list) {
        if (c == ':') {
            if (!cur.empty()) out.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty()) out.push_back(cur);
    return out;
}

} // namespace

const ClusterEntry* KubeConfig::cluster(const std::string& name) const {
    return findNamed(clusters, name);
}
const UserEntry* KubeConfig::user(const std::string& name) const {
    return findNamed(users, name);
}
const ContextEntry* KubeConfig::context(const std::string& name) const {
    return findNamed(contexts, name);
}

Result<std::string> readFileText(const std::string& path, size_t maxBytes) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return makeError(Error::Code::NotFound, "cannot read " + path);
    std::string text;
    char buf[8192];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
        text.append(buf, static_cast<size_t>(in.gcount()));
        if (text.size() > maxBytes) return makeError(Error::Code::TooLarge, path + " is too large");
    }
    return text;
}

Result<std::string> WatchedFile::text() {
    std::error_code ec;
    const auto time = std::filesystem::last_write_time(path_, ec);
    const auto size = ec ? 0 : std::filesystem::file_size(path_, ec);
    if (read_ && !ec && time == time_ && size == size_) return text_;
    auto fresh = readFileText(path_, maxBytes_);
    if (!fresh) {
        if (read_) return text_;
        return fresh.error();
    }
    text_ = std::move(fresh.value());
    read_ = true;
    time_ = time;
    size_ = size;
    return text_;
}

Result<KubeConfig> KubeConfig::parse(const std::string& yamlText, const std::string& baseDir,
                                     const std::string& sourceName) {
    const std::string where = sourceName.empty() ? std::string("kubeconfig") : sourceName;
    YAML::Node root;
    try {
        root = YAML::Load(yamlText);
    } catch (const YAML::Exception& e) {
        return makeError(Error::Code::InvalidArgument, where + ": invalid YAML: " + e.what());
    }
    KubeConfig cfg;
    if (!sourceName.empty()) cfg.sources.push_back(sourceName);
    if (!root || root.IsNull()) return cfg;
    if (!root.IsMap())
        return makeError(Error::Code::InvalidArgument, where + ": not a kubeconfig (expected a map)");
    try {
        cfg.currentContext = scalar(root, "current-context");
        for (const auto& item : root["clusters"]) {
            const YAML::Node c = item["cluster"];
            ClusterEntry e;
            e.name = scalar(item, "name");
            if (e.name.empty() || !c) continue;
            e.server = scalar(c, "server");
            e.certificateAuthority = absolute(scalar(c, "certificate-authority"), baseDir);
            auto ca = decodeData(c, "certificate-authority-data", where + " cluster " + e.name);
            if (!ca) return ca.error();
            e.certificateAuthorityData = std::move(ca.value());
            e.insecureSkipTlsVerify = boolean(c, "insecure-skip-tls-verify");
            e.tlsServerName = scalar(c, "tls-server-name");
            e.proxyUrl = scalar(c, "proxy-url");
            cfg.clusters.push_back(std::move(e));
        }
        for (const auto& item : root["users"]) {
            const YAML::Node u = item["user"];
            UserEntry e;
            e.name = scalar(item, "name");
            if (e.name.empty()) continue;
            if (u && u.IsMap()) {
                const std::string ctx = where + " user " + e.name;
                e.token = scalar(u, "token");
                e.tokenFile = absolute(scalar(u, "tokenFile"), baseDir);
                e.clientCertificate = absolute(scalar(u, "client-certificate"), baseDir);
                e.clientKey = absolute(scalar(u, "client-key"), baseDir);
                auto cert = decodeData(u, "client-certificate-data", ctx);
                if (!cert) return cert.error();
                e.clientCertificateData = std::move(cert.value());
                auto key = decodeData(u, "client-key-data", ctx);
                if (!key) return key.error();
                e.clientKeyData = std::move(key.value());
                e.username = scalar(u, "username");
                e.password = scalar(u, "password");
                if (const YAML::Node ex = u["exec"]; ex && ex.IsMap()) {
                    auto exec = parseExec(ex, baseDir);
                    if (!exec) return exec.error();
                    e.exec = std::move(exec.value());
                }
                if (const YAML::Node ap = u["auth-provider"]; ap && ap.IsMap())
                    e.authProvider = scalar(ap, "name");
            }
            cfg.users.push_back(std::move(e));
        }
        for (const auto& item : root["contexts"]) {
            const YAML::Node c = item["context"];
            ContextEntry e;
            e.name = scalar(item, "name");
            if (e.name.empty() || !c) continue;
            e.cluster = scalar(c, "cluster");
            e.user = scalar(c, "user");
            e.ns = scalar(c, "namespace");
            cfg.contexts.push_back(std::move(e));
        }
    } catch (const YAML::Exception& e) {
        return makeError(Error::Code::InvalidArgument, where + ": malformed kubeconfig: " + e.what());
    }
    return cfg;
}

Result<KubeConfig> KubeConfig::parseFile(const std::string& path) {
    auto text = readFileText(path);
    if (!text) return text.error();
    const std::string dir = fs::absolute(fs::path(path)).parent_path().string();
    return parse(text.value(), dir, path);
}

KubeConfig KubeConfig::merge(const std::vector<KubeConfig>& configs) {
    KubeConfig out;
    for (const auto& c : configs) {
        if (out.currentContext.empty()) out.currentContext = c.currentContext;
        mergeNamed(out.clusters, c.clusters);
        mergeNamed(out.users, c.users);
        mergeNamed(out.contexts, c.contexts);
        out.sources.insert(out.sources.end(), c.sources.begin(), c.sources.end());
    }
    return out;
}

Result<KubeConfig> KubeConfig::load(const std::string& explicitPath, const std::string& kubeconfigEnv,
                                    const std::string& home) {
    if (!explicitPath.empty()) {
        if (!fs::exists(explicitPath))
            return makeError(Error::Code::NotFound, "kubeconfig file " + explicitPath + " does not exist");
        return parseFile(explicitPath);
    }
    std::vector<std::string> files = splitList(kubeconfigEnv);
    if (files.empty() && !home.empty()) files.push_back((fs::path(home) / ".kube" / "config").string());
    std::vector<KubeConfig> loaded;
    std::set<std::string> seen;
    for (const auto& f : files) {
        if (!seen.insert(f).second || !fs::exists(f)) continue;
        auto cfg = parseFile(f);
        if (!cfg) return cfg.error();
        loaded.push_back(std::move(cfg.value()));
    }
    return merge(loaded);
}

Result<KubeConfig> KubeConfig::loadDefault(const std::string& explicitPath) {
    const char* env = std::getenv("KUBECONFIG");
    const char* home = std::getenv("HOME");
    return load(explicitPath, env ? env : "", home ? home : "");
}

} // namespace kmcp::kube
