#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace kmcp::helm::tmpl {

// Parse tree of one template, mirroring Go's text/template/parse node kinds.
enum class NodeType {
    Text,
    Action,
    If,
    Range,
    With,
    Template,
    Break,
    Continue,
    List,
    Pipe,
    Command,
    Field,
    Variable,
    Dot,
    Nil,
    Bool,
    Number,
    String,
    Identifier,
    Chain,
};

struct Node;
using NodePtr = std::shared_ptr<Node>;

struct Node {
    NodeType type;
    size_t pos = 0;
    std::string text;               // Text body, identifier name, literal source, template name
    std::string str;                // unquoted string literal
    std::vector<std::string> ident; // field / variable / chain path
    std::vector<NodePtr> nodes;     // List items, Pipe commands, Command args
    std::vector<NodePtr> decl;      // Pipe variables
    bool isAssign = false;
    NodePtr pipe;           // Action, If, Range, With, Template
    NodePtr list, elseList; // If, Range, With
    NodePtr base;           // Chain base
    bool boolVal = false;
    bool isInt = false, isFloat = false, isChar = false;
    int64_t intVal = 0;
    double floatVal = 0;

    explicit Node(NodeType t, size_t p = 0) : type(t), pos(p) {}
    // Go's Node.String(), used in error contexts.
    std::string toString() const;
};

// A parsed template: its name, the file it came from (ParseName) and its source for positions.
struct Tree {
    std::string name;
    std::string parseName;
    std::shared_ptr<const std::string> source;
    NodePtr root;
    // line:col of a byte offset, as Go reports them (line 1-based, column 0-based bytes).
    std::pair<int, int> location(size_t pos) const;
    bool isEmpty() const;
};

} // namespace kmcp::helm::tmpl
