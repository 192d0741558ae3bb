#pragma once

#include "Value.h"

#include <map>
#include <string>

namespace kmcp::helm::tmpl {

// Helm's `.Files`: the chart's non-template files by path, with Get, GetBytes, Glob, Lines,
// AsConfig and AsSecrets. Like Helm's map type it can also be ranged over and indexed.
class Files : public Object {
public:
    explicit Files(std::map<std::string, std::string> files) : files_(std::move(files)) {}

    std::string typeName() const override { return "engine.files"; }
    std::string kindName() const override { return "map"; }
    std::optional<std::vector<ArgType>> methodParams(const std::string& name) const override;
    Value call(const std::string& name, ValueList& args) const override;
    std::string format() const override;
    bool truthy() const override { return !files_.empty(); }
    Value marshal() const override;
    std::optional<Value> asData() const override { return marshal(); }

    const std::map<std::string, std::string>& files() const { return files_; }

private:
    std::map<std::string, std::string> files_;
};

// gobwas/glob matching with '/' as separator: `*` and `?` stay within a path segment, `**`
// crosses segments, plus `[a-z]`, `[!x]` and `{a,b}`. An invalid pattern matches everything, as
// Helm falls back to "**".
bool globMatch(const std::string& pattern, const std::string& name);

} // namespace kmcp::helm::tmpl
