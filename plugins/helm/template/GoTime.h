#pragma once

#include "Value.h"

#include <cstdint>
#include <optional>
#include <string>

namespace kmcp::helm::tmpl {

// A Go time.Time: an instant plus the zone it is shown in.
struct GoTime {
    int64_t sec = 0;  // Unix seconds
    int32_t nsec = 0; // 0..999999999
    int offset = 0;   // seconds east of UTC
    std::string zone = "UTC";

    static GoTime now();
    static GoTime zero();
    // The same instant in `zone` ("UTC", "Local", or an IANA name); unknown zones become UTC.
    GoTime in(const std::string& zoneName) const;
    // Go's Time.Format with a reference-time layout ("2006-01-02 15:04:05").
    std::string format(const std::string& layout) const;
    // Go's time.ParseInLocation in the local zone; nullopt when `text` does not match.
    static std::optional<GoTime> parse(const std::string& layout, const std::string& text);
    // Go's Time.String(): "2006-01-02 15:04:05.999999999 -0700 MST".
    std::string toString() const;
};

// Go's time.Duration String() and ParseDuration (nanoseconds).
std::string goDurationString(int64_t ns);
std::optional<int64_t> goParseDuration(const std::string& s);

// A time.Time value inside templates (what `now` and `toDate` return).
class TimeObject : public Object {
public:
    explicit TimeObject(GoTime t) : t_(std::move(t)) {}
    const GoTime& time() const { return t_; }
    std::string typeName() const override { return "time.Time"; }
    std::string kindName() const override { return "struct"; }
    std::optional<std::vector<ArgType>> methodParams(const std::string& name) const override;
    Value call(const std::string& name, ValueList& args) const override;
    std::string format() const override { return t_.toString(); }
    Value marshal() const override;

private:
    GoTime t_;
};

} // namespace kmcp::helm::tmpl
