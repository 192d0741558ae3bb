#pragma once

#include "Value.h"

#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

namespace kmcp::helm::tmpl {

// Go parameter types of template functions. The engine converts and checks arguments against them
// the way text/template does (`wrong type for value; expected int; got float64`).
enum class ArgType : int { Any, String, Int, Int64, Float64, Bool, StringList, List, Map };

// What a running template offers to functions that re-enter the engine (include, tpl).
class CallContext {
public:
    virtual ~CallContext() = default;
    virtual std::string include(const std::string& name, const Value& data) = 0;
    virtual std::string tpl(const std::string& text, const Value& data) = 0;
};

struct Function {
    std::vector<ArgType> params;
    // When true the last entry of params repeats (Go `...T`).
    bool variadic = false;
    std::function<Value(CallContext&, ValueList&)> impl;
    // Go's `and`/`or`: arguments are evaluated lazily and the deciding one is returned.
    enum class Lazy { None, And, Or } lazy = Lazy::None;
};

using FuncMap = std::unordered_map<std::string, Function>;

// Go spelling of a parameter type, used in error messages.
std::string argTypeName(ArgType t);

} // namespace kmcp::helm::tmpl
