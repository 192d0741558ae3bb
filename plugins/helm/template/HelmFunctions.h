#pragma once

#include "TemplateSet.h"

#include <functional>
#include <string>

namespace kmcp::helm::tmpl {

// Host callback behind `lookup apiVersion kind namespace name`: returns the object (a map), a
// list object when name is empty, or an empty map when nothing is found. Throw FuncError to fail.
using LookupFn = std::function<Value(const std::string& apiVersion, const std::string& kind,
                                     const std::string& ns, const std::string& name)>;

struct HelmOptions {
    // Helm's --strict / lint strictness: missingkey=error instead of missingkey=zero.
    bool strict = false;
    // Helm's lint mode: `required` logs nothing and returns "" instead of failing.
    bool lintMode = false;
    // Without a callback `lookup` returns an empty map, as `helm template` does offline.
    LookupFn lookup;
};

// Installs Sprig's functions (without env/expandenv, as Helm removes them) and Helm's own:
// include, tpl, required, toYaml, mustToYaml, fromYaml, fromYamlArray, toJson, mustToJson,
// fromJson, fromJsonArray, toToml, lookup. Also sets the missing-key mode.
void installHelmFunctions(TemplateSet& set, const HelmOptions& options);

// Helm's toYaml: sigs.k8s.io/yaml output without the final newline ("" on failure).
std::string helmToYaml(const Value& v);

// Helm's rewriting of template errors into user-facing messages:
// "parse error at (FILE:LINE): MSG" and, for `required`, "execution error at (FILE:L:C): MSG".
std::string helmParseErrorMessage(const std::string& filename, const std::string& goError);
std::string helmExecErrorMessage(const std::string& filename, const std::string& goError);

} // namespace kmcp::helm::tmpl
