#include "Semver.hpp"

#include <regex>
#include <stdexcept>

namespace kmcp::helm {

namespace {

int comparePre(const std::string& a, const std::string& b) {
    if (a == b) return 0;
    if (a.empty()) return 1;
    if (b.empty()) return -1;
    size_t i = 0, j = 0;
    while (i <= a.size() && j <= b.size()) {
        auto ea = a.find('.', i), eb = b.find('.', j);
        auto pa = a.substr(i, ea == std::string::npos ? std::string::npos : ea - i);
        auto pb = b.substr(j, eb == std::string::npos ? std::string::npos : eb - j);
        bool na = !pa.empty() && pa.find_first_not_of("0123456789") == std::string::npos;
        bool nb = !pb.empty() && pb.find_first_not_of("0123456789") == std::string::npos;
        if (na && nb) {
            auto x = std::stoull(pa), y = std::stoull(pb);
            if (x != y) return x < y ? -1 : 1;
        } else if (na != nb) {
            return na ? -1 : 1;
        } else if (pa != pb) {
            return pa < pb ? -1 : 1;
        }
        if (ea == std::string::npos || eb == std::string::npos) {
            if (ea == eb) return 0;
            return ea == std::string::npos ? -1 : 1;
        }
        i = ea + 1;
        j = eb + 1;
    }
    return 0;
}

bool isWild(const std::string& s) {
    return s.empty() || s == "x" || s == "X" || s == "*";
}

} // namespace

std::optional<Semver> Semver::parse(const std::string& text) {
    static const std::regex re("v?([0-9]+)(\\.[0-9]+)?(\\.[0-9]+)?"
                               "(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?"
                               "(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?");
    std::smatch m;
    if (!std::regex_match(text, m, re)) return std::nullopt;
    Semver v;
    try {
        v.major = std::stoull(m[1]);
        if (m[2].matched) v.minor = std::stoull(m[2].str().substr(1));
        if (m[3].matched) v.patch = std::stoull(m[3].str().substr(1));
    } catch (const std::exception&) {
        return std::nullopt;
    }
    v.prerelease = m[5];
    v.metadata = m[8];
    return v;
}

int Semver::compare(const Semver& o) const {
    if (major != o.major) return major < o.major ? -1 : 1;
    if (minor != o.minor) return minor < o.minor ? -1 : 1;
    if (patch != o.patch) return patch < o.patch ? -1 : 1;
    return comparePre(prerelease, o.prerelease);
}

std::string Semver::str() const {
    auto s = std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
    if (!prerelease.empty()) s += "-" + prerelease;
    if (!metadata.empty()) s += "+" + metadata;
    return s;
}

SemverConstraint SemverConstraint::parse(const std::string& text) {
    SemverConstraint c;
    static const std::regex partRe(
        "\\s*(\\^|~>|~|>=|<=|!=|=>|=<|>|<|=)?\\s*v?([0-9xX*]+)(\\.([0-9xX*]+))?(\\.([0-9xX*]+))?"
        "(-[0-9A-Za-z\\-.]+)?(\\+[0-9A-Za-z\\-.]+)?");
    size_t start = 0;
    while (true) {
        auto bar = text.find("||", start);
        auto group = text.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
        std::vector<Cmp> ands;
        // Hyphen ranges "a - b" become >=a <=b.
        static const std::regex hyphen("\\s*(\\S+)\\s+-\\s+(\\S+)\\s*");
        std::smatch hm;
        if (std::regex_match(group, hm, hyphen)) group = ">=" + hm[1].str() + " <=" + hm[2].str();
        std::string norm;
        for (size_t i = 0; i < group.size(); ++i)
            norm += group[i] == ',' ? ' ' : group[i];
        auto it = std::sregex_iterator(norm.begin(), norm.end(), partRe);
        size_t consumed = 0;
        for (; it != std::sregex_iterator(); ++it) {
            const auto& m = *it;
            if (norm.substr(consumed, m.position() - consumed).find_first_not_of(" \t") != std::string::npos)
                throw std::invalid_argument("improper constraint: " + text);
            consumed = m.position() + m.length();
            std::string op = m[1];
            std::string ma = m[2], mi = m[3].matched ? m[4].str() : "", pa = m[5].matched ? m[6].str() : "";
            std::string pre = m[7].matched ? m[7].str().substr(1) : "";
            if (op == "=>") op = ">=";
            if (op == "=<") op = "<=";
            if (op == "~>") op = "~";
            Semver v;
            auto num = [](const std::string& s) { return isWild(s) ? 0ULL : std::stoull(s); };
            v.major = num(ma);
            v.minor = num(mi);
            v.patch = num(pa);
            v.prerelease = pre;
            bool wildMajor = isWild(ma), wildMinor = isWild(mi), wildPatch = isWild(pa);
            Semver upper = v;
            upper.prerelease.clear();
            if (op.empty() || op == "=") {
                if (wildMajor) {
                    ands.push_back({">=", Semver{}});
                } else if (wildMinor || wildPatch) {
                    ands.push_back({">=", v});
                    if (wildMinor)
                        upper = Semver{v.major + 1, 0, 0, "", ""};
                    else
                        upper = Semver{v.major, v.minor + 1, 0, "", ""};
                    ands.push_back({"<", upper});
                } else {
                    ands.push_back({"=", v});
                }
            } else if (op == "^") {
                ands.push_back({">=", v});
                if (v.major > 0 || wildMinor)
                    upper = Semver{v.major + 1, 0, 0, "", ""};
                else if (v.minor > 0 || wildPatch)
                    upper = Semver{0, v.minor + 1, 0, "", ""};
                else
                    upper = Semver{0, 0, v.patch + 1, "", ""};
                ands.push_back({"<", upper});
            } else if (op == "~") {
                ands.push_back({">=", v});
                upper =
                    wildMinor ? Semver{v.major + 1, 0, 0, "", ""} : Semver{v.major, v.minor + 1, 0, "", ""};
                ands.push_back({"<", upper});
            } else if ((op == ">" || op == "<=") && (wildMinor || wildPatch) && !wildMajor) {
                // ">1.x" means ">=2.0.0"; "<=1.2.x" means "<1.3.0".
                upper =
                    wildMinor ? Semver{v.major + 1, 0, 0, "", ""} : Semver{v.major, v.minor + 1, 0, "", ""};
                ands.push_back({op == ">" ? ">=" : "<", upper});
            } else {
                ands.push_back({op, v});
            }
        }
        if (norm.substr(consumed).find_first_not_of(" \t") != std::string::npos || ands.empty())
            throw std::invalid_argument("improper constraint: " + text);
        c.any_.push_back(ands);
        if (bar == std::string::npos) break;
        start = bar + 2;
    }
    return c;
}

bool SemverConstraint::matches(const Semver& v) const {
    for (const auto& ands : any_) {
        bool ok = true;
        bool preAllowed = v.prerelease.empty();
        for (const auto& c : ands) {
            if (!c.v.prerelease.empty()) preAllowed = true;
            int r = v.compare(c.v);
            bool m = c.op == "="    ? r == 0
                     : c.op == "!=" ? r != 0
                     : c.op == ">"  ? r > 0
                     : c.op == ">=" ? r >= 0
                     : c.op == "<"  ? r < 0
                                    : r <= 0;
            if (!m) {
                ok = false;
                break;
            }
        }
        if (ok && preAllowed) return true;
    }
    return false;
}

} // namespace kmcp::helm
