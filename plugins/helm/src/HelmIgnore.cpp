#include "HelmIgnore.hpp"

#include <stdexcept>

namespace kmcp::helm {

namespace {

// Matches one [...] class at pattern[pi] (just after '['); returns false on a malformed class.
bool matchClass(std::string_view p, size_t& pi, char c, bool& matched) {
    bool negate = false;
    if (pi < p.size() && p[pi] == '^') {
        negate = true;
        ++pi;
    }
    bool any = false;
    bool first = true;
    while (pi < p.size() && (first || p[pi] != ']')) {
        first = false;
        char lo = p[pi];
        if (lo == '\\') {
            if (++pi >= p.size()) return false;
            lo = p[pi];
        }
        ++pi;
        char hi = lo;
        if (pi + 1 < p.size() && p[pi] == '-' && p[pi + 1] != ']') {
            hi = p[pi + 1];
            if (hi == '\\') {
                if (pi + 2 >= p.size()) return false;
                hi = p[pi + 2];
                ++pi;
            }
            pi += 2;
        }
        if (lo <= c && c <= hi) any = true;
    }
    if (pi >= p.size()) return false;
    ++pi; // ']'
    matched = any != negate;
    return true;
}

bool match(std::string_view p, size_t pi, std::string_view s, size_t si) {
    while (pi < p.size()) {
        char pc = p[pi];
        if (pc == '*') {
            while (pi < p.size() && p[pi] == '*')
                ++pi;
            for (size_t k = si;; ++k) {
                if (match(p, pi, s, k)) return true;
                if (k >= s.size() || s[k] == '/') return false;
            }
        }
        if (si >= s.size()) return false;
        if (pc == '?') {
            if (s[si] == '/') return false;
            ++pi;
            ++si;
            continue;
        }
        if (pc == '[') {
            ++pi;
            bool m = false;
            if (s[si] == '/' || !matchClass(p, pi, s[si], m) || !m) return false;
            ++si;
            continue;
        }
        if (pc == '\\') {
            if (++pi >= p.size()) return false;
            pc = p[pi];
        }
        if (pc != s[si]) return false;
        ++pi;
        ++si;
    }
    return si == s.size();
}

std::string baseName(const std::string& path) {
    auto slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

} // namespace

bool globMatch(std::string_view pattern, std::string_view name) {
    return match(pattern, 0, name, 0);
}

HelmIgnore::HelmIgnore() {
    add("templates/.?*");
}

HelmIgnore HelmIgnore::parse(std::string_view text) {
    HelmIgnore h;
    size_t pos = 0;
    while (pos <= text.size()) {
        auto nl = text.find('\n', pos);
        auto line =
            std::string(text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos));
        h.add(line);
        if (nl == std::string_view::npos) break;
        pos = nl + 1;
    }
    return h;
}

void HelmIgnore::add(std::string line) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
        line.pop_back();
    size_t start = line.find_first_not_of(" \t");
    if (start == std::string::npos) return;
    line = line.substr(start);
    if (line[0] == '#') return;
    if (line.find("**") != std::string::npos)
        throw std::runtime_error(".helmignore: double-star (**) syntax is not supported: " + line);
    Rule r;
    if (line[0] == '!') {
        r.negate = true;
        line = line.substr(1);
    }
    if (!line.empty() && line.back() == '/') {
        r.mustDir = true;
        line.pop_back();
    }
    if (!line.empty() && line[0] == '/') {
        line = line.substr(1);
        r.mode = Rule::Mode::Path;
    } else if (line.find('/') != std::string::npos) {
        r.mode = Rule::Mode::Path;
    }
    if (line.empty()) return;
    r.pattern = line;
    rules_.push_back(r);
}

bool HelmIgnore::ignored(const std::string& path, bool isDir) const {
    if (path.empty() || path == "." || path == "./") return false;
    for (const auto& r : rules_) {
        bool m =
            r.mode == Rule::Mode::Base ? globMatch(r.pattern, baseName(path)) : globMatch(r.pattern, path);
        if (r.negate) {
            // helm's quirk: a negated rule decides immediately for anything it does not match.
            if (r.mustDir && !isDir) return true;
            if (!m) return true;
            continue;
        }
        if (r.mustDir && !isDir) continue;
        if (m) return true;
    }
    return false;
}

} // namespace kmcp::helm
