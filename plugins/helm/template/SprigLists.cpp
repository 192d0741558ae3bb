#include "FuncUtil.h"
#include "GoFormat.h"
#include "Sprig.h"

#include <algorithm>

namespace kmcp::helm::tmpl {

namespace {

using A = ArgType;

Value listOf(ValueList l) {
    return Value(std::move(l));
}

// Registers `name` (which panics in Sprig, surfacing as a call error) and `mustName`.
void both(FuncMap& fns, const std::string& name, std::vector<ArgType> params, bool variadic,
          std::function<Value(ValueList&)> f) {
    fns[name] = makeFunc(params, variadic, f);
    std::string must = "must" + std::string(1, static_cast<char>(std::toupper(name[0]))) + name.substr(1);
    fns[must] = makeFunc(params, variadic, f);
}

std::vector<int64_t> untilStep(int64_t start, int64_t stop, int64_t step) {
    std::vector<int64_t> v;
    if (stop < start) {
        if (step >= 0) return v;
        for (int64_t i = start; i > stop; i += step)
            v.push_back(i);
        return v;
    }
    if (step <= 0) return v;
    for (int64_t i = start; i < stop; i += step)
        v.push_back(i);
    return v;
}

Value intList(const std::vector<int64_t>& v) {
    ValueList out;
    for (auto i : v)
        out.emplace_back(i, Value::IntType::Int);
    return Value(std::move(out), "int");
}

std::string seq(const ValueList& a) {
    std::vector<int64_t> p;
    for (const auto& v : a)
        p.push_back(v.asInt());
    std::vector<int64_t> r;
    switch (p.size()) {
    case 1: {
        int64_t start = 1, end = p[0], inc = end < start ? -1 : 1;
        r = untilStep(start, end + inc, inc);
        break;
    }
    case 2: {
        int64_t start = p[0], end = p[1], step = end < start ? -1 : 1;
        r = untilStep(start, end + step, step);
        break;
    }
    case 3: {
        int64_t start = p[0], end = p[2], step = p[1], inc = 1;
        if (end < start) {
            inc = -1;
            if (step > 0) return "";
        }
        r = untilStep(start, end + inc, step);
        break;
    }
    default:
        return "";
    }
    std::vector<std::string> parts;
    for (auto i : r)
        parts.push_back(std::to_string(i));
    return joinStrings(parts, " ");
}

bool contains(const ValueList& l, const Value& v) {
    return std::any_of(l.begin(), l.end(), [&](const Value& e) { return deepEqual(e, v); });
}

} // namespace

void installSprigLists(FuncMap& fns) {
    fns["list"] = makeFunc({A::Any}, true, [](ValueList& a) { return listOf(a); });
    fns["tuple"] = fns["list"];
    both(fns, "first", {A::Any}, false, [](ValueList& a) {
        const auto& l = requireList(a[0], "find first");
        return l.empty() ? Value() : l.front();
    });
    both(fns, "last", {A::Any}, false, [](ValueList& a) {
        const auto& l = requireList(a[0], "find last");
        return l.empty() ? Value() : l.back();
    });
    both(fns, "rest", {A::Any}, false, [](ValueList& a) {
        const auto& l = requireList(a[0], "find rest");
        if (l.empty()) return Value();
        return listOf(ValueList(l.begin() + 1, l.end()));
    });
    both(fns, "initial", {A::Any}, false, [](ValueList& a) {
        const auto& l = requireList(a[0], "find initial");
        if (l.empty()) return Value();
        return listOf(ValueList(l.begin(), l.end() - 1));
    });
    auto push = [](ValueList& a) {
        ValueList l = requireList(a[0], "push");
        l.push_back(a[1]);
        return listOf(std::move(l));
    };
    both(fns, "append", {A::Any, A::Any}, false, push);
    both(fns, "push", {A::Any, A::Any}, false, push);
    both(fns, "prepend", {A::Any, A::Any}, false, [](ValueList& a) {
        ValueList l = requireList(a[0], "prepend");
        l.insert(l.begin(), a[1]);
        return listOf(std::move(l));
    });
    fns["concat"] = makeFunc({A::Any}, true, [](ValueList& a) {
        ValueList out;
        for (const auto& v : a) {
            if (!v.isList())
                throw FuncError("Cannot concat type " + (v.isNil() ? std::string("invalid") : v.kindName()) +
                                " as list");
            out.insert(out.end(), v.list().begin(), v.list().end());
        }
        return listOf(std::move(out));
    });
    both(fns, "reverse", {A::Any}, false, [](ValueList& a) {
        ValueList l = requireList(a[0], "find reverse");
        std::reverse(l.begin(), l.end());
        return listOf(std::move(l));
    });
    both(fns, "uniq", {A::Any}, false, [](ValueList& a) {
        ValueList out;
        for (const auto& v : requireList(a[0], "find uniq"))
            if (!contains(out, v)) out.push_back(v);
        return listOf(std::move(out));
    });
    both(fns, "without", {A::Any, A::Any}, true, [](ValueList& a) {
        ValueList omit(a.begin() + 1, a.end());
        ValueList out;
        for (const auto& v : requireList(a[0], "find without"))
            if (!contains(omit, v)) out.push_back(v);
        return listOf(std::move(out));
    });
    both(fns, "has", {A::Any, A::Any}, false, [](ValueList& a) {
        if (a[1].isNil()) return Value(false);
        return Value(contains(requireList(a[1], "find has"), a[0]));
    });
    both(fns, "compact", {A::Any}, false, [](ValueList& a) {
        ValueList out;
        for (const auto& v : requireList(a[0], "compact"))
            if (!isEmpty(v)) out.push_back(v);
        return listOf(std::move(out));
    });
    both(fns, "slice", {A::Any, A::Any}, true, [](ValueList& a) {
        if (!a[0].isList())
            throw FuncError("list should be type of slice or array but " +
                            (a[0].isNil() ? std::string("invalid") : a[0].kindName()));
        const auto& l = a[0].list();
        if (l.empty()) return Value();
        int64_t start = a.size() > 1 ? toInt64(a[1]) : 0;
        int64_t end = a.size() > 2 ? toInt64(a[2]) : static_cast<int64_t>(l.size());
        if (start < 0 || end > static_cast<int64_t>(l.size()) || start > end)
            throw FuncError("reflect: slice index out of range");
        return Value(ValueList(l.begin() + start, l.begin() + end), a[0].listData().elemType);
    });
    both(fns, "chunk", {A::Int, A::Any}, false, [](ValueList& a) {
        const auto& l = requireList(a[1], "chunk");
        int64_t size = a[0].asInt();
        if (size <= 0) throw FuncError("runtime error: integer divide by zero");
        ValueList out;
        for (size_t i = 0; i < l.size(); i += size) {
            size_t end = std::min(l.size(), i + static_cast<size_t>(size));
            out.push_back(listOf(ValueList(l.begin() + i, l.begin() + end)));
        }
        return Value(std::move(out), "[]interface {}");
    });
    fns["until"] = makeFunc({A::Int}, false, [](ValueList& a) {
        int64_t c = a[0].asInt();
        return intList(untilStep(0, c, c < 0 ? -1 : 1));
    });
    fns["untilStep"] = makeFunc({A::Int, A::Int, A::Int}, false, [](ValueList& a) {
        return intList(untilStep(a[0].asInt(), a[1].asInt(), a[2].asInt()));
    });
    fns["seq"] = makeFunc({A::Int}, true, [](ValueList& a) { return Value(seq(a)); });
}

} // namespace kmcp::helm::tmpl
