#pragma once

#include "Value.h"

#include <string>

namespace kmcp::helm::tmpl {

// Go's strconv.FormatFloat(v, fmt, prec, 64); prec -1 means the shortest exact representation.
std::string formatFloat(double v, char fmt, int prec);
// Go's strconv.Quote.
std::string goQuote(const std::string& s);
// fmt's %v rendering of a value (nil prints as <nil>).
std::string formatValue(const Value& v);
// fmt.Sprint / fmt.Sprintln / fmt.Sprintf.
std::string goSprint(const ValueList& args);
std::string goSprintln(const ValueList& args);
std::string goSprintf(const std::string& format, const ValueList& args);

} // namespace kmcp::helm::tmpl
