#include "Capabilities.h"

#include "Function.h"
#include "GoFormat.h"

#include <algorithm>

namespace kmcp::helm::tmpl {

namespace {

class VersionSet : public Object {
public:
    explicit VersionSet(std::vector<std::string> v) : versions_(std::move(v)) {}
    std::string typeName() const override { return "chartutil.VersionSet"; }
    std::string kindName() const override { return "slice"; }
    std::optional<std::vector<ArgType>> methodParams(const std::string& name) const override {
        if (name == "Has") return std::vector{ArgType::String};
        return std::nullopt;
    }
    Value call(const std::string& name, ValueList& args) const override {
        if (name == "Has")
            return Value(std::find(versions_.begin(), versions_.end(), args[0].asString()) !=
                         versions_.end());
        return Object::call(name, args);
    }
    std::string format() const override { return formatValue(marshal()); }
    bool truthy() const override { return !versions_.empty(); }
    Value marshal() const override { return Value::stringList(versions_); }
    std::optional<Value> asData() const override { return marshal(); }

private:
    std::vector<std::string> versions_;
};

class KubeVersion : public Object {
public:
    explicit KubeVersion(std::string v) : version_(std::move(v)) {
        std::string s = version_;
        if (!s.empty() && s[0] == 'v') s = s.substr(1);
        auto dot = s.find('.');
        major_ = s.substr(0, dot);
        if (dot != std::string::npos) {
            auto rest = s.substr(dot + 1);
            size_t end = 0;
            while (end < rest.size() && std::isdigit(static_cast<unsigned char>(rest[end])))
                ++end;
            minor_ = rest.substr(0, end);
        }
    }
    std::string typeName() const override { return "*chartutil.KubeVersion"; }
    std::optional<Value> field(const std::string& name) const override {
        if (name == "Version") return Value(version_);
        if (name == "Major") return Value(major_);
        if (name == "Minor") return Value(minor_);
        return std::nullopt;
    }
    std::optional<std::vector<ArgType>> methodParams(const std::string& name) const override {
        if (name == "String" || name == "GitVersion") return std::vector<ArgType>{};
        return std::nullopt;
    }
    Value call(const std::string& name, ValueList& args) const override {
        if (name == "String" || name == "GitVersion") return Value(version_);
        return Object::call(name, args);
    }
    std::string format() const override { return version_; }
    Value marshal() const override {
        return Value(
            ValueMap{{"version", Value(version_)}, {"major", Value(major_)}, {"minor", Value(minor_)}});
    }

private:
    std::string version_, major_, minor_;
};

} // namespace

Value makeCapabilities(const CapabilitiesInfo& info) {
    ValueMap helm{{"Version", Value(info.helmVersion)},
                  {"GitCommit", Value(info.helmGitCommit)},
                  {"GitTreeState", Value(info.helmGitTreeState)},
                  {"GoVersion", Value(info.goVersion)}};
    return Value(ValueMap{
        {"APIVersions", Value(std::make_shared<VersionSet>(info.apiVersions))},
        {"KubeVersion", Value(std::make_shared<KubeVersion>(info.kubeVersion))},
        {"HelmVersion", Value(std::move(helm))},
    });
}

} // namespace kmcp::helm::tmpl
