#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kmcp::helm {

// Go's path/filepath.Match: '*' and '?' never cross '/', [...] classes with '^' negation and
// ranges, '\' escapes. Malformed patterns never match.
bool globMatch(std::string_view pattern, std::string_view name);

// The rules of a chart's .helmignore, applied the way helm's pkg/ignore does: patterns without a
// slash match the base name, patterns with one match the whole chart-relative path, a trailing
// slash matches directories only, '!' negates. Hidden files under templates/ are always ignored.
class HelmIgnore {
public:
    HelmIgnore(); // the default rule only
    static HelmIgnore parse(std::string_view text);
    bool ignored(const std::string& path, bool isDir) const;

private:
    struct Rule {
        std::string pattern;
        bool negate = false;
        bool mustDir = false;
        enum class Mode { Base, Path } mode = Mode::Base;
    };
    void add(std::string line);
    std::vector<Rule> rules_;
};

} // namespace kmcp::helm
