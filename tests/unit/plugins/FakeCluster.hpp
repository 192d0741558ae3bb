#pragma once

#include "plugins/ClusterBackend.hpp"

#include <mutex>

namespace kmcp::test {

// A ClusterBackend double that records requests and answers from a canned response.
class FakeCluster : public plugins::ClusterBackend {
public:
    explicit FakeCluster(std::string context = "fake-ctx") : context_(std::move(context)) {}

    Result<plugins::KubeResult> request(const plugins::KubeCall& call, const std::atomic<bool>*) override {
        std::lock_guard lock(mutex_);
        calls.push_back(call);
        if (failWith) return *failWith;
        return response;
    }
    Result<int> stream(const plugins::KubeCall& call, plugins::StreamKind, std::string_view, uint64_t,
                       const plugins::ChunkFn& onChunk, const std::atomic<bool>*) override {
        calls.push_back(call);
        for (const auto& chunk : chunks)
            if (!onChunk(plugins::StreamKind::Http == plugins::StreamKind::Http ? 1u : 0u, chunk)) break;
        return 200;
    }
    Result<nlohmann::json> info(const std::string& key, const nlohmann::json&) override {
        if (key == "cluster") return nlohmann::json{{"openshift", false}};
        return makeError(Error::Code::NotFound, "no " + key);
    }
    std::string contextName() const override { return context_; }
    std::string defaultNamespace() const override { return "default"; }

    plugins::KubeResult response{200, R"({"kind":"NamespaceList","items":[]})", {}, ""};
    std::optional<Error> failWith;
    std::vector<std::string> chunks;
    std::vector<plugins::KubeCall> calls;

private:
    std::string context_;
    std::mutex mutex_;
};

// Hands out FakeCluster views of one shared recorder.
class FakeFactory : public plugins::ClusterBackendFactory {
public:
    std::vector<std::string> contexts() const override { return names; }
    std::string defaultContext() const override { return names.empty() ? "" : names.front(); }
    Result<std::unique_ptr<plugins::ClusterBackend>> forCall(const std::string& context, const Caller& caller,
                                                             const std::string&) override {
        lastCaller = caller;
        if (failWith) return *failWith;
        auto c = std::make_unique<FakeCluster>(context.empty() ? defaultContext() : context);
        c->response = response;
        lastContext = c->contextName();
        return std::unique_ptr<plugins::ClusterBackend>(std::move(c));
    }
    Result<nlohmann::json> hostInfo(const std::string& key, const nlohmann::json&) override {
        if (key == "contexts") return nlohmann::json::array({{{"name", defaultContext()}}});
        return makeError(Error::Code::NotFound, key);
    }

    std::vector<std::string> names{"fake-ctx"};
    plugins::KubeResult response{200, "{}", {}, ""};
    std::optional<Error> failWith;
    Caller lastCaller;
    std::string lastContext;
};

} // namespace kmcp::test
