#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace kmcp::helm::tmpl {

class Value;
class Object;
struct Function;
enum class ArgType : int;

using ValueList = std::vector<Value>;
using ValueMap = std::map<std::string, Value>;

// Shared containers give Go's reference semantics: `set` on a dict is visible through every
// variable holding it, exactly like a Go map.
struct ListData {
    ValueList items;
    std::string elemType = "interface {}";
};
struct MapData {
    ValueMap items;
    std::string elemType = "interface {}";
};

// How JSON numbers become template numbers. Helm reads values.yaml through sigs.k8s.io/yaml, which
// goes through encoding/json, so every number in .Values is a float64 (AllFloat). Integers produced
// by `--set` or by functions are int64 (Preserve).
enum class NumberMode { Preserve, AllFloat };

// A template value: Go data (nil, bool, int, int64, float64, string, []byte, slices, maps), a host
// object with fields/methods, or a function value usable with `call`.
class Value {
public:
    enum class Kind { Nil, Bool, Int, Float, String, Bytes, List, Map, Object, Func };
    // Go distinguishes int and int64 in type names (`typeOf`) and in typed function parameters.
    enum class IntType { Int, Int64 };

    Value() = default;
    Value(std::nullptr_t) {}
    Value(bool b) : kind_(Kind::Bool), b_(b) {}
    Value(int i) : kind_(Kind::Int), i_(i) {}
    Value(int64_t i, IntType t) : kind_(Kind::Int), intType_(t), i_(i) {}
    Value(double d) : kind_(Kind::Float), d_(d) {}
    Value(std::string s) : kind_(Kind::String), s_(std::make_shared<std::string>(std::move(s))) {}
    Value(const char* s) : Value(std::string(s)) {}
    Value(ValueList l, std::string elemType = "interface {}");
    Value(ValueMap m, std::string elemType = "interface {}");
    Value(std::shared_ptr<Object> o) : kind_(Kind::Object), obj_(std::move(o)) {}
    Value(std::shared_ptr<Function> f) : kind_(Kind::Func), fn_(std::move(f)) {}

    static Value int64(int64_t i) { return Value(i, IntType::Int64); }
    // Go's invalid reflect.Value: what a pipeline yields for nil, and a template's dot without data.
    static Value invalid() {
        Value v;
        v.invalid_ = true;
        return v;
    }
    static Value bytes(std::string raw);
    static Value makeList(ValueList l = {}) { return Value(std::move(l)); }
    static Value stringList(const std::vector<std::string>& l);
    static Value makeMap(ValueMap m = {}) { return Value(std::move(m)); }
    static Value fromJson(const nlohmann::json& j, NumberMode mode = NumberMode::Preserve);

    Kind kind() const { return kind_; }
    IntType intType() const { return intType_; }
    bool isNil() const { return kind_ == Kind::Nil; }
    bool isInvalid() const { return kind_ == Kind::Nil && invalid_; }
    bool isString() const { return kind_ == Kind::String; }
    bool isInt() const { return kind_ == Kind::Int; }
    bool isFloat() const { return kind_ == Kind::Float; }
    bool isNumber() const { return kind_ == Kind::Int || kind_ == Kind::Float; }
    bool isList() const { return kind_ == Kind::List; }
    bool isMap() const { return kind_ == Kind::Map; }
    bool isObject() const { return kind_ == Kind::Object; }

    bool asBool() const { return b_; }
    int64_t asInt() const { return i_; }
    double asFloat() const { return d_; }
    const std::string& asString() const { return *s_; }
    ValueList& list() const { return lst_->items; }
    ListData& listData() const { return *lst_; }
    ValueMap& map() const { return map_->items; }
    MapData& mapData() const { return *map_; }
    const std::shared_ptr<Object>& object() const { return obj_; }
    const std::shared_ptr<Function>& func() const { return fn_; }

    // Go's reflect type name ("map[string]interface {}", "float64", "<nil>", ...).
    std::string typeName() const;
    // Go's reflect kind name ("map", "slice", "float64", "invalid", ...).
    std::string kindName() const;
    // Go template truth: false, 0, nil, and empty string/slice/map are false.
    bool truthy() const;
    // Length for len/empty; nullopt when the value has no length.
    std::optional<size_t> length() const;
    // Same identity for reference types, same content for scalars (Go ==).
    bool identical(const Value& o) const;
    Value deepCopy() const;
    nlohmann::json toJson() const;

private:
    Kind kind_ = Kind::Nil;
    IntType intType_ = IntType::Int;
    bool invalid_ = false;
    bool b_ = false;
    int64_t i_ = 0;
    double d_ = 0;
    std::shared_ptr<std::string> s_;
    std::shared_ptr<ListData> lst_;
    std::shared_ptr<MapData> map_;
    std::shared_ptr<Object> obj_;
    std::shared_ptr<Function> fn_;
};

// Error raised inside a template function; the engine wraps it as `error calling NAME: msg`.
class FuncError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A host object: `.Files`, `.Capabilities.APIVersions`, semver versions, times. Fields and methods
// are looked up by their Go (exported) name.
class Object {
public:
    virtual ~Object() = default;
    virtual std::string typeName() const = 0;
    virtual std::string kindName() const { return "ptr"; }
    // A field or zero-argument method value; nullopt when the object has no such member.
    virtual std::optional<Value> field(const std::string& name) const;
    // Parameter types of method `name` (Go checks and converts arguments against them), or
    // nullopt when the object has no such method.
    virtual std::optional<std::vector<ArgType>> methodParams(const std::string& name) const;
    // Invokes a method; throws FuncError on failure.
    virtual Value call(const std::string& name, ValueList& args) const;
    // What fmt's %v prints for this object.
    virtual std::string format() const = 0;
    // Truth value (non-nil pointers are true).
    virtual bool truthy() const { return true; }
    // The value toJson/toYaml serialise (Go marshals structs by their exported fields).
    virtual Value marshal() const { return Value(format()); }
    // For objects whose Go type is itself a map or slice (Helm's `files` is map[string][]byte):
    // the data that range, index and len see. nullopt for plain structs.
    virtual std::optional<Value> asData() const { return std::nullopt; }
};

} // namespace kmcp::helm::tmpl
