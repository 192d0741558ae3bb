#pragma once

#include "Function.h"

namespace kmcp::helm::tmpl {

// Go text/template's predefined functions: and, or, not, len, index, slice, print, printf,
// println, html, js, urlquery, eq, ne, lt, le, gt, ge, call.
void installBuiltins(FuncMap& fns);

// Go's eq / lt on two values; throw FuncError with Go's messages on incompatible kinds.
bool goEqual(const Value& a, const Value& b);
bool goLess(const Value& a, const Value& b);

} // namespace kmcp::helm::tmpl
