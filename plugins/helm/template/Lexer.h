#pragma once

#include <string>
#include <vector>

namespace kmcp::helm::tmpl {

enum class Tok {
    Error,
    Eof,
    Text,
    LeftDelim,
    RightDelim,
    Space,
    Identifier,
    Field,
    Variable,
    Dot,
    String,
    RawString,
    Char,
    Number,
    Bool,
    Nil,
    Pipe,
    LeftParen,
    RightParen,
    Declare,
    Assign,
    Comma,
    Block,
    Break,
    Continue,
    Define,
    Else,
    End,
    If,
    Range,
    Template,
    With,
};

struct Token {
    Tok type;
    size_t pos;
    std::string val;
    int line;
};

// Go text/template lexer with {{- -}} trimming and comments; stops at the first error token.
std::vector<Token> lex(const std::string& input);

// Go's item.String() for error messages ("EOF", `"}"`, "<end>", ...).
std::string tokenString(const Token& t);

} // namespace kmcp::helm::tmpl
