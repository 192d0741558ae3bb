#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kmcp::helm::tmpl {

// A Masterminds/semver v3 version: lenient parsing ("v1.2", "1"), ordering by major, minor,
// patch, then prerelease identifiers (a release sorts after its prereleases).
struct SemVersion {
    uint64_t major = 0, minor = 0, patch = 0;
    std::string prerelease, metadata, original;

    static std::optional<SemVersion> parse(const std::string& s);
    int compare(const SemVersion& o) const;
    std::string toString() const;
};

// A semver constraint set: "||" alternatives of comma/space separated comparisons with
// =, !=, >, <, >=, <=, ~, ~>, ^, x/X/* wildcards and "a - b" ranges.
class SemConstraint {
public:
    // Throws std::invalid_argument("improper constraint: ...") on syntax errors.
    explicit SemConstraint(const std::string& text);
    bool check(const SemVersion& v) const;

private:
    struct Term {
        std::string op;
        SemVersion con;
        bool dirty = false, minorDirty = false, patchDirty = false;
    };
    std::vector<std::vector<Term>> groups_;
    static bool checkTerm(const Term& t, const SemVersion& v);
};

} // namespace kmcp::helm::tmpl
