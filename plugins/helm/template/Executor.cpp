#include "Executor.h"

#include "GoFormat.h"
#include "Parser.h"

namespace kmcp::helm::tmpl {

namespace {

constexpr int kMaxExecDepth = 100000;

} // namespace

Value idealConstant(const Node& n) {
    bool looksFloat = n.text.find_first_of(".eEpP") != std::string::npos;
    bool hex = n.text.size() > 1 &&
               (n.text.find("0x") != std::string::npos || n.text.find("0X") != std::string::npos);
    if (n.isFloat && !n.isChar && looksFloat && !hex) return Value(n.floatVal);
    if (n.isFloat && !n.isChar && looksFloat && hex && n.text.find_first_of("pP") != std::string::npos)
        return Value(n.floatVal);
    return Value(static_cast<int64_t>(n.intVal), Value::IntType::Int);
}

Executor::Executor(const TemplateSet& set,
                   std::shared_ptr<std::unordered_map<std::string, int>> includeCounts)
    : set_(set), includeCounts_(std::move(includeCounts)) {}

void Executor::errorf(const Node* at, const std::string& msg) const {
    std::string location = tree_->parseName;
    std::string context;
    int line = 0, col = 0;
    if (at) {
        auto lc = tree_->location(at->pos);
        line = lc.first;
        col = lc.second;
        location += ":" + std::to_string(line) + ":" + std::to_string(col);
        context = at->toString();
        if (context.size() > 20) context = context.substr(0, 20) + "...";
    }
    std::string full =
        "template: " + location + ": executing \"" + tree_->name + "\" at <" + context + ">: " + msg;
    throw ExecError(full, tree_->parseName, line, col, tree_->name, context, msg);
}

std::string Executor::run(const std::string& name, const Value& dot) {
    auto tree = set_.lookup(name);
    if (!tree) {
        throw TemplateError("template: no template \"" + name + "\" associated with template \"" +
                            set_.rootName() + "\"");
    }
    tree_ = tree.get();
    vars_ = {{"$", dot}};
    out_.clear();
    walk(dot, tree->root);
    return std::move(out_);
}

Executor::Flow Executor::walkList(const Value& dot, const NodePtr& list) {
    for (const auto& n : list->nodes) {
        Flow f = walk(dot, n);
        if (f != Flow::Normal) return f;
    }
    return Flow::Normal;
}

Executor::Flow Executor::walk(const Value& dot, const NodePtr& node) {
    switch (node->type) {
    case NodeType::Text:
        out_ += node->text;
        return Flow::Normal;
    case NodeType::Action: {
        Value v = evalPipeline(dot, *node->pipe);
        if (node->pipe->decl.empty()) printValue(v);
        return Flow::Normal;
    }
    case NodeType::Break:
        return Flow::Break;
    case NodeType::Continue:
        return Flow::Continue;
    case NodeType::If:
    case NodeType::With:
        return walkIfOrWith(dot, *node);
    case NodeType::Range:
        return walkRange(dot, *node);
    case NodeType::List:
        return walkList(dot, node);
    case NodeType::Template:
        walkTemplate(dot, *node);
        return Flow::Normal;
    default:
        errorf(node.get(), "unknown node: " + node->toString());
    }
}

Executor::Flow Executor::walkIfOrWith(const Value& dot, const Node& node) {
    size_t mark = vars_.size();
    Value val = evalPipeline(dot, *node.pipe);
    Flow f = Flow::Normal;
    if (val.truthy()) {
        f = walkList(node.type == NodeType::With ? val : dot, node.list);
    } else if (node.elseList) {
        f = walkList(dot, node.elseList);
    }
    vars_.resize(mark);
    return f;
}

Executor::Flow Executor::walkRange(const Value& dot, const Node& node) {
    size_t mark = vars_.size();
    Value val = evalPipeline(dot, *node.pipe);
    if (val.isObject())
        if (auto data = val.object()->asData()) val = *data;
    size_t ndecl = node.pipe->decl.size();
    auto iteration = [&](const Value& index, const Value& elem) -> bool {
        if (ndecl > 0) {
            if (node.pipe->isAssign) {
                if (ndecl > 1) {
                    setVariable(node.pipe->decl[0]->ident[0], index, node);
                    setVariable(node.pipe->decl[1]->ident[0], elem, node);
                } else {
                    setVariable(node.pipe->decl[0]->ident[0], elem, node);
                }
            } else {
                vars_[vars_.size() - 1].second = elem;
                if (ndecl > 1) vars_[vars_.size() - 2].second = index;
            }
        }
        size_t inner = vars_.size();
        Flow f = walkList(elem, node.list);
        vars_.resize(inner);
        return f != Flow::Break;
    };
    bool any = false;
    switch (val.kind()) {
    case Value::Kind::List: {
        ValueList items = val.list();
        for (size_t i = 0; i < items.size(); ++i) {
            any = true;
            if (!iteration(Value(static_cast<int>(i)), items[i])) break;
        }
        break;
    }
    case Value::Kind::Bytes: {
        std::string s = val.asString();
        for (size_t i = 0; i < s.size(); ++i) {
            any = true;
            if (!iteration(Value(static_cast<int>(i)),
                           Value(static_cast<int>(static_cast<unsigned char>(s[i])))))
                break;
        }
        break;
    }
    case Value::Kind::Map: {
        std::vector<std::pair<std::string, Value>> items(val.map().begin(), val.map().end());
        for (const auto& [k, v] : items) {
            any = true;
            if (!iteration(Value(k), v)) break;
        }
        break;
    }
    case Value::Kind::Int: {
        if (ndecl > 1)
            errorf(&node, "can't use " + formatValue(val) + " to iterate over more than one variable");
        for (int64_t i = 0; i < val.asInt(); ++i) {
            any = true;
            if (!iteration(Value(i, val.intType()), Value(i, val.intType()))) break;
        }
        break;
    }
    case Value::Kind::Nil:
        break;
    default:
        errorf(&node, "range can't iterate over " + formatValue(val));
    }
    Flow f = Flow::Normal;
    if (!any && node.elseList) f = walkList(dot, node.elseList);
    vars_.resize(mark);
    return f == Flow::Break || f == Flow::Continue ? Flow::Normal : f;
}

void Executor::walkTemplate(const Value& dot, const Node& node) {
    auto tree = set_.lookup(node.text);
    if (!tree) errorf(&node, "template \"" + node.text + "\" not defined");
    if (depth_ >= kMaxExecDepth)
        errorf(&node, "exceeded maximum template depth (" + std::to_string(kMaxExecDepth) + ")");
    Value newDot = node.pipe ? evalPipeline(dot, *node.pipe) : Value::invalid();
    auto savedVars = std::move(vars_);
    const Tree* savedTree = tree_;
    vars_ = {{"$", newDot}};
    tree_ = tree.get();
    ++depth_;
    walkList(newDot, tree->root);
    --depth_;
    tree_ = savedTree;
    vars_ = std::move(savedVars);
}

Value Executor::evalPipeline(const Value& dot, const Node& pipe) {
    Value value;
    bool have = false;
    for (const auto& cmd : pipe.nodes) {
        value = evalCommand(dot, *cmd, have ? &value : nullptr);
        have = true;
    }
    // Go unwraps interface values at the end of a pipeline; a nil interface becomes invalid.
    if (value.isNil()) value = Value::invalid();
    for (const auto& var : pipe.decl) {
        if (pipe.isAssign)
            setVariable(var->ident[0], value, *var);
        else
            vars_.emplace_back(var->ident[0], value);
    }
    return value;
}

void Executor::notAFunction(const std::vector<NodePtr>& args, const Value* final, const Node& at) {
    if (args.size() > 1 || final) errorf(&at, "can't give argument to non-function " + args[0]->toString());
}

Value Executor::evalCommand(const Value& dot, const Node& cmd, const Value* final) {
    const NodePtr& first = cmd.nodes[0];
    switch (first->type) {
    case NodeType::Field:
        return evalFieldChain(dot, dot, *first, first->ident, 0, &cmd.nodes, final);
    case NodeType::Chain: {
        if (first->base->type == NodeType::Nil)
            errorf(first.get(), "indirection through explicit nil in " + first->toString());
        Value base = evalAny(dot, first->base);
        return evalFieldChain(dot, base, *first, first->ident, 0, &cmd.nodes, final);
    }
    case NodeType::Identifier:
        return evalFunction(dot, *first, cmd, cmd.nodes, final);
    case NodeType::Pipe:
        notAFunction(cmd.nodes, final, *first);
        return evalPipeline(dot, *first);
    case NodeType::Variable: {
        Value v = variable(first->ident[0], *first);
        if (first->ident.size() == 1) {
            notAFunction(cmd.nodes, final, *first);
            return v;
        }
        return evalFieldChain(dot, v, *first, first->ident, 1, &cmd.nodes, final);
    }
    default:
        break;
    }
    notAFunction(cmd.nodes, final, *first);
    switch (first->type) {
    case NodeType::Bool:
        return Value(first->boolVal);
    case NodeType::Dot:
        return dot;
    case NodeType::Nil:
        errorf(first.get(), "nil is not a command");
    case NodeType::Number:
        return idealConstant(*first);
    case NodeType::String:
        return Value(first->str);
    default:
        errorf(first.get(), "can't evaluate command " + first->toString());
    }
}

Value Executor::evalFieldChain(const Value& dot, Value receiver, const Node& node,
                               const std::vector<std::string>& ident, size_t from,
                               const std::vector<NodePtr>* args, const Value* final) {
    for (size_t i = from; i + 1 < ident.size(); ++i)
        receiver = evalField(dot, ident[i], node, nullptr, nullptr, receiver);
    return evalField(dot, ident.back(), node, args, final, receiver);
}

Value Executor::evalField(const Value& dot, const std::string& name, const Node& node,
                          const std::vector<NodePtr>* args, const Value* final, const Value& receiver) {
    if (receiver.isInvalid()) {
        if (set_.missingKey() == MissingKey::Error)
            errorf(&node, "nil data; no entry for key \"" + name + "\"");
        return Value::invalid();
    }
    bool hasArgs = (args && args->size() > 1) || final;
    switch (receiver.kind()) {
    case Value::Kind::Nil:
        errorf(&node, "nil pointer evaluating interface {}." + name);
    case Value::Kind::Map: {
        if (hasArgs) errorf(&node, name + " is not a method but has arguments");
        auto& m = receiver.map();
        auto it = m.find(name);
        if (it != m.end()) return it->second;
        if (set_.missingKey() == MissingKey::Error)
            errorf(&node, "map has no entry for key \"" + name + "\"");
        return Value();
    }
    case Value::Kind::Object: {
        const auto& obj = receiver.object();
        if (auto params = obj->methodParams(name)) {
            static const std::vector<NodePtr> none;
            const auto& a = args ? *args : none;
            Function fn;
            fn.params = *params;
            return evalCall(dot, fn, node, name, a.empty() ? std::vector<NodePtr>{nullptr} : a, 1, final,
                            &obj);
        }
        if (auto f = obj->field(name)) {
            if (hasArgs) errorf(&node, name + " has arguments but cannot be invoked as function");
            return *f;
        }
        errorf(&node, "can't evaluate field " + name + " in type " + obj->typeName());
    }
    default:
        errorf(&node, "can't evaluate field " + name + " in type " + receiver.typeName());
    }
}

Value Executor::evalFunction(const Value& dot, const Node& ident, const Node& cmd,
                             const std::vector<NodePtr>& args, const Value* final) {
    const Function* fn = set_.function(ident.text);
    if (!fn) errorf(&ident, "\"" + ident.text + "\" is not a defined function");
    return evalCall(dot, *fn, cmd, ident.text, args, 1, final, nullptr);
}

Value Executor::evalAny(const Value& dot, const NodePtr& arg) {
    return evalArg(dot, ArgType::Any, arg);
}

Value Executor::literalArg(ArgType type, const Node& arg) {
    std::string what;
    switch (type) {
    case ArgType::String:
        if (arg.type == NodeType::String) return Value(arg.str);
        what = "string";
        break;
    case ArgType::Int:
    case ArgType::Int64:
        if (arg.type == NodeType::Number && arg.isInt)
            return Value(arg.intVal, type == ArgType::Int ? Value::IntType::Int : Value::IntType::Int64);
        what = "integer";
        break;
    case ArgType::Float64:
        if (arg.type == NodeType::Number && arg.isFloat) return Value(arg.floatVal);
        what = "float";
        break;
    case ArgType::Bool:
        if (arg.type == NodeType::Bool) return Value(arg.boolVal);
        what = "bool";
        break;
    default:
        errorf(&arg, "can't handle " + arg.toString() + " for arg of type " + argTypeName(type));
    }
    errorf(&arg, "expected " + what + "; found " + arg.toString());
}

Value Executor::evalArg(const Value& dot, ArgType type, const NodePtr& arg) {
    switch (arg->type) {
    case NodeType::Dot:
        return validateType(dot, type, *arg);
    case NodeType::Nil:
        if (type == ArgType::Any) return Value();
        if (type == ArgType::List || type == ArgType::StringList || type == ArgType::Map)
            return validateType(Value::invalid(), type, *arg);
        errorf(arg.get(), "cannot assign nil to " + argTypeName(type));
    case NodeType::Field: {
        std::vector<NodePtr> self{arg};
        return validateType(evalFieldChain(dot, dot, *arg, arg->ident, 0, &self, nullptr), type, *arg);
    }
    case NodeType::Variable: {
        Value v = variable(arg->ident[0], *arg);
        if (arg->ident.size() > 1) v = evalFieldChain(dot, v, *arg, arg->ident, 1, nullptr, nullptr);
        return validateType(v, type, *arg);
    }
    case NodeType::Pipe:
        return validateType(evalPipeline(dot, *arg), type, *arg);
    case NodeType::Identifier: {
        std::vector<NodePtr> self{arg};
        const Function* fn = set_.function(arg->text);
        if (!fn) errorf(arg.get(), "\"" + arg->text + "\" is not a defined function");
        return validateType(evalCall(dot, *fn, *arg, arg->text, self, 1, nullptr, nullptr), type, *arg);
    }
    case NodeType::Chain: {
        if (arg->base->type == NodeType::Nil)
            errorf(arg.get(), "indirection through explicit nil in " + arg->toString());
        Value base = evalAny(dot, arg->base);
        return validateType(evalFieldChain(dot, base, *arg, arg->ident, 0, nullptr, nullptr), type, *arg);
    }
    default:
        break;
    }
    if (type == ArgType::Any) {
        switch (arg->type) {
        case NodeType::Bool:
            return Value(arg->boolVal);
        case NodeType::Number:
            return idealConstant(*arg);
        case NodeType::String:
            return Value(arg->str);
        default:
            errorf(arg.get(), "can't handle " + arg->toString() + " for arg of type interface {}");
        }
    }
    return literalArg(type, *arg);
}

Value Executor::validateType(const Value& v, ArgType type, const Node& at) {
    if (type == ArgType::Any) return v.isInvalid() ? Value() : v;
    if (v.isInvalid()) {
        if (type == ArgType::List) return Value::makeList();
        if (type == ArgType::StringList) return Value(ValueList{}, "string");
        if (type == ArgType::Map) return Value::makeMap();
        errorf(&at, "invalid value; expected " + argTypeName(type));
    }
    bool ok = false;
    switch (type) {
    case ArgType::String:
        ok = v.isString();
        break;
    case ArgType::Int:
        ok = v.isInt() && v.intType() == Value::IntType::Int;
        break;
    case ArgType::Int64:
        ok = v.isInt() && v.intType() == Value::IntType::Int64;
        break;
    case ArgType::Float64:
        ok = v.isFloat();
        break;
    case ArgType::Bool:
        ok = v.kind() == Value::Kind::Bool;
        break;
    case ArgType::StringList:
        ok = v.isList() && v.listData().elemType == "string";
        break;
    case ArgType::List:
        ok = v.isList() && v.listData().elemType == "interface {}";
        break;
    case ArgType::Map:
        ok = v.isMap() && v.mapData().elemType == "interface {}";
        break;
    default:
        ok = true;
    }
    if (!ok) {
        std::string got = v.isNil() ? "interface {}" : v.typeName();
        errorf(&at, "wrong type for value; expected " + argTypeName(type) + "; got " + got);
    }
    return v;
}

Value Executor::evalCall(const Value& dot, const Function& fn, const Node& at, const std::string& name,
                         const std::vector<NodePtr>& args, size_t firstArg, const Value* final,
                         const std::shared_ptr<Object>* receiver) {
    size_t given = args.size() - firstArg;
    size_t numIn = given + (final ? 1 : 0);
    size_t numParams = fn.params.size();
    if (fn.variadic) {
        if (numIn < numParams - 1)
            errorf(&at, "wrong number of args for " + name + ": want at least " +
                            std::to_string(numParams - 1) + " got " + std::to_string(given));
    } else if (numIn != numParams) {
        errorf(&at, "wrong number of args for " + name + ": want " + std::to_string(numParams) + " got " +
                        std::to_string(numIn));
    }
    auto paramType = [&](size_t i) { return i < numParams ? fn.params[i] : fn.params.back(); };
    if (fn.lazy != Function::Lazy::None) {
        bool isOr = fn.lazy == Function::Lazy::Or;
        Value v;
        for (size_t i = firstArg; i < args.size(); ++i) {
            v = evalArg(dot, ArgType::Any, args[i]);
            if (v.truthy() == isOr) return v;
        }
        if (final) v = validateType(*final, ArgType::Any, at);
        return v;
    }
    ValueList argv;
    argv.reserve(numIn);
    for (size_t i = firstArg; i < args.size(); ++i)
        argv.push_back(evalArg(dot, paramType(i - firstArg), args[i]));
    if (final) argv.push_back(validateType(*final, paramType(numIn - 1), at));
    try {
        if (receiver) return (*receiver)->call(name, argv);
        return fn.impl(*this, argv);
    } catch (const ExecError& e) {
        errorf(&at, "error calling " + name + ": " + e.what());
    } catch (const FuncError& e) {
        errorf(&at, "error calling " + name + ": " + e.what());
    } catch (const TemplateError& e) {
        errorf(&at, "error calling " + name + ": " + e.what());
    } catch (const ParseError& e) {
        errorf(&at, "error calling " + name + ": " + e.what());
    }
}

Value Executor::variable(const std::string& name, const Node& at) const {
    for (auto it = vars_.rbegin(); it != vars_.rend(); ++it)
        if (it->first == name) return it->second;
    errorf(&at, "undefined variable: " + name);
}

void Executor::setVariable(const std::string& name, const Value& v, const Node& at) {
    for (auto it = vars_.rbegin(); it != vars_.rend(); ++it) {
        if (it->first == name) {
            it->second = v;
            return;
        }
    }
    errorf(&at, "undefined variable: " + name);
}

void Executor::printValue(const Value& v) {
    if (v.isNil()) {
        out_ += "<no value>";
        return;
    }
    out_ += formatValue(v);
}

std::string Executor::include(const std::string& name, const Value& data) {
    auto& count = (*includeCounts_)[name];
    if (count > set_.includeLimit) {
        throw FuncError("rendering template has a nested reference name: " + name +
                        ": unable to execute template");
    }
    ++count;
    struct Dec {
        int& c;
        ~Dec() { --c; }
    } dec{count};
    Executor nested(set_, includeCounts_);
    nested.depth_ = depth_ + 1;
    return nested.run(name, data);
}

std::string Executor::tpl(const std::string& text, const Value& data) {
    TemplateSet clone = set_;
    // Helm parses tpl text as a new template named after the root template ("gotpl").
    std::string name = set_.rootName();
    try {
        clone.parse(name, text);
    } catch (const ParseError& e) {
        throw FuncError("cannot parse template \"" + text + "\": " + e.what());
    }
    Executor nested(clone, includeCounts_);
    nested.depth_ = depth_ + 1;
    std::string out;
    try {
        out = nested.run(name, data);
    } catch (const std::runtime_error& e) {
        throw FuncError("error during tpl function execution for \"" + text + "\": " + e.what());
    }
    // Helm blanks "<no value>" in tpl output, as it does for whole files.
    std::string result;
    size_t pos = 0;
    const std::string nv = "<no value>";
    for (size_t f; (f = out.find(nv, pos)) != std::string::npos; pos = f + nv.size())
        result += out.substr(pos, f - pos);
    result += out.substr(pos);
    return result;
}

} // namespace kmcp::helm::tmpl
