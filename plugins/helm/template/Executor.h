#pragma once

#include "TemplateSet.h"

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace kmcp::helm::tmpl {

// Walks parse trees of one TemplateSet, like Go's text/template exec state.
class Executor : public CallContext {
public:
    Executor(const TemplateSet& set, std::shared_ptr<std::unordered_map<std::string, int>> includeCounts);

    std::string run(const std::string& name, const Value& dot);

    std::string include(const std::string& name, const Value& data) override;
    std::string tpl(const std::string& text, const Value& data) override;

private:
    enum class Flow { Normal, Break, Continue };

    const TemplateSet& set_;
    std::shared_ptr<std::unordered_map<std::string, int>> includeCounts_;
    std::string out_;
    std::vector<std::pair<std::string, Value>> vars_;
    const Tree* tree_ = nullptr;
    int depth_ = 0;

    [[noreturn]] void errorf(const Node* at, const std::string& msg) const;

    Flow walk(const Value& dot, const NodePtr& node);
    Flow walkList(const Value& dot, const NodePtr& list);
    Flow walkIfOrWith(const Value& dot, const Node& node);
    Flow walkRange(const Value& dot, const Node& node);
    void walkTemplate(const Value& dot, const Node& node);

    Value evalPipeline(const Value& dot, const Node& pipe);
    Value evalCommand(const Value& dot, const Node& cmd, const Value* final);
    Value evalArg(const Value& dot, ArgType type, const NodePtr& arg);
    Value evalAny(const Value& dot, const NodePtr& arg);
    Value evalFieldChain(const Value& dot, Value receiver, const Node& node,
                         const std::vector<std::string>& ident, size_t from, const std::vector<NodePtr>* args,
                         const Value* final);
    Value evalField(const Value& dot, const std::string& name, const Node& node,
                    const std::vector<NodePtr>* args, const Value* final, const Value& receiver);
    Value evalFunction(const Value& dot, const Node& ident, const Node& cmd, const std::vector<NodePtr>& args,
                       const Value* final);
    Value evalCall(const Value& dot, const Function& fn, const Node& at, const std::string& name,
                   const std::vector<NodePtr>& args, size_t firstArg, const Value* final,
                   const std::shared_ptr<Object>* receiver);
    Value validateType(const Value& v, ArgType type, const Node& at);
    Value literalArg(ArgType type, const Node& arg);
    void notAFunction(const std::vector<NodePtr>& args, const Value* final, const Node& at);
    Value variable(const std::string& name, const Node& at) const;
    void setVariable(const std::string& name, const Value& v, const Node& at);
    void printValue(const Value& v);
};

// Go's idea of a constant literal's value when stored in an interface (int or float64).
Value idealConstant(const Node& n);

} // namespace kmcp::helm::tmpl
