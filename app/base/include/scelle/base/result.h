// Result<T>: the value-or-error type every fallible library function returns.
//
// It has the shape of C++23's std::expected, written here because g++ 12, clang 14 and the
// compilers of the other platforms do not all ship <expected> yet. An Error carries a code
// (what kind of failure, which decides the exit code and the sentence shown to the user), the
// subject (the path, case, item or URL concerned) and a detail (the system's own words, such
// as strerror). Errors are plain values: copyable, comparable by code, thread-compatible.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace scelle {

// What went wrong, by meaning. The command line maps each code to an exit code and to one
// sentence in French or English; keep the list short and the meanings distinct.
enum class Errc {
    usage,                // an argument has a value that cannot be used
    input_missing,        // the file to read does not exist
    input_is_directory,   // a directory was given where a file is needed
    input_not_regular,    // a device, a pipe, a socket
    input_empty,          // a 0-byte file
    input_unreadable,     // permission denied or an I/O error while reading the input
    input_name_too_long,  // the path or one of its names is longer than the system allows
    input_changed,        // the file changed while it was being read
    unknown_case,         // no case has this id or prefix
    ambiguous_case,       // the prefix matches several cases
    unknown_item,         // no item with this number in the case
    unknown_account,      // no account with this handle in the case
    ambiguous_account,    // the handle names accounts on several platforms
    already_withdrawn,    // the item was withdrawn before
    not_available,        // the item has no stored original (a link, a withdrawn item)
    target_exists,        // an output file already exists and is not overwritten
    output_failed,        // an output file could not be written
    store_unwritable,     // the store is read-only or permission is denied
    store_full,           // no space left on the store's disk
    store_io,             // any other I/O failure in the store
    store_corrupt,        // the store's content is not what Scellé wrote
    store_too_new,        // the case was written by a newer Scellé
    bad_settings,         // a settings file, variable or trust anchor file cannot be used
    capture_unavailable,  // the screen cannot be read: no display, permission refused
    capture_cancelled,    // the user cancelled a capture (the overlay, the system's dialog)
    install_incomplete,   // a part of Scellé (a module it loads) is missing or from another build
    internal,             // a bug: an invariant did not hold
};

struct Error {
    Errc code = Errc::internal;
    std::string subject;  // the path, case id, item number, URL... concerned
    std::string detail;   // the system's or library's own words, may be empty
    int sys_errno = 0;    // the errno behind it, when there is one
};

// Builds an Error from a failed system call, choosing the store or input code from errno.
Error error_from_errno(int err, std::string subject, bool about_input);
// Whether an errno says the disk is full: ENOSPC, or EDQUOT (a quota) where it exists.
bool is_no_space_errno(int err);

template <typename T>
class [[nodiscard]] Result {
  public:
    Result(T value) : m_v(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit
    Result(Error error) : m_v(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & {
        assert(ok());
        return std::get<0>(m_v);
    }
    const T& value() const& {
        assert(ok());
        return std::get<0>(m_v);
    }
    T&& value() && {
        assert(ok());
        return std::get<0>(std::move(m_v));
    }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const& {
        assert(!ok());
        return std::get<1>(m_v);
    }
    Error&& error() && {
        assert(!ok());
        return std::get<1>(std::move(m_v));
    }

  private:
    std::variant<T, Error> m_v;
};

template <>
class [[nodiscard]] Result<void> {
  public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)), m_ok(false) {}  // NOLINT: implicit

    bool ok() const { return m_ok; }
    explicit operator bool() const { return m_ok; }
    const Error& error() const& {
        assert(!m_ok);
        return m_error;
    }
    Error&& error() && {
        assert(!m_ok);
        return std::move(m_error);
    }

  private:
    Error m_error;
    bool m_ok = true;
};

inline Error make_error(Errc code, std::string subject, std::string detail = {}) {
    return Error{code, std::move(subject), std::move(detail), 0};
}

}  // namespace scelle

// Propagates the error of an expression returning a Result, in a function returning a Result.
#define SCELLE_TRY(expr)                                  \
    do {                                                  \
        auto scelle_try_result_ = (expr);                 \
        if (!scelle_try_result_.ok())                     \
            return std::move(scelle_try_result_).error(); \
    } while (0)

#define SCELLE_CONCAT_INNER_(a, b) a##b
#define SCELLE_CONCAT_(a, b) SCELLE_CONCAT_INNER_(a, b)
// Declares `lhs` from the value of a Result expression, or returns its error.
#define SCELLE_ASSIGN_OR_RETURN(lhs, expr) \
    SCELLE_ASSIGN_OR_RETURN_IMPL_(SCELLE_CONCAT_(scelle_result_, __LINE__), lhs, expr)
#define SCELLE_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
    auto tmp = (expr);                                \
    if (!tmp.ok())                                    \
        return std::move(tmp).error();                \
    lhs = std::move(tmp).value()
