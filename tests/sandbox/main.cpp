// kube-sandbox: a small, faithful Kubernetes API server for tests, demos and benchmarks.
#include "SandboxServer.hpp"

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <string>

namespace {

void usage() {
    std::cerr << "usage: kube-sandbox [--port N] [--bind ADDR] [--tls-cert FILE --tls-key FILE | "
                 "--tls-self-signed]\n"
                 "                    [--seed default|none] [--tokens FILE]\n"
                 "                    [--oidc-issuer-url URL --oidc-audience AUD [--oidc-username-claim C]\n"
                 "                     [--oidc-groups-claim C] [--oidc-ca FILE]]\n"
                 "                    [--write-kubeconfig PATH] [--ready-file PATH] [--latency-ms N]\n"
                 "                    [--openshift] [--max-threads N]\n";
}

int toInt(const std::string& flag, const std::string& value) {
    try {
        return std::stoi(value);
    } catch (const std::exception&) {
        std::cerr << "kube-sandbox: " << flag << " needs a number, got '" << value << "'\n";
        std::exit(2);
    }
}

} // namespace

int main(int argc, char** argv) {
    kmcp::sandbox::SandboxOptions options;
    for (int i = 1; i < argc; ++i) {
        std::string flag = argv[i];
        if (flag == "--help" || flag == "-h") {
            usage();
            return 0;
        }
        if (flag == "--openshift") {
            options.openshift = true;
            continue;
        }
        if (flag == "--tls-self-signed") {
            options.tlsSelfSigned = true;
            continue;
        }
        if (i + 1 >= argc) {
            std::cerr << "kube-sandbox: " << flag << " needs a value\n";
            usage();
            return 2;
        }
        std::string value = argv[++i];
        if (flag == "--port") {
            options.port = toInt(flag, value);
        } else if (flag == "--bind") {
            options.bind = value;
        } else if (flag == "--tls-cert") {
            options.tlsCert = value;
        } else if (flag == "--tls-key") {
            options.tlsKey = value;
        } else if (flag == "--seed") {
            options.seed = value;
        } else if (flag == "--tokens") {
            options.tokensFile = value;
        } else if (flag == "--oidc-issuer-url") {
            options.oidcEnabled = true;
            options.oidc.issuerUrl = value;
        } else if (flag == "--oidc-audience") {
            options.oidc.audience = value;
        } else if (flag == "--oidc-username-claim") {
            options.oidc.usernameClaim = value;
        } else if (flag == "--oidc-groups-claim") {
            options.oidc.groupsClaim = value;
        } else if (flag == "--oidc-ca") {
            options.oidc.caFile = value;
        } else if (flag == "--write-kubeconfig") {
            options.kubeconfigPath = value;
        } else if (flag == "--ready-file") {
            options.readyFile = value;
        } else if (flag == "--latency-ms") {
            options.latencyMs = toInt(flag, value);
        } else if (flag == "--max-threads") {
            options.maxThreads = toInt(flag, value);
        } else {
            std::cerr << "kube-sandbox: unknown flag " << flag << "\n";
            usage();
            return 2;
        }
    }
    if (options.oidcEnabled && options.oidc.audience.empty()) {
        std::cerr << "kube-sandbox: --oidc-issuer-url needs --oidc-audience\n";
        return 2;
    }

    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    try {
        kmcp::sandbox::SandboxServer server(options);
        server.start();
        std::cout << "listening on " << server.url() << std::endl;
        int received = 0;
        sigwait(&signals, &received);
        server.stop();
    } catch (const std::exception& e) {
        std::cerr << "kube-sandbox: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
