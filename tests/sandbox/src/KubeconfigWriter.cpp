#include "KubeconfigWriter.hpp"

#include <Poco/Base64Encoder.h>

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace kmcp::sandbox {

std::string renderKubeconfig(const std::string& serverUrl, const std::string& caPem,
                             const std::vector<KubeconfigContext>& contexts) {
    YAML::Emitter out;
    out << YAML::BeginMap;
    out << YAML::Key << "apiVersion" << YAML::Value << "v1";
    out << YAML::Key << "kind" << YAML::Value << "Config";
    out << YAML::Key << "clusters" << YAML::Value << YAML::BeginSeq << YAML::BeginMap;
    out << YAML::Key << "name" << YAML::Value << "sandbox";
    out << YAML::Key << "cluster" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "server" << YAML::Value << serverUrl;
    if (!caPem.empty()) {
        std::ostringstream b64;
        Poco::Base64Encoder enc(b64);
        enc.rdbuf()->setLineLength(0);
        enc << caPem;
        enc.close();
        out << YAML::Key << "certificate-authority-data" << YAML::Value << b64.str();
    }
    out << YAML::EndMap << YAML::EndMap << YAML::EndSeq;
    out << YAML::Key << "contexts" << YAML::Value << YAML::BeginSeq;
    for (const auto& c : contexts) {
        out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << c.name;
        out << YAML::Key << "context" << YAML::Value << YAML::BeginMap;
        out << YAML::Key << "cluster" << YAML::Value << "sandbox";
        out << YAML::Key << "user" << YAML::Value << c.name;
        out << YAML::Key << "namespace" << YAML::Value << c.ns;
        out << YAML::EndMap << YAML::EndMap;
    }
    out << YAML::EndSeq;
    out << YAML::Key << "current-context" << YAML::Value << (contexts.empty() ? "" : contexts.front().name);
    out << YAML::Key << "users" << YAML::Value << YAML::BeginSeq;
    for (const auto& c : contexts) {
        out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << c.name;
        out << YAML::Key << "user" << YAML::Value << YAML::BeginMap;
        out << YAML::Key << "token" << YAML::Value << c.token;
        out << YAML::EndMap << YAML::EndMap;
    }
    out << YAML::EndSeq;
    out << YAML::Key << "preferences" << YAML::Value << YAML::BeginMap << YAML::EndMap;
    out << YAML::EndMap;
    return std::string(out.c_str()) + "\n";
}

void writeKubeconfig(const std::string& path, const std::string& content) {
    std::ofstream file(path, std::ios::trunc);
    if (!file) {
        throw std::runtime_error("cannot write kubeconfig " + path);
    }
    file << content;
}

} // namespace kmcp::sandbox
