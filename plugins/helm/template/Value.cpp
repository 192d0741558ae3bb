#include "Value.h"

#include "Function.h"
#include "GoFormat.h"

namespace kmcp::helm::tmpl {

Value::Value(ValueList l, std::string elemType) : kind_(Kind::List), lst_(std::make_shared<ListData>()) {
    lst_->items = std::move(l);
    lst_->elemType = std::move(elemType);
}

Value::Value(ValueMap m, std::string elemType) : kind_(Kind::Map), map_(std::make_shared<MapData>()) {
    map_->items = std::move(m);
    map_->elemType = std::move(elemType);
}

Value Value::bytes(std::string raw) {
    Value v(std::move(raw));
    v.kind_ = Kind::Bytes;
    return v;
}

Value Value::stringList(const std::vector<std::string>& l) {
    ValueList out;
    out.reserve(l.size());
    for (const auto& s : l)
        out.emplace_back(s);
    return Value(std::move(out), "string");
}

Value Value::fromJson(const nlohmann::json& j, NumberMode mode) {
    switch (j.type()) {
    case nlohmann::json::value_t::null:
        return Value();
    case nlohmann::json::value_t::boolean:
        return Value(j.get<bool>());
    case nlohmann::json::value_t::number_integer:
        if (mode == NumberMode::AllFloat) return Value(static_cast<double>(j.get<int64_t>()));
        return Value::int64(j.get<int64_t>());
    case nlohmann::json::value_t::number_unsigned:
        if (mode == NumberMode::AllFloat) return Value(static_cast<double>(j.get<uint64_t>()));
        return Value::int64(static_cast<int64_t>(j.get<uint64_t>()));
    case nlohmann::json::value_t::number_float:
        return Value(j.get<double>());
    case nlohmann::json::value_t::string:
        return Value(j.get<std::string>());
    case nlohmann::json::value_t::array: {
        ValueList l;
        for (const auto& e : j)
            l.push_back(fromJson(e, mode));
        return Value(std::move(l));
    }
    case nlohmann::json::value_t::object: {
        ValueMap m;
        for (auto it = j.begin(); it != j.end(); ++it)
            m.emplace(it.key(), fromJson(it.value(), mode));
        return Value(std::move(m));
    }
    default:
        return Value();
    }
}

std::string Value::typeName() const {
    switch (kind_) {
    case Kind::Nil:
        return "<nil>";
    case Kind::Bool:
        return "bool";
    case Kind::Int:
        return intType_ == IntType::Int ? "int" : "int64";
    case Kind::Float:
        return "float64";
    case Kind::String:
        return "string";
    case Kind::Bytes:
        return "[]uint8";
    case Kind::List:
        return "[]" + lst_->elemType;
    case Kind::Map:
        return "map[string]" + map_->elemType;
    case Kind::Object:
        return obj_->typeName();
    case Kind::Func:
        return "func(...interface {}) (interface {}, error)";
    }
    return "";
}

std::string Value::kindName() const {
    switch (kind_) {
    case Kind::Nil:
        return "invalid";
    case Kind::Bool:
        return "bool";
    case Kind::Int:
        return intType_ == IntType::Int ? "int" : "int64";
    case Kind::Float:
        return "float64";
    case Kind::String:
        return "string";
    case Kind::Bytes:
    case Kind::List:
        return "slice";
    case Kind::Map:
        return "map";
    case Kind::Object:
        return obj_->kindName();
    case Kind::Func:
        return "func";
    }
    return "";
}

bool Value::truthy() const {
    switch (kind_) {
    case Kind::Nil:
        return false;
    case Kind::Bool:
        return b_;
    case Kind::Int:
        return i_ != 0;
    case Kind::Float:
        return d_ != 0;
    case Kind::String:
    case Kind::Bytes:
        return !s_->empty();
    case Kind::List:
        return !lst_->items.empty();
    case Kind::Map:
        return !map_->items.empty();
    case Kind::Object:
        return obj_->truthy();
    case Kind::Func:
        return true;
    }
    return false;
}

std::optional<size_t> Value::length() const {
    switch (kind_) {
    case Kind::String:
    case Kind::Bytes:
        return s_->size();
    case Kind::List:
        return lst_->items.size();
    case Kind::Map:
        return map_->items.size();
    default:
        return std::nullopt;
    }
}

bool Value::identical(const Value& o) const {
    if (kind_ != o.kind_) return false;
    switch (kind_) {
    case Kind::Nil:
        return true;
    case Kind::Bool:
        return b_ == o.b_;
    case Kind::Int:
        return i_ == o.i_ && intType_ == o.intType_;
    case Kind::Float:
        return d_ == o.d_;
    case Kind::String:
    case Kind::Bytes:
        return *s_ == *o.s_;
    case Kind::List:
        return lst_ == o.lst_;
    case Kind::Map:
        return map_ == o.map_;
    case Kind::Object:
        return obj_ == o.obj_;
    case Kind::Func:
        return fn_ == o.fn_;
    }
    return false;
}

Value Value::deepCopy() const {
    if (kind_ == Kind::List) {
        ValueList l;
        for (const auto& e : lst_->items)
            l.push_back(e.deepCopy());
        return Value(std::move(l), lst_->elemType);
    }
    if (kind_ == Kind::Map) {
        ValueMap m;
        for (const auto& [k, v] : map_->items)
            m.emplace(k, v.deepCopy());
        return Value(std::move(m), map_->elemType);
    }
    return *this;
}

nlohmann::json Value::toJson() const {
    switch (kind_) {
    case Kind::Nil:
        return nullptr;
    case Kind::Bool:
        return b_;
    case Kind::Int:
        return i_;
    case Kind::Float:
        return d_;
    case Kind::String:
    case Kind::Bytes:
        return *s_;
    case Kind::List: {
        auto a = nlohmann::json::array();
        for (const auto& e : lst_->items)
            a.push_back(e.toJson());
        return a;
    }
    case Kind::Map: {
        auto o = nlohmann::json::object();
        for (const auto& [k, v] : map_->items)
            o[k] = v.toJson();
        return o;
    }
    case Kind::Object:
        return obj_->marshal().toJson();
    case Kind::Func:
        return nullptr;
    }
    return nullptr;
}

std::optional<Value> Object::field(const std::string&) const {
    return std::nullopt;
}

std::optional<std::vector<ArgType>> Object::methodParams(const std::string&) const {
    return std::nullopt;
}

Value Object::call(const std::string& name, ValueList&) const {
    throw FuncError("can't evaluate field " + name + " in type " + typeName());
}

std::string argTypeName(ArgType t) {
    switch (t) {
    case ArgType::Any:
        return "interface {}";
    case ArgType::String:
        return "string";
    case ArgType::Int:
        return "int";
    case ArgType::Int64:
        return "int64";
    case ArgType::Float64:
        return "float64";
    case ArgType::Bool:
        return "bool";
    case ArgType::StringList:
        return "[]string";
    case ArgType::List:
        return "[]interface {}";
    case ArgType::Map:
        return "map[string]interface {}";
    }
    return "";
}

} // namespace kmcp::helm::tmpl
