#include "Parser.h"

#include "Lexer.h"
#include "Literal.h"

namespace kmcp::helm::tmpl {

namespace {

class Parser {
public:
    Parser(const std::string& name, const std::string& text,
           const std::function<bool(const std::string&)>& hasFn)
        : name_(name), source_(std::make_shared<const std::string>(text)), hasFunction_(hasFn),
          toks_(lex(text)) {}

    std::vector<std::shared_ptr<Tree>> run() {
        auto main = newTree(name_);
        main->root = std::make_shared<Node>(NodeType::List, 0);
        while (peek().type != Tok::Eof) {
            if (peek().type == Tok::LeftDelim) {
                size_t save = idx_;
                next();
                if (nextNonSpace().type == Tok::Define) {
                    parseDefinition();
                    continue;
                }
                idx_ = save;
            }
            auto n = textOrAction();
            if (n->type == NodeType::Text && n->text == "\x01end") errorf("unexpected {{end}}");
            if (n->type == NodeType::Text && n->text == "\x01else") errorf("unexpected {{else}}");
            main->root->nodes.push_back(n);
        }
        std::vector<std::shared_ptr<Tree>> out{main};
        out.insert(out.end(), defined_.begin(), defined_.end());
        return out;
    }

private:
    std::string name_;
    std::shared_ptr<const std::string> source_;
    const std::function<bool(const std::string&)>& hasFunction_;
    std::vector<Token> toks_;
    size_t idx_ = 0;
    std::vector<std::string> vars_{"$"};
    int rangeDepth_ = 0;
    std::vector<std::shared_ptr<Tree>> defined_;

    std::shared_ptr<Tree> newTree(const std::string& n) {
        auto t = std::make_shared<Tree>();
        t->name = n;
        t->parseName = name_;
        t->source = source_;
        return t;
    }

    const Token& peek() {
        const Token& t = toks_[idx_ < toks_.size() ? idx_ : toks_.size() - 1];
        if (t.type == Tok::Error) errorAt(t, t.val);
        return t;
    }
    Token next() {
        Token t = peek();
        if (idx_ < toks_.size()) ++idx_;
        return t;
    }
    void backup() { --idx_; }
    Token nextNonSpace() {
        Token t = next();
        while (t.type == Tok::Space)
            t = next();
        return t;
    }
    Token peekNonSpace() {
        Token t = nextNonSpace();
        backup();
        return t;
    }

    int currentLine() const {
        size_t i = idx_ == 0 ? 0 : idx_ - 1;
        if (i >= toks_.size()) i = toks_.size() - 1;
        return toks_[i].line;
    }
    [[noreturn]] void errorAt(const Token& t, const std::string& msg) {
        throw ParseError("template: " + name_ + ":" + std::to_string(t.line) + ": " + msg);
    }
    [[noreturn]] void errorf(const std::string& msg) {
        throw ParseError("template: " + name_ + ":" + std::to_string(currentLine()) + ": " + msg);
    }
    [[noreturn]] void unexpected(const Token& t, const std::string& context) {
        errorf("unexpected " + tokenString(t) + " in " + context);
    }
    Token expect(Tok type, const std::string& context) {
        Token t = nextNonSpace();
        if (t.type != type) unexpected(t, context);
        return t;
    }

    void parseDefinition() {
        const std::string context = "define clause";
        Token nameTok = nextNonSpace();
        if (nameTok.type != Tok::String && nameTok.type != Tok::RawString) unexpected(nameTok, context);
        auto tree = newTree(unquoteOrThrow(nameTok));
        expect(Tok::RightDelim, context);
        auto savedVars = vars_;
        vars_ = {"$"};
        auto [list, end] = itemList();
        vars_ = savedVars;
        if (end != NodeType::List) errorf("unexpected {{else}} in " + context);
        tree->root = list;
        defined_.push_back(tree);
    }

    std::string unquoteOrThrow(const Token& t) {
        std::string out;
        std::string err;
        if (!unquoteGo(t.val, out, err)) errorf(err);
        return out;
    }

    // Parses items until {{end}} or {{else}}; returns the list and which one ended it
    // (NodeType::List for end, NodeType::If as a marker for else).
    std::pair<NodePtr, NodeType> itemList() {
        auto list = std::make_shared<Node>(NodeType::List, peekNonSpace().pos);
        while (peekNonSpace().type != Tok::Eof) {
            auto n = textOrAction();
            if (n->type == NodeType::Text && n->text == "\x01end") return {list, NodeType::List};
            if (n->type == NodeType::Text && n->text == "\x01else") return {list, NodeType::If};
            list->nodes.push_back(n);
        }
        errorf("unexpected EOF");
    }

    NodePtr textOrAction() {
        Token t = nextNonSpace();
        if (t.type == Tok::Text) {
            auto n = std::make_shared<Node>(NodeType::Text, t.pos);
            n->text = t.val;
            return n;
        }
        if (t.type == Tok::LeftDelim) return action();
        unexpected(t, "input");
    }

    NodePtr marker(const char* what, size_t pos) {
        auto n = std::make_shared<Node>(NodeType::Text, pos);
        n->text = what;
        return n;
    }

    NodePtr action() {
        Token t = nextNonSpace();
        switch (t.type) {
        case Tok::Block:
            return blockControl(t);
        case Tok::Break:
        case Tok::Continue: {
            bool isBreak = t.type == Tok::Break;
            if (rangeDepth_ == 0)
                errorf(std::string("{{") + (isBreak ? "break" : "continue") + "}} outside {{range}}");
            expect(Tok::RightDelim, isBreak ? "{{break}}" : "{{continue}}");
            return std::make_shared<Node>(isBreak ? NodeType::Break : NodeType::Continue, t.pos);
        }
        case Tok::Else: {
            Token p = peekNonSpace();
            if (p.type != Tok::If && p.type != Tok::With) expect(Tok::RightDelim, "else");
            return marker("\x01else", t.pos);
        }
        case Tok::End:
            expect(Tok::RightDelim, "end");
            return marker("\x01end", t.pos);
        case Tok::If:
            return control(NodeType::If, "if", t.pos, true);
        case Tok::Range:
            return control(NodeType::Range, "range", t.pos, false);
        case Tok::With:
            return control(NodeType::With, "with", t.pos, true);
        case Tok::Template:
            return templateControl(t);
        default:
            break;
        }
        backup();
        auto n = std::make_shared<Node>(NodeType::Action, t.pos);
        n->pipe = pipeline("command", Tok::RightDelim);
        return n;
    }

    NodePtr control(NodeType type, const std::string& context, size_t pos, bool allowElseIf) {
        size_t varMark = vars_.size();
        auto n = std::make_shared<Node>(type, pos);
        n->pipe = pipeline(context, Tok::RightDelim);
        if (type == NodeType::Range) ++rangeDepth_;
        auto [list, end] = itemList();
        if (type == NodeType::Range) --rangeDepth_;
        n->list = list;
        if (end == NodeType::If) {
            Token p = peekNonSpace();
            bool chained = (type == NodeType::If && p.type == Tok::If) ||
                           (type == NodeType::With && p.type == Tok::With);
            if (allowElseIf && chained) {
                Token kw = nextNonSpace();
                auto elseList = std::make_shared<Node>(NodeType::List, kw.pos);
                bool isIf = kw.type == Tok::If;
                elseList->nodes.push_back(
                    control(isIf ? NodeType::If : NodeType::With, isIf ? "if" : "with", kw.pos, true));
                n->elseList = elseList;
            } else {
                auto [elseList, end2] = itemList();
                if (end2 != NodeType::List) errorf("expected end; found {{else}}");
                n->elseList = elseList;
            }
        }
        vars_.resize(varMark);
        return n;
    }

    NodePtr templateControl(const Token& t) {
        const std::string context = "template clause";
        Token nameTok = nextNonSpace();
        if (nameTok.type != Tok::String && nameTok.type != Tok::RawString) unexpected(nameTok, context);
        auto n = std::make_shared<Node>(NodeType::Template, t.pos);
        n->text = unquoteOrThrow(nameTok);
        if (nextNonSpace().type != Tok::RightDelim) {
            backup();
            n->pipe = pipeline(context, Tok::RightDelim);
        }
        return n;
    }

    NodePtr blockControl(const Token& t) {
        const std::string context = "block clause";
        Token nameTok = nextNonSpace();
        if (nameTok.type != Tok::String && nameTok.type != Tok::RawString) unexpected(nameTok, context);
        auto n = std::make_shared<Node>(NodeType::Template, t.pos);
        n->text = unquoteOrThrow(nameTok);
        n->pipe = pipeline(context, Tok::RightDelim);
        auto tree = newTree(n->text);
        auto savedVars = vars_;
        vars_ = {"$"};
        int savedDepth = rangeDepth_;
        rangeDepth_ = 0;
        auto [list, end] = itemList();
        rangeDepth_ = savedDepth;
        vars_ = savedVars;
        if (end != NodeType::List) errorf("unexpected {{else}} in " + context);
        tree->root = list;
        defined_.push_back(tree);
        return n;
    }

    NodePtr pipeline(const std::string& context, Tok end) {
        auto pipe = std::make_shared<Node>(NodeType::Pipe, peekNonSpace().pos);
        Token v = peekNonSpace();
        if (v.type == Tok::Variable) {
            while (true) {
                size_t save = idx_;
                Token var = nextNonSpace();
                if (var.type != Tok::Variable) {
                    idx_ = save;
                    break;
                }
                Token nx = peekNonSpace();
                if (nx.type == Tok::Assign || nx.type == Tok::Declare) {
                    pipe->isAssign = nx.type == Tok::Assign;
                    nextNonSpace();
                    pipe->decl.push_back(variableNode(var, false));
                    vars_.push_back(var.val);
                    break;
                }
                if (nx.type == Tok::Comma) {
                    nextNonSpace();
                    pipe->decl.push_back(variableNode(var, false));
                    vars_.push_back(var.val);
                    if (context == "range" && pipe->decl.size() < 2) {
                        Token after = peekNonSpace();
                        if (after.type == Tok::Variable) continue;
                        errorf("range can only initialize variables");
                    }
                    errorf("too many declarations in " + context);
                }
                idx_ = save;
                break;
            }
        }
        while (true) {
            Token t = nextNonSpace();
            if (t.type == end) {
                checkPipeline(pipe, context);
                return pipe;
            }
            switch (t.type) {
            case Tok::Bool:
            case Tok::Char:
            case Tok::Dot:
            case Tok::Field:
            case Tok::Identifier:
            case Tok::Number:
            case Tok::Nil:
            case Tok::RawString:
            case Tok::String:
            case Tok::Variable:
            case Tok::LeftParen:
                backup();
                pipe->nodes.push_back(command());
                break;
            default:
                unexpected(t, context);
            }
        }
    }

    void checkPipeline(const NodePtr& pipe, const std::string& context) {
        if (pipe->nodes.empty()) errorf("missing value for " + context);
        for (size_t i = 1; i < pipe->nodes.size(); ++i) {
            switch (pipe->nodes[i]->nodes[0]->type) {
            case NodeType::Bool:
            case NodeType::Dot:
            case NodeType::Nil:
            case NodeType::Number:
            case NodeType::String:
                errorf("non executable command in pipeline stage " + std::to_string(i + 1));
            default:
                break;
            }
        }
    }

    NodePtr command() {
        auto cmd = std::make_shared<Node>(NodeType::Command, peekNonSpace().pos);
        while (true) {
            peekNonSpace();
            if (auto op = operand()) cmd->nodes.push_back(op);
            Token t = next();
            if (t.type == Tok::Space) continue;
            if (t.type == Tok::RightDelim || t.type == Tok::RightParen)
                backup();
            else if (t.type != Tok::Pipe)
                unexpected(t, "operand");
            break;
        }
        if (cmd->nodes.empty()) errorf("empty command");
        return cmd;
    }

    NodePtr operand() {
        auto node = term();
        if (!node) return nullptr;
        if (peek().type == Tok::Field) {
            auto chain = std::make_shared<Node>(NodeType::Chain, peek().pos);
            chain->base = node;
            while (peek().type == Tok::Field)
                chain->ident.push_back(next().val.substr(1));
            switch (node->type) {
            case NodeType::Field:
            case NodeType::Variable: {
                // Go positions a chained field at its second element.
                auto n = std::make_shared<Node>(node->type, chain->pos);
                n->ident = node->ident;
                n->ident.insert(n->ident.end(), chain->ident.begin(), chain->ident.end());
                return n;
            }
            case NodeType::Bool:
            case NodeType::String:
            case NodeType::Number:
            case NodeType::Nil:
            case NodeType::Dot:
                errorf("unexpected . after term \"" + node->toString() + "\"");
            default:
                return chain;
            }
        }
        return node;
    }

    NodePtr variableNode(const Token& t, bool check) {
        auto n = std::make_shared<Node>(NodeType::Variable, t.pos);
        size_t start = 0;
        const std::string& s = t.val;
        while (start <= s.size()) {
            size_t dot = s.find('.', start);
            if (dot == std::string::npos) dot = s.size();
            n->ident.push_back(s.substr(start, dot - start));
            start = dot + 1;
        }
        if (check) {
            bool found = false;
            for (const auto& v : vars_)
                found = found || v == n->ident[0];
            if (!found) errorf("undefined variable \"" + n->ident[0] + "\"");
        }
        return n;
    }

    NodePtr term() {
        Token t = nextNonSpace();
        switch (t.type) {
        case Tok::Identifier: {
            if (!hasFunction_(t.val)) errorf("function \"" + t.val + "\" not defined");
            auto n = std::make_shared<Node>(NodeType::Identifier, t.pos);
            n->text = t.val;
            return n;
        }
        case Tok::Dot:
            return std::make_shared<Node>(NodeType::Dot, t.pos);
        case Tok::Nil:
            return std::make_shared<Node>(NodeType::Nil, t.pos);
        case Tok::Variable:
            return variableNode(t, true);
        case Tok::Field: {
            auto n = std::make_shared<Node>(NodeType::Field, t.pos);
            n->ident.push_back(t.val.substr(1));
            return n;
        }
        case Tok::Bool: {
            auto n = std::make_shared<Node>(NodeType::Bool, t.pos);
            n->boolVal = t.val == "true";
            return n;
        }
        case Tok::Char:
        case Tok::Number: {
            auto n = std::make_shared<Node>(NodeType::Number, t.pos);
            n->text = t.val;
            std::string err;
            if (!parseNumberLiteral(t.val, t.type == Tok::Char, *n, err)) errorf(err);
            return n;
        }
        case Tok::LeftParen: {
            auto p = pipeline("parenthesized pipeline", Tok::RightParen);
            return p;
        }
        case Tok::String:
        case Tok::RawString: {
            auto n = std::make_shared<Node>(NodeType::String, t.pos);
            n->text = t.val;
            n->str = unquoteOrThrow(t);
            return n;
        }
        default:
            break;
        }
        backup();
        return nullptr;
    }
};

} // namespace

std::vector<std::shared_ptr<Tree>> parseTemplate(const std::string& name, const std::string& text,
                                                 const std::function<bool(const std::string&)>& hasFunction) {
    return Parser(name, text, hasFunction).run();
}

} // namespace kmcp::helm::tmpl
