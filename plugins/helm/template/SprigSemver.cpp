#include "FuncUtil.h"
#include "Semver.h"
#include "Sprig.h"

#include <stdexcept>

namespace kmcp::helm::tmpl {

namespace {

using A = ArgType;

// The *semver.Version Sprig's `semver` returns; its getters are zero-argument methods.
class VersionObject : public Object {
public:
    explicit VersionObject(SemVersion v) : v_(std::move(v)) {}
    std::string typeName() const override { return "*semver.Version"; }
    std::optional<std::vector<ArgType>> methodParams(const std::string& name) const override {
        static const char* names[] = {"Major",    "Minor",    "Patch", "Prerelease",
                                      "Metadata", "Original", "String"};
        for (const char* n : names)
            if (name == n) return std::vector<ArgType>{};
        if (name == "Compare" || name == "LessThan" || name == "GreaterThan" || name == "Equal")
            return std::vector{ArgType::Any};
        return std::nullopt;
    }
    Value call(const std::string& name, ValueList& args) const override {
        if (name == "Major") return Value::int64(static_cast<int64_t>(v_.major));
        if (name == "Minor") return Value::int64(static_cast<int64_t>(v_.minor));
        if (name == "Patch") return Value::int64(static_cast<int64_t>(v_.patch));
        if (name == "Prerelease") return Value(v_.prerelease);
        if (name == "Metadata") return Value(v_.metadata);
        if (name == "Original") return Value(v_.original);
        if (name == "String") return Value(v_.toString());
        auto other =
            args[0].isObject() ? std::dynamic_pointer_cast<VersionObject>(args[0].object()) : nullptr;
        if (!other)
            throw FuncError("wrong type for value; expected *semver.Version; got " + args[0].typeName());
        int c = v_.compare(other->v_);
        if (name == "Compare") return Value(c);
        if (name == "LessThan") return Value(c < 0);
        if (name == "GreaterThan") return Value(c > 0);
        return Value(c == 0);
    }
    std::string format() const override { return v_.toString(); }
    Value marshal() const override { return Value(v_.toString()); }

private:
    SemVersion v_;
};

SemVersion parseVersion(const std::string& s) {
    auto v = SemVersion::parse(s);
    if (!v) throw FuncError("Invalid Semantic Version");
    return *v;
}

} // namespace

void installSprigSemver(FuncMap& fns) {
    fns["semverCompare"] = makeFunc({A::String, A::String}, false, [](ValueList& a) {
        try {
            SemConstraint c(a[0].asString());
            return Value(c.check(parseVersion(a[1].asString())));
        } catch (const std::invalid_argument& e) {
            throw FuncError(e.what());
        }
    });
    fns["semver"] = makeFunc({A::String}, false, [](ValueList& a) {
        return Value(std::make_shared<VersionObject>(parseVersion(a[0].asString())));
    });
}

} // namespace kmcp::helm::tmpl
