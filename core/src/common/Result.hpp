#pragma once

#include <string>
#include <utility>
#include <variant>

namespace kmcp {

// An error crossing a module edge inside core: a machine-readable code and a message meant for
// the user (it may be shown verbatim in a tool result).
struct Error {
    enum class Code {
        InvalidArgument,
        NotFound,
        Denied,
        Unauthenticated,
        Unavailable,
        Timeout,
        TooLarge,
        Cancelled,
        Conflict,
        Internal
    };
    Code code = Code::Internal;
    std::string message;
};

// A value or an Error; used at module edges instead of exceptions (STYLE.md rule 5).
template <typename T> class Result {
public:
    Result(T value) : v_(std::move(value)) {}
    Result(Error error) : v_(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(v_); }
    explicit operator bool() const { return ok(); }
    T& value() & { return std::get<T>(v_); }
    const T& value() const& { return std::get<T>(v_); }
    T&& value() && { return std::get<T>(std::move(v_)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() { return value(); }
    const Error& error() const { return std::get<Error>(v_); }

private:
    std::variant<T, Error> v_;
};

struct Unit {};
using Status = Result<Unit>;
inline Status okStatus() {
    return Unit{};
}

inline Error makeError(Error::Code code, std::string message) {
    return Error{code, std::move(message)};
}

} // namespace kmcp
