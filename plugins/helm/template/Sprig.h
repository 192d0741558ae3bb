#pragma once

#include "Function.h"

namespace kmcp::helm::tmpl {

// Sprig (Masterminds/sprig v3) function groups, as Helm exposes them.
void installSprigStrings(FuncMap& fns);
void installSprigRegex(FuncMap& fns);
void installSprigLists(FuncMap& fns);
void installSprigDicts(FuncMap& fns);
void installSprigMath(FuncMap& fns);
void installSprigEncoding(FuncMap& fns);
void installSprigDefaults(FuncMap& fns);
void installSprigSemver(FuncMap& fns);
void installSprigDates(FuncMap& fns);
void installSprigCrypto(FuncMap& fns);

} // namespace kmcp::helm::tmpl
