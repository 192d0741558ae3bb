#pragma once

#include "Ast.h"
#include "Function.h"
#include "Value.h"

#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace kmcp::helm::tmpl {

// A template execution failure, formatted like Go's ExecError:
// `template: FILE:LINE:COL: executing "NAME" at <CONTEXT>: MESSAGE`.
class ExecError : public std::runtime_error {
public:
    ExecError(std::string full, std::string parseName, int line, int col, std::string templateName,
              std::string context, std::string message)
        : std::runtime_error(std::move(full)), parseName(std::move(parseName)), line(line), col(col),
          templateName(std::move(templateName)), context(std::move(context)), message(std::move(message)) {}
    std::string parseName;
    int line;
    int col;
    std::string templateName;
    std::string context;
    std::string message;
};

// Error without a template position (unknown template, recursion limit).
class TemplateError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class MissingKey { Zero, Error };

// A namespace of named templates sharing one function map, like a Go *template.Template with its
// associated templates. Copying is cheap (trees are shared) and gives an independent namespace,
// which is how `tpl` parses strings without leaking their defines.
class TemplateSet {
public:
    // `rootName` is the name Go would give the root template (Helm uses "gotpl").
    explicit TemplateSet(std::string rootName = "gotpl");

    // Adds or replaces a function; Go builtins (and, or, eq, index, printf, ...) are preinstalled.
    void addFunction(const std::string& name, Function fn);
    void addFunctions(const FuncMap& fns);
    bool hasFunction(const std::string& name) const;
    const Function* function(const std::string& name) const;

    // Parses `text` as template `name` plus the templates it defines. Later definitions replace
    // earlier ones unless the new body is empty, as in Go. Throws ParseError.
    void parse(const std::string& name, const std::string& text);
    bool has(const std::string& name) const;
    std::vector<std::string> names() const;
    std::shared_ptr<const Tree> lookup(const std::string& name) const;

    void setMissingKey(MissingKey mk) { missingKey_ = mk; }
    MissingKey missingKey() const { return missingKey_; }
    const std::string& rootName() const { return rootName_; }

    // Runs template `name` with `dot` as data. Throws ExecError / TemplateError.
    std::string execute(const std::string& name, const Value& dot) const;

    // Limit on nested `include` of the same template (Helm: 1000).
    int includeLimit = 1000;

private:
    friend class Executor;
    std::string rootName_;
    MissingKey missingKey_ = MissingKey::Zero;
    std::shared_ptr<FuncMap> funcs_;
    std::map<std::string, std::shared_ptr<const Tree>> trees_;
};

} // namespace kmcp::helm::tmpl
