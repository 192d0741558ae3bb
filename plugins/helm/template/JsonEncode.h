#pragma once

#include "Value.h"

#include <string>

namespace kmcp::helm::tmpl {

struct JsonStyle {
    bool escapeHtml = true; // json.Marshal escapes <, >, & as \u003c...
    std::string indent;     // json.MarshalIndent's indent ("" = compact)
};

// encoding/json's rendering of a value: sorted keys, []byte as base64, floats in Go's format.
std::string goJsonMarshal(const Value& v, const JsonStyle& style = {});
// encoding/json's float text ("8080", "1.5", "1e+21", "1e-07").
std::string goJsonFloat(double d);
std::string goJsonBase64(const std::string& raw);

} // namespace kmcp::helm::tmpl
