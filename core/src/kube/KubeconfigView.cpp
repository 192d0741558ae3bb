#include "kube/KubeconfigView.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>

namespace kmcp::kube {
namespace {

bool secretFlag(std::string flag) {
    std::transform(flag.begin(), flag.end(), flag.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const char* word : {"token", "secret", "password", "passwd", "key", "credential"})
        if (flag.find(word) != std::string::npos) return true;
    return false;
}

std::vector<std::string> redactArgs(const std::vector<std::string>& args) {
    std::vector<std::string> out;
    bool nextIsSecret = false;
    for (const auto& a : args) {
        if (nextIsSecret) {
            out.emplace_back(kRedacted);
            nextIsSecret = false;
            continue;
        }
        const bool isFlag = a.rfind("-", 0) == 0;
        const auto eq = a.find('=');
        if (isFlag && eq != std::string::npos && secretFlag(a.substr(0, eq))) {
            out.push_back(a.substr(0, eq + 1) + kRedacted);
        } else {
            out.push_back(a);
            nextIsSecret = isFlag && eq == std::string::npos && secretFlag(a);
        }
    }
    return out;
}

void field(YAML::Emitter& out, const char* key, const std::string& value) {
    if (value.empty()) return;
    out << YAML::Key << key << YAML::Value << value;
}

void emitCluster(YAML::Emitter& out, const ClusterEntry& c) {
    out << YAML::BeginMap << YAML::Key << "cluster" << YAML::Value << YAML::BeginMap;
    field(out, "certificate-authority", c.certificateAuthority);
    if (!c.certificateAuthorityData.empty()) field(out, "certificate-authority-data", kDataOmitted);
    if (c.insecureSkipTlsVerify) out << YAML::Key << "insecure-skip-tls-verify" << YAML::Value << true;
    field(out, "proxy-url", c.proxyUrl);
    field(out, "server", c.server);
    field(out, "tls-server-name", c.tlsServerName);
    out << YAML::EndMap << YAML::Key << "name" << YAML::Value << c.name << YAML::EndMap;
}

void emitUser(YAML::Emitter& out, const UserEntry& u) {
    out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << u.name;
    out << YAML::Key << "user" << YAML::Value << YAML::BeginMap;
    if (!u.authProvider.empty())
        out << YAML::Key << "auth-provider" << YAML::Value << YAML::BeginMap << YAML::Key << "name"
            << YAML::Value << u.authProvider << YAML::EndMap;
    field(out, "client-certificate", u.clientCertificate);
    if (!u.clientCertificateData.empty()) field(out, "client-certificate-data", kDataOmitted);
    field(out, "client-key", u.clientKey);
    if (!u.clientKeyData.empty()) field(out, "client-key-data", kDataOmitted);
    if (u.exec) {
        const ExecConfig& e = *u.exec;
        out << YAML::Key << "exec" << YAML::Value << YAML::BeginMap;
        field(out, "apiVersion", e.apiVersion);
        if (!e.args.empty()) out << YAML::Key << "args" << YAML::Value << redactArgs(e.args);
        field(out, "command", e.command);
        if (!e.env.empty()) {
            out << YAML::Key << "env" << YAML::Value << YAML::BeginSeq;
            for (const auto& [name, value] : e.env)
                out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << name << YAML::Key << "value"
                    << YAML::Value << kRedacted << YAML::EndMap;
            out << YAML::EndSeq;
        }
        field(out, "installHint", e.installHint);
        if (e.provideClusterInfo) out << YAML::Key << "provideClusterInfo" << YAML::Value << true;
        out << YAML::EndMap;
    }
    if (!u.password.empty()) field(out, "password", kRedacted);
    if (!u.token.empty()) field(out, "token", kRedacted);
    field(out, "tokenFile", u.tokenFile);
    field(out, "username", u.username);
    out << YAML::EndMap << YAML::EndMap;
}

} // namespace

std::string kubeconfigView(const KubeConfig& config, bool minified) {
    std::vector<const ClusterEntry*> clusters;
    std::vector<const UserEntry*> users;
    std::vector<const ContextEntry*> contexts;
    if (minified) {
        if (const ContextEntry* ctx = config.context(config.currentContext)) {
            contexts.push_back(ctx);
            if (const ClusterEntry* c = config.cluster(ctx->cluster)) clusters.push_back(c);
            if (const UserEntry* u = config.user(ctx->user)) users.push_back(u);
        }
    } else {
        for (const auto& c : config.clusters)
            clusters.push_back(&c);
        for (const auto& u : config.users)
            users.push_back(&u);
        for (const auto& c : config.contexts)
            contexts.push_back(&c);
    }
    YAML::Emitter out;
    out << YAML::BeginMap;
    out << YAML::Key << "apiVersion" << YAML::Value << "v1";
    out << YAML::Key << "clusters" << YAML::Value << YAML::BeginSeq;
    for (const auto* c : clusters)
        emitCluster(out, *c);
    out << YAML::EndSeq;
    out << YAML::Key << "contexts" << YAML::Value << YAML::BeginSeq;
    for (const auto* c : contexts) {
        out << YAML::BeginMap << YAML::Key << "context" << YAML::Value << YAML::BeginMap;
        field(out, "cluster", c->cluster);
        field(out, "namespace", c->ns);
        field(out, "user", c->user);
        out << YAML::EndMap << YAML::Key << "name" << YAML::Value << c->name << YAML::EndMap;
    }
    out << YAML::EndSeq;
    out << YAML::Key << "current-context" << YAML::Value << config.currentContext;
    out << YAML::Key << "kind" << YAML::Value << "Config";
    out << YAML::Key << "preferences" << YAML::Value << YAML::BeginMap << YAML::EndMap;
    out << YAML::Key << "users" << YAML::Value << YAML::BeginSeq;
    for (const auto* u : users)
        emitUser(out, *u);
    out << YAML::EndSeq;
    out << YAML::EndMap;
    return std::string(out.c_str()) + "\n";
}

} // namespace kmcp::kube
