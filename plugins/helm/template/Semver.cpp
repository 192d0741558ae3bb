#include "Semver.h"

#include <regex>
#include <stdexcept>

namespace kmcp::helm::tmpl {

namespace {

bool isNumeric(const std::string& s) {
    return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

std::vector<std::string> splitDots(const std::string& s) {
    std::vector<std::string> out;
    size_t start = 0;
    while (true) {
        size_t d = s.find('.', start);
        out.push_back(s.substr(start, d == std::string::npos ? std::string::npos : d - start));
        if (d == std::string::npos) break;
        start = d + 1;
    }
    return out;
}

int comparePrerelease(const std::string& a, const std::string& b) {
    if (a == b) return 0;
    if (a.empty()) return 1;
    if (b.empty()) return -1;
    auto pa = splitDots(a), pb = splitDots(b);
    for (size_t i = 0; i < pa.size() && i < pb.size(); ++i) {
        const auto& x = pa[i];
        const auto& y = pb[i];
        if (x == y) continue;
        bool xn = isNumeric(x), yn = isNumeric(y);
        if (xn && yn) {
            uint64_t xi = std::stoull(x), yi = std::stoull(y);
            if (xi != yi) return xi < yi ? -1 : 1;
            continue;
        }
        if (xn) return -1;
        if (yn) return 1;
        return x < y ? -1 : 1;
    }
    if (pa.size() == pb.size()) return 0;
    return pa.size() < pb.size() ? -1 : 1;
}

bool isX(const std::string& s) {
    return s == "x" || s == "X" || s == "*";
}

const std::string kVersionPart =
    R"(v?[0-9xX*]+(?:\.[0-9xX*]+)?(?:\.[0-9xX*]+)?(?:-[0-9A-Za-z\-]+(?:\.[0-9A-Za-z\-]+)*)?(?:\+[0-9A-Za-z\-]+(?:\.[0-9A-Za-z\-]+)*)?)";

} // namespace

std::optional<SemVersion> SemVersion::parse(const std::string& s) {
    static const std::regex re(
        R"(^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?$)");
    std::smatch m;
    if (!std::regex_match(s, m, re)) return std::nullopt;
    SemVersion v;
    try {
        v.major = std::stoull(m[1].str());
        if (m[2].matched) v.minor = std::stoull(m[2].str().substr(1));
        if (m[3].matched) v.patch = std::stoull(m[3].str().substr(1));
    } catch (const std::exception&) {
        return std::nullopt;
    }
    v.prerelease = m[5].str();
    v.metadata = m[8].str();
    v.original = s;
    return v;
}

int SemVersion::compare(const SemVersion& o) const {
    if (major != o.major) return major < o.major ? -1 : 1;
    if (minor != o.minor) return minor < o.minor ? -1 : 1;
    if (patch != o.patch) return patch < o.patch ? -1 : 1;
    return comparePrerelease(prerelease, o.prerelease);
}

std::string SemVersion::toString() const {
    std::string s = std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
    if (!prerelease.empty()) s += "-" + prerelease;
    if (!metadata.empty()) s += "+" + metadata;
    return s;
}

SemConstraint::SemConstraint(const std::string& text) {
    static const std::regex hyphen("\\s*(" + kVersionPart + ")\\s+-\\s+(" + kVersionPart + ")\\s*");
    static const std::regex term("^\\s*(=|!=|>=|=>|<=|=<|>|<|~>|~|\\^)?\\s*(" + kVersionPart + ")\\s*$");
    static const std::regex find("(=|!=|>=|=>|<=|=<|>|<|~>|~|\\^)?\\s*(" + kVersionPart + ")");
    std::string rewritten = std::regex_replace(text, hyphen, ">= $1, <= $2 ");
    size_t start = 0;
    while (true) {
        size_t bar = rewritten.find("||", start);
        std::string part =
            rewritten.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
        std::vector<Term> group;
        // Every character must belong to a comparison, a comma or whitespace.
        std::string leftover = std::regex_replace(part, find, "");
        for (char c : leftover)
            if (c != ',' && c != ' ' && c != '\t')
                throw std::invalid_argument("improper constraint: " + text);
        for (auto it = std::sregex_iterator(part.begin(), part.end(), find); it != std::sregex_iterator();
             ++it) {
            std::smatch m;
            std::string one = it->str(0);
            if (!std::regex_match(one, m, term)) throw std::invalid_argument("improper constraint: " + text);
            Term t;
            t.op = m[1].str();
            if (t.op == "=>") t.op = ">=";
            if (t.op == "=<") t.op = "<=";
            if (t.op == "~>") t.op = "~";
            std::string ver = m[2].str();
            if (!ver.empty() && ver[0] == 'v') ver = ver.substr(1);
            std::string core = ver, tail;
            auto dash = ver.find_first_of("-+");
            if (dash != std::string::npos) {
                core = ver.substr(0, dash);
                tail = ver.substr(dash);
            }
            auto parts = splitDots(core);
            if (isX(parts[0])) {
                core = "0.0.0";
                t.dirty = t.minorDirty = t.patchDirty = true;
            } else if (parts.size() < 2 || isX(parts[1])) {
                core = parts[0] + ".0.0";
                t.dirty = t.minorDirty = t.patchDirty = true;
            } else if (parts.size() < 3 || isX(parts[2])) {
                core = parts[0] + "." + parts[1] + ".0";
                t.dirty = t.patchDirty = true;
            }
            auto v = SemVersion::parse(core + tail);
            if (!v) throw std::invalid_argument("improper constraint: " + text);
            t.con = *v;
            group.push_back(t);
        }
        if (group.empty()) throw std::invalid_argument("improper constraint: " + text);
        groups_.push_back(group);
        if (bar == std::string::npos) break;
        start = bar + 2;
    }
}

bool SemConstraint::checkTerm(const Term& t, const SemVersion& v) {
    if (!v.prerelease.empty() && t.con.prerelease.empty()) return false;
    int cmp = v.compare(t.con);
    const std::string& op = t.op;
    if (op == "" || op == "=") {
        if (!t.dirty) return cmp == 0;
    }
    if (op == "" || op == "=" || op == "~") {
        if (cmp < 0) return false;
        if (t.con.major == 0 && t.con.minor == 0 && t.con.patch == 0 && !t.minorDirty && !t.patchDirty)
            return true;
        if (v.major != t.con.major) return false;
        if (v.minor != t.con.minor && !t.minorDirty) return false;
        return true;
    }
    if (op == "!=") {
        if (t.dirty) {
            if (t.con.major != v.major) return true;
            if (t.con.minor != v.minor && !t.minorDirty) return true;
            if (t.minorDirty) return false;
            if (t.con.patch != v.patch && !t.patchDirty) return true;
            if (t.patchDirty) return false;
        }
        return cmp != 0;
    }
    if (op == ">") {
        if (!t.dirty) return cmp > 0;
        if (v.major > t.con.major) return true;
        if (v.major < t.con.major) return false;
        if (t.minorDirty) return false;
        if (t.patchDirty) return v.minor > t.con.minor;
        return cmp > 0;
    }
    if (op == "<") return cmp < 0;
    if (op == ">=") return cmp >= 0;
    if (op == "<=") {
        if (!t.dirty) return cmp <= 0;
        if (v.major > t.con.major) return false;
        if (v.major == t.con.major && v.minor > t.con.minor && !t.minorDirty) return false;
        return true;
    }
    if (op == "^") {
        if (cmp < 0) return false;
        if (t.con.major > 0 || t.minorDirty) return v.major == t.con.major;
        if (t.con.minor > 0 || t.patchDirty) return v.major == 0 && v.minor == t.con.minor;
        return v.major == 0 && v.minor == 0 && v.patch == t.con.patch;
    }
    return false;
}

bool SemConstraint::check(const SemVersion& v) const {
    for (const auto& g : groups_) {
        bool all = true;
        for (const auto& t : g)
            all = all && checkTerm(t, v);
        if (all) return true;
    }
    return false;
}

} // namespace kmcp::helm::tmpl
