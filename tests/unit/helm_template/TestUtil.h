#pragma once

#include "TemplateSet.h"

#include <string>

namespace kmcp::helm::tmpl::test {

// Parses `src` as template "t" into a fresh set with Helm's function library and runs it.
std::string render(const std::string& src, const Value& dot = Value());
std::string render(const std::string& src, const nlohmann::json& dot);
// The error message `render` throws, or "" when it succeeds.
std::string renderError(const std::string& src, const nlohmann::json& dot = nullptr);
std::string renderError(const std::string& src, const Value& dot);

} // namespace kmcp::helm::tmpl::test
