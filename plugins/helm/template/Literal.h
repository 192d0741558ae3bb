#pragma once

#include "Ast.h"

#include <string>

namespace kmcp::helm::tmpl {

// Go strconv.Unquote for "..." , `...` and '...' literals.
bool unquoteGo(const std::string& lit, std::string& out, std::string& err);
// Fills isInt/isFloat/intVal/floatVal of a number node the way text/template/parse does.
bool parseNumberLiteral(const std::string& text, bool isChar, Node& n, std::string& err);

} // namespace kmcp::helm::tmpl
