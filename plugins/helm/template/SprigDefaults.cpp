#include "FuncUtil.h"
#include "Sprig.h"

namespace kmcp::helm::tmpl {

namespace {

using A = ArgType;

} // namespace

void installSprigDefaults(FuncMap& fns) {
    fns["default"] = makeFunc({A::Any, A::Any}, true, [](ValueList& a) {
        if (a.size() < 2 || isEmpty(a[1])) return a[0];
        return a[1];
    });
    fns["empty"] = makeFunc({A::Any}, false, [](ValueList& a) { return Value(isEmpty(a[0])); });
    fns["coalesce"] = makeFunc({A::Any}, true, [](ValueList& a) {
        for (const auto& v : a)
            if (!isEmpty(v)) return v;
        return Value();
    });
    fns["all"] = makeFunc({A::Any}, true, [](ValueList& a) {
        for (const auto& v : a)
            if (isEmpty(v)) return Value(false);
        return Value(true);
    });
    fns["any"] = makeFunc({A::Any}, true, [](ValueList& a) {
        for (const auto& v : a)
            if (!isEmpty(v)) return Value(true);
        return Value(false);
    });
    fns["ternary"] =
        makeFunc({A::Any, A::Any, A::Bool}, false, [](ValueList& a) { return a[2].asBool() ? a[0] : a[1]; });
    fns["fail"] =
        makeFunc({A::String}, false, [](ValueList& a) -> Value { throw FuncError(a[0].asString()); });
    fns["typeOf"] = makeFunc({A::Any}, false, [](ValueList& a) { return Value(a[0].typeName()); });
    fns["typeIs"] = makeFunc({A::String, A::Any}, false,
                             [](ValueList& a) { return Value(a[0].asString() == a[1].typeName()); });
    fns["typeIsLike"] = makeFunc({A::String, A::Any}, false, [](ValueList& a) {
        std::string t = a[1].typeName();
        return Value(a[0].asString() == t || "*" + a[0].asString() == t);
    });
    fns["kindOf"] = makeFunc({A::Any}, false, [](ValueList& a) { return Value(a[0].kindName()); });
    fns["kindIs"] = makeFunc({A::String, A::Any}, false,
                             [](ValueList& a) { return Value(a[0].asString() == a[1].kindName()); });
}

} // namespace kmcp::helm::tmpl
