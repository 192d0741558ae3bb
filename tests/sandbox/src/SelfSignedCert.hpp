#pragma once

#include <string>
#include <vector>

namespace kmcp::sandbox {

struct PemPair {
    std::string certificate;
    std::string privateKey;
};

// An ephemeral ECDSA P-256 certificate that is its own CA, valid for the given DNS names and IP
// addresses. kubectl only sends bearer tokens over TLS, so the sandbox can make its own.
PemPair generateSelfSigned(const std::vector<std::string>& dnsNames, const std::vector<std::string>& ips);

} // namespace kmcp::sandbox
