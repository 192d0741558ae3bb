#pragma once

#include "Ast.h"

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace kmcp::helm::tmpl {

class ParseError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Parses one source file. The first tree is the file itself (named `name`); the rest are the
// templates it defines with {{define}} or {{block}}. Throws ParseError with Go's message format
// ("template: NAME:LINE: MSG").
std::vector<std::shared_ptr<Tree>> parseTemplate(const std::string& name, const std::string& text,
                                                 const std::function<bool(const std::string&)>& hasFunction);

} // namespace kmcp::helm::tmpl
