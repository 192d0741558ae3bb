#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace kmcp::helm {

// Writes JSON exactly as Go's encoding/json.Marshal does, so records we store are byte-identical to
// the ones the helm CLI stores: HTML-safe escapes (<, >, & as \u003c…), \u2028/\u2029 escaped,
// invalid UTF-8 replaced by U+FFFD, float64 in Go's shortest form (1 not 1.0, 1e+21, 1e-7),
// map keys sorted. Struct field order is the caller's: GoJsonWriter emits keys in call order.
class GoJsonWriter {
public:
    void beginObject();
    void endObject();
    void beginArray();
    void endArray();
    void key(std::string_view k);
    void string(std::string_view s);
    void number(long long v);
    void boolean(bool b);
    void null();
    // Inserts an already-encoded JSON value.
    void raw(std::string_view encoded);
    // An arbitrary value (a Go map[string]interface{} or []interface{}): object keys sorted.
    void value(const nlohmann::json& v);

    const std::string& str() const { return out_; }

private:
    void separate();
    std::string out_;
    bool needComma_ = false;
};

// Go's string escaping (quotes included).
std::string goQuote(std::string_view s);
// Go's float64 formatting in encoding/json.
std::string goFloat(double d);
// Encodes any JSON value the way Go marshals the equivalent interface{} value.
std::string goMarshal(const nlohmann::json& v);

} // namespace kmcp::helm
