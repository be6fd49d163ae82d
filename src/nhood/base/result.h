// Status and Result<T>: how data and input problems travel through nhood.
//
// A Status is ok or holds an Error (a canonical code and a lower-case message
// with no final period). Result<T> holds a T or an Error. Member names follow
// std::expected (has_value, value, error, operator*, operator->) so moving to
// it later is mechanical. Both are copyable value types; neither throws.
#pragma once

#include <string>
#include <type_traits>
#include <utility>
#include <variant>

namespace nhood {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,    // the input itself is wrong: bad value, missing column
  kFailedPrecondition, // valid input, wrong state: e.g. output exists
  kNotFound,           // a named thing (file, column, area) is absent
  kIoError,            // reading or writing failed
  kUnavailable,        // a service (network) cannot be reached
  kInternal,           // a bug: should never reach a user
  kUnauthenticated,    // no valid session or credentials (HTTP 401)
  kPermissionDenied,   // authenticated, but this role or person may not (HTTP 403)
};

const char* StatusCodeName(StatusCode code);

struct Error {
  StatusCode code = StatusCode::kInternal;
  std::string message;
  // The input field at fault, when one is (validation errors: "minutes",
  // "items[6]"); empty otherwise. APIs return it as {"error", "field"}.
  std::string field;
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT

  static Status Ok() { return Status(); }

  bool ok() const { return ok_; }
  // REQUIRES: !ok().
  const Error& error() const { return error_; }
  StatusCode code() const { return ok_ ? StatusCode::kOk : error_.code; }
  const std::string& message() const { return error_.message; }
  // The field at fault, or empty (see Error::field).
  const std::string& field() const { return error_.field; }
  // "InvalidArgument: message", or "OK".
  std::string ToString() const;

 private:
  Error error_;
  bool ok_ = true;
};

inline Error InvalidArgument(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
inline Error FailedPrecondition(std::string m) { return {StatusCode::kFailedPrecondition, std::move(m)}; }
inline Error NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
inline Error IoError(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
inline Error Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
inline Error Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }
inline Error Unauthenticated(std::string m) { return {StatusCode::kUnauthenticated, std::move(m)}; }
inline Error PermissionDenied(std::string m) { return {StatusCode::kPermissionDenied, std::move(m)}; }
// kInvalidArgument naming the input field at fault.
inline Error InvalidField(std::string field, std::string m) {
  return {StatusCode::kInvalidArgument, std::move(m), std::move(field)};
}

template <typename T>
class [[nodiscard]] Result {
  static_assert(!std::is_same_v<T, Error>, "Result<Error> is ambiguous");

 public:
  Result(T value) : v_(std::move(value)) {}        // NOLINT
  Result(Error error) : v_(std::move(error)) {}    // NOLINT
  Result(Status status) : v_(status.error()) {}    // NOLINT: REQUIRES !status.ok()

  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }
  bool ok() const { return has_value(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  // REQUIRES: !has_value().
  const Error& error() const { return std::get<1>(v_); }
  Status status() const { return has_value() ? Status() : Status(error()); }

 private:
  std::variant<T, Error> v_;
};

}  // namespace nhood

#define NHOOD_CONCAT_INNER_(a, b) a##b
#define NHOOD_CONCAT_(a, b) NHOOD_CONCAT_INNER_(a, b)

// Returns from the enclosing function if `expr` (a Status) is not ok.
#define NHOOD_RETURN_IF_ERROR(expr)                         \
  do {                                                      \
    ::nhood::Status nhood_status_ = (expr);                 \
    if (!nhood_status_.ok()) return nhood_status_.error();  \
  } while (0)

// NHOOD_ASSIGN_OR_RETURN(auto x, MaybeX()): binds the value or returns the error.
#define NHOOD_ASSIGN_OR_RETURN(lhs, expr) \
  NHOOD_ASSIGN_OR_RETURN_IMPL_(NHOOD_CONCAT_(nhood_result_, __LINE__), lhs, expr)
#define NHOOD_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.has_value()) return tmp.error();          \
  lhs = std::move(tmp).value()
