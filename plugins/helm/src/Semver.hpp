#pragma once

#include <optional>
#include <string>
#include <vector>

namespace kmcp::helm {

// A semantic version as Masterminds/semver (what helm uses) reads it: "1.2.3", "v1.2", "1.2.3-rc.1+b".
struct Semver {
    unsigned long long major = 0, minor = 0, patch = 0;
    std::string prerelease, metadata;

    // Lenient parse (missing minor/patch allowed, leading 'v' allowed); nullopt when invalid.
    static std::optional<Semver> parse(const std::string& text);
    int compare(const Semver& o) const; // <0, 0, >0; metadata ignored
    std::string str() const;
};

// A version constraint such as ">=1.2.0 <2", "^1.4", "~1.2.3", "1.x", "1.2 - 1.5", "a || b".
class SemverConstraint {
public:
    // Throws std::invalid_argument on malformed constraints.
    static SemverConstraint parse(const std::string& text);
    // Masterminds semantics: prerelease versions only satisfy a range whose comparator has a
    // prerelease itself.
    bool matches(const Semver& v) const;

private:
    struct Cmp {
        std::string op;
        Semver v;
    };
    std::vector<std::vector<Cmp>> any_; // OR of ANDs
};

} // namespace kmcp::helm
