#include "FuncUtil.h"
#include "GoTime.h"
#include "Sprig.h"

namespace kmcp::helm::tmpl {

namespace {

using A = ArgType;

const TimeObject* asTime(const Value& v) {
    if (!v.isObject()) return nullptr;
    return dynamic_cast<const TimeObject*>(v.object().get());
}

// Sprig's date argument: a time.Time or Unix seconds as int/int64; anything else means now.
GoTime timeArg(const Value& v) {
    if (const auto* t = asTime(v)) return t->time();
    if (v.isInt()) {
        GoTime t;
        t.sec = v.asInt();
        return t;
    }
    return GoTime::now();
}

Value timeValue(GoTime t) {
    return Value(std::make_shared<TimeObject>(std::move(t)));
}

GoTime requireTime(const Value& v) {
    if (const auto* t = asTime(v)) return t->time();
    throw FuncError("wrong type for value; expected time.Time; got " + v.typeName());
}

int64_t sinceNs(const GoTime& t) {
    GoTime now = GoTime::now();
    return (now.sec - t.sec) * 1000000000LL + (now.nsec - t.nsec);
}

std::string durationRound(int64_t d) {
    uint64_t u = d < 0 ? static_cast<uint64_t>(-d) : static_cast<uint64_t>(d);
    const uint64_t second = 1000000000ULL, minute = 60 * second, hour = 60 * minute, day = 24 * hour;
    const uint64_t month = 30 * day, year = 365 * day;
    if (u > year) return std::to_string(u / year) + "y";
    if (u > month) return std::to_string(u / month) + "mo";
    if (u > day) return std::to_string(u / day) + "d";
    if (u > hour) return std::to_string(u / hour) + "h";
    if (u > minute) return std::to_string(u / minute) + "m";
    if (u > second) return std::to_string(u / second) + "s";
    return "0s";
}

} // namespace

void installSprigDates(FuncMap& fns) {
    fns["now"] = makeFunc({}, false, [](ValueList&) { return timeValue(GoTime::now()); });
    fns["date"] = makeFunc({A::String, A::Any}, false, [](ValueList& a) {
        return Value(timeArg(a[1]).in("Local").format(a[0].asString()));
    });
    fns["dateInZone"] = makeFunc({A::String, A::Any, A::String}, false, [](ValueList& a) {
        return Value(timeArg(a[1]).in(a[2].asString()).format(a[0].asString()));
    });
    fns["htmlDate"] = makeFunc(
        {A::Any}, false, [](ValueList& a) { return Value(timeArg(a[0]).in("Local").format("2006-01-02")); });
    fns["htmlDateInZone"] = makeFunc({A::Any, A::String}, false, [](ValueList& a) {
        return Value(timeArg(a[0]).in(a[1].asString()).format("2006-01-02"));
    });
    fns["unixEpoch"] =
        makeFunc({A::Any}, false, [](ValueList& a) { return Value(std::to_string(requireTime(a[0]).sec)); });
    fns["toDate"] = makeFunc({A::String, A::String}, false, [](ValueList& a) {
        auto t = GoTime::parse(a[0].asString(), a[1].asString());
        return timeValue(t ? *t : GoTime::zero());
    });
    fns["mustToDate"] = makeFunc({A::String, A::String}, false, [](ValueList& a) {
        auto t = GoTime::parse(a[0].asString(), a[1].asString());
        if (!t)
            throw FuncError("parsing time \"" + a[1].asString() + "\" as \"" + a[0].asString() +
                            "\": cannot parse");
        return timeValue(*t);
    });
    fns["dateModify"] = makeFunc({A::String, A::Any}, false, [](ValueList& a) {
        GoTime t = requireTime(a[1]);
        auto d = goParseDuration(a[0].asString());
        if (!d) return timeValue(t);
        int64_t total = t.nsec + *d % 1000000000LL;
        t.sec += *d / 1000000000LL + (total >= 1000000000LL ? 1 : (total < 0 ? -1 : 0));
        t.nsec = static_cast<int32_t>((total % 1000000000LL + 1000000000LL) % 1000000000LL);
        return timeValue(t);
    });
    fns["mustDateModify"] = makeFunc({A::String, A::Any}, false, [](ValueList& a) {
        GoTime t = requireTime(a[1]);
        auto d = goParseDuration(a[0].asString());
        if (!d) throw FuncError("time: invalid duration \"" + a[0].asString() + "\"");
        t.sec += *d / 1000000000LL;
        return timeValue(t);
    });
    fns["ago"] = makeFunc({A::Any}, false, [](ValueList& a) {
        int64_t ns = sinceNs(timeArg(a[0]));
        int64_t rounded = (ns >= 0 ? ns + 500000000LL : ns - 500000000LL) / 1000000000LL * 1000000000LL;
        return Value(goDurationString(rounded));
    });
    fns["duration"] = makeFunc(
        {A::Any}, false, [](ValueList& a) { return Value(goDurationString(toInt64(a[0]) * 1000000000LL)); });
    fns["durationRound"] = makeFunc({A::Any}, false, [](ValueList& a) {
        int64_t d = 0;
        if (a[0].isString())
            d = goParseDuration(a[0].asString()).value_or(0);
        else if (a[0].isInt() && a[0].intType() == Value::IntType::Int64)
            d = a[0].asInt();
        else if (const auto* t = asTime(a[0]))
            d = sinceNs(t->time());
        return Value(durationRound(d));
    });
    // Sprig's older snake_case spellings.
    fns["date_in_zone"] = fns["dateInZone"];
    fns["date_modify"] = fns["dateModify"];
    fns["must_date_modify"] = fns["mustDateModify"];
}

} // namespace kmcp::helm::tmpl
