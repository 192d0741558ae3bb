#include "kube/ExecCredential.hpp"

#include "obs/Log.hpp"

#include <Poco/Base64Encoder.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeParser.h>
#include <Poco/Exception.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <nlohmann/json.hpp>

#include <condition_variable>
#include <sstream>
#include <thread>

namespace kmcp::kube {
namespace {

constexpr size_t kMaxOutput = 1024 * 1024;
constexpr std::chrono::seconds kPluginTimeout{60};
// A credential this close to expiry is refreshed before use so it does not expire in flight.
constexpr std::chrono::seconds kExpirySkew{10};

std::string base64(const std::string& data) {
    std::ostringstream out;
    Poco::Base64Encoder enc(out);
    enc.rdbuf()->setLineLength(0);
    enc << data;
    enc.close();
    return out.str();
}

Result<std::string> readAll(Poco::PipeInputStream& in) {
    std::string out;
    char buf[4096];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
        out.append(buf, static_cast<size_t>(in.gcount()));
        if (out.size() > kMaxOutput)
            return makeError(Error::Code::TooLarge, "exec plugin output is too large");
    }
    return out;
}

} // namespace

Result<ExecCredentialStatus> parseExecCredential(const std::string& text, const std::string& apiVersion) {
    nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object())
        return makeError(Error::Code::Unauthenticated,
                         "exec plugin did not print an ExecCredential JSON object");
    if (doc.value("kind", "") != "ExecCredential")
        return makeError(Error::Code::Unauthenticated, "exec plugin output has kind \"" +
                                                           doc.value("kind", "") +
                                                           "\", expected ExecCredential");
    if (!apiVersion.empty() && doc.value("apiVersion", "") != apiVersion)
        return makeError(Error::Code::Unauthenticated, "exec plugin returned apiVersion \"" +
                                                           doc.value("apiVersion", "") + "\", expected " +
                                                           apiVersion);
    const auto st = doc.find("status");
    if (st == doc.end() || !st->is_object())
        return makeError(Error::Code::Unauthenticated,
                         "exec plugin returned an ExecCredential without status");
    ExecCredentialStatus out;
    out.token = st->value("token", "");
    out.clientCertificateData = st->value("clientCertificateData", "");
    out.clientKeyData = st->value("clientKeyData", "");
    if (out.token.empty() && (out.clientCertificateData.empty() || out.clientKeyData.empty()))
        return makeError(Error::Code::Unauthenticated,
                         "exec plugin returned neither a token nor a client certificate and key");
    if (const std::string ts = st->value("expirationTimestamp", ""); !ts.empty()) {
        Poco::DateTime dt;
        int tz = 0;
        if (!Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::ISO8601_FORMAT, ts, dt, tz) &&
            !Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::ISO8601_FRAC_FORMAT, ts, dt, tz))
            return makeError(Error::Code::Unauthenticated,
                             "exec plugin returned a bad expirationTimestamp: " + ts);
        dt.makeUTC(tz);
        out.expiry = std::chrono::system_clock::from_time_t(dt.timestamp().epochTime());
    }
    return out;
}

ExecCredentialProvider::ExecCredentialProvider(ExecConfig exec, std::string server, std::string caPem,
                                               bool insecure)
    : exec_(std::move(exec)), server_(std::move(server)), caPem_(std::move(caPem)), insecure_(insecure) {}

Result<ExecCredentialStatus> ExecCredentialProvider::get() {
    std::lock_guard lock(mu_);
    if (cached_ && (!cached_->expiry || *cached_->expiry - kExpirySkew > std::chrono::system_clock::now()))
        return *cached_;
    auto fresh = run();
    if (!fresh) return fresh.error();
    cached_ = fresh.value();
    return fresh;
}

void ExecCredentialProvider::invalidate() {
    std::lock_guard lock(mu_);
    cached_.reset();
}

int ExecCredentialProvider::runs() const {
    std::lock_guard lock(mu_);
    return runs_;
}

Result<ExecCredentialStatus> ExecCredentialProvider::run() {
    const std::string apiVersion =
        exec_.apiVersion.empty() ? std::string("client.authentication.k8s.io/v1") : exec_.apiVersion;
    nlohmann::json info = {
        {"apiVersion", apiVersion}, {"kind", "ExecCredential"}, {"spec", {{"interactive", false}}}};
    if (exec_.provideClusterInfo) {
        nlohmann::json cluster = {{"server", server_}, {"insecure-skip-tls-verify", insecure_}};
        if (!caPem_.empty()) cluster["certificate-authority-data"] = base64(caPem_);
        info["spec"]["cluster"] = cluster;
    }
    Poco::Process::Env env;
    for (const auto& [k, v] : exec_.env)
        env[k] = v;
    env["KUBERNETES_EXEC_INFO"] = info.dump();

    Poco::Pipe outPipe;
    Poco::Pipe errPipe;
    ++runs_;
    std::optional<Poco::ProcessHandle> handle;
    try {
        handle.emplace(Poco::Process::launch(exec_.command, exec_.args, std::string(), nullptr, &outPipe,
                                             &errPipe, env));
    } catch (const Poco::Exception& e) {
        std::string msg = "cannot run exec credential plugin \"" + exec_.command + "\": " + e.displayText();
        if (!exec_.installHint.empty()) msg += "\n" + exec_.installHint;
        return makeError(Error::Code::Unauthenticated, msg);
    }
    // A hung plugin must not hang the server: kill it after kPluginTimeout.
    std::mutex doneMu;
    std::condition_variable doneCv;
    bool done = false;
    const Poco::ProcessHandle::PID pid = handle->id();
    std::thread watchdog([&] {
        std::unique_lock lk(doneMu);
        if (!doneCv.wait_for(lk, kPluginTimeout, [&] { return done; })) {
            try {
                Poco::Process::kill(pid);
            } catch (const Poco::Exception&) {
            }
        }
    });
    Poco::PipeInputStream outStream(outPipe);
    Poco::PipeInputStream errStream(errPipe);
    auto out = readAll(outStream);
    auto err = readAll(errStream);
    int code = -1;
    try {
        code = handle->wait();
    } catch (const Poco::Exception&) {
    }
    {
        std::lock_guard lk(doneMu);
        done = true;
    }
    doneCv.notify_all();
    watchdog.join();
    if (!out) return out.error();
    if (code != 0) {
        std::string msg =
            "exec credential plugin \"" + exec_.command + "\" failed with exit code " + std::to_string(code);
        if (err && !err.value().empty()) msg += ": " + err.value().substr(0, 2000);
        return makeError(Error::Code::Unauthenticated, msg);
    }
    obs::info(4, "exec credential plugin {} ran", exec_.command);
    return parseExecCredential(out.value(), apiVersion);
}

} // namespace kmcp::kube
