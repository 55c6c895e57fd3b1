// Result<T>: the error channel of every newsdex_core module boundary.
//
// Modelled on std::expected (C++23), which g++ 12 offers only under -std=c++23 and clang 14's tooling
// cannot parse; the API is the same subset so that a later swap is mechanical. Thread-safe as a value type.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace newsdex {

/// What kind of failure an Error is; main() maps these to exit codes and wording.
enum class Errc {
    Io,              ///< reading or writing a file or directory failed
    Input,           ///< a file is not an article we can read (binary, empty, too large, ...)
    Xapian,          ///< the Xapian database failed
    Sqlite,          ///< the SQLite catalogue failed
    Query,           ///< the query string is malformed
    Locked,          ///< another indexer holds the index
    SchemaMismatch,  ///< the index was written by another schema version
    NoIndex,         ///< there is no index where one was asked for
    Usage,           ///< options that contradict each other or the index
};

struct Error {
    Errc code;
    std::string message;  ///< what failed, naming the object (path, query)
    std::string hint;     ///< what the user can do about it; may be empty

    Error(Errc c, std::string msg, std::string h = {})
        : code(c), message(std::move(msg)), hint(std::move(h)) {}
};

/// Wraps an Error so that `return Unexpected{...}` reads like std::unexpected.
struct Unexpected {
    Error error;
};

inline Unexpected fail(Errc code, std::string message, std::string hint = {}) {
    return Unexpected{Error(code, std::move(message), std::move(hint))};
}

template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
    Result(Unexpected u) : state_(std::in_place_index<1>, std::move(u.error)) {}

    bool has_value() const { return state_.index() == 0; }
    explicit operator bool() const { return has_value(); }

    T& value() & { return std::get<0>(state_); }
    const T& value() const& { return std::get<0>(state_); }
    T&& value() && { return std::get<0>(std::move(state_)); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    const Error& error() const { return std::get<1>(state_); }

private:
    std::variant<T, Error> state_;
};

/// Result<void>: success carries nothing.
template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Unexpected u) : error_(std::move(u.error)), ok_(false) {}

    bool has_value() const { return ok_; }
    explicit operator bool() const { return ok_; }
    const Error& error() const { return error_; }

private:
    Error error_{Errc::Io, {}};
    bool ok_ = true;
};

}  // namespace newsdex
