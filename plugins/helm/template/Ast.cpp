#include "Ast.h"

#include "GoFormat.h"

namespace kmcp::helm::tmpl {

namespace {

std::string joinPath(const std::vector<std::string>& ident, bool leadingDot) {
    std::string out;
    for (size_t i = 0; i < ident.size(); ++i) {
        if (i > 0 || leadingDot) out += '.';
        out += ident[i];
    }
    return out;
}

} // namespace

std::string Node::toString() const {
    switch (type) {
    case NodeType::Text:
        return text;
    case NodeType::Action:
        return "{{" + pipe->toString() + "}}";
    case NodeType::Break:
        return "{{break}}";
    case NodeType::Continue:
        return "{{continue}}";
    case NodeType::Template:
        return "{{template " + goQuote(text) + (pipe ? " " + pipe->toString() : "") + "}}";
    case NodeType::If:
    case NodeType::Range:
    case NodeType::With: {
        std::string kw = type == NodeType::If ? "if" : (type == NodeType::Range ? "range" : "with");
        std::string out = "{{" + kw + " " + pipe->toString() + "}}" + list->toString();
        if (elseList) out += "{{else}}" + elseList->toString();
        return out + "{{end}}";
    }
    case NodeType::List: {
        std::string out;
        for (const auto& n : nodes)
            out += n->toString();
        return out;
    }
    case NodeType::Pipe: {
        std::string out;
        for (size_t i = 0; i < decl.size(); ++i) {
            if (i > 0) out += ", ";
            out += decl[i]->toString();
        }
        if (!decl.empty()) out += isAssign ? " = " : " := ";
        for (size_t i = 0; i < nodes.size(); ++i) {
            if (i > 0) out += " | ";
            out += nodes[i]->toString();
        }
        return out;
    }
    case NodeType::Command: {
        std::string out;
        for (size_t i = 0; i < nodes.size(); ++i) {
            if (i > 0) out += ' ';
            if (nodes[i]->type == NodeType::Pipe)
                out += "(" + nodes[i]->toString() + ")";
            else
                out += nodes[i]->toString();
        }
        return out;
    }
    case NodeType::Field:
        return joinPath(ident, true);
    case NodeType::Variable:
        return joinPath(ident, false);
    case NodeType::Dot:
        return ".";
    case NodeType::Nil:
        return "nil";
    case NodeType::Bool:
        return boolVal ? "true" : "false";
    case NodeType::Number:
    case NodeType::String:
    case NodeType::Identifier:
        return text;
    case NodeType::Chain: {
        std::string b = base->type == NodeType::Pipe ? "(" + base->toString() + ")" : base->toString();
        return b + joinPath(ident, true);
    }
    }
    return "";
}

std::pair<int, int> Tree::location(size_t pos) const {
    const std::string& s = *source;
    if (pos > s.size()) pos = s.size();
    int line = 1;
    size_t lastNl = std::string::npos;
    for (size_t i = 0; i < pos; ++i) {
        if (s[i] == '\n') {
            ++line;
            lastNl = i;
        }
    }
    int col = lastNl == std::string::npos ? static_cast<int>(pos) : static_cast<int>(pos - lastNl - 1);
    return {line, col};
}

bool Tree::isEmpty() const {
    if (!root) return true;
    for (const auto& n : root->nodes) {
        if (n->type != NodeType::Text) return false;
        for (char c : n->text)
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return false;
    }
    return true;
}

} // namespace kmcp::helm::tmpl
