#include "TemplateSet.h"

#include "Builtins.h"
#include "Executor.h"
#include "Parser.h"

namespace kmcp::helm::tmpl {

TemplateSet::TemplateSet(std::string rootName)
    : rootName_(std::move(rootName)), funcs_(std::make_shared<FuncMap>()) {
    installBuiltins(*funcs_);
}

void TemplateSet::addFunction(const std::string& name, Function fn) {
    if (funcs_.use_count() > 1) funcs_ = std::make_shared<FuncMap>(*funcs_);
    (*funcs_)[name] = std::move(fn);
}

void TemplateSet::addFunctions(const FuncMap& fns) {
    for (const auto& [k, v] : fns)
        addFunction(k, v);
}

bool TemplateSet::hasFunction(const std::string& name) const {
    return funcs_->count(name) > 0;
}

const Function* TemplateSet::function(const std::string& name) const {
    auto it = funcs_->find(name);
    return it == funcs_->end() ? nullptr : &it->second;
}

void TemplateSet::parse(const std::string& name, const std::string& text) {
    auto trees = parseTemplate(name, text, [this](const std::string& fn) { return hasFunction(fn); });
    for (auto& t : trees) {
        auto it = trees_.find(t->name);
        // Go keeps an existing non-empty definition when the new one is empty.
        if (it != trees_.end() && t->isEmpty() && !it->second->isEmpty()) continue;
        trees_[t->name] = t;
    }
}

bool TemplateSet::has(const std::string& name) const {
    return trees_.count(name) > 0;
}

std::vector<std::string> TemplateSet::names() const {
    std::vector<std::string> out;
    for (const auto& [k, v] : trees_)
        out.push_back(k);
    return out;
}

std::shared_ptr<const Tree> TemplateSet::lookup(const std::string& name) const {
    auto it = trees_.find(name);
    return it == trees_.end() ? nullptr : it->second;
}

std::string TemplateSet::execute(const std::string& name, const Value& dot) const {
    Executor ex(*this, std::make_shared<std::unordered_map<std::string, int>>());
    return ex.run(name, dot);
}

} // namespace kmcp::helm::tmpl
