#pragma once

#include "Function.h"

#include <string>
#include <vector>

namespace kmcp::helm::tmpl {

// Builds a Function from a plain callable over already-converted arguments.
Function makeFunc(std::vector<ArgType> params, bool variadic, std::function<Value(ValueList&)> f);

// Conversions with the semantics of spf13/cast and Sprig's helpers.
int64_t toInt64(const Value& v);
double toFloat64(const Value& v);
// Sprig's strval: strings as-is, []byte as text, everything else through fmt's %v.
std::string strval(const Value& v);
// Sprig's strslice: []string stays, other slices map strval over non-nil items, nil → [].
std::vector<std::string> strslice(const Value& v);
// Elements of any slice value; throws FuncError("Cannot <what> on type <kind>") otherwise.
const ValueList& requireList(const Value& v, const std::string& what);
// Sprig's `empty`.
bool isEmpty(const Value& v);
// reflect.DeepEqual on template values.
bool deepEqual(const Value& a, const Value& b);

// Go's path.Clean / path.Base / path.Dir (slash-separated, lexical).
std::string pathClean(const std::string& p);
std::string pathBase(std::string p);
std::string pathDir(const std::string& p);

std::string joinStrings(const std::vector<std::string>& parts, const std::string& sep);
std::vector<std::string> splitString(const std::string& s, const std::string& sep, int n = -1);

} // namespace kmcp::helm::tmpl
