#include "apps/server/error_mapping.h"

namespace nhood::server {

int HttpStatus(const Error& e) {
  switch (e.code) {
    case StatusCode::kOk: return 200;
    case StatusCode::kInvalidArgument: return e.field.empty() ? 400 : 422;
    case StatusCode::kNotFound: return 404;
    case StatusCode::kFailedPrecondition: return 409;
    case StatusCode::kUnauthenticated: return 401;
    case StatusCode::kPermissionDenied: return 403;
    case StatusCode::kUnavailable: return 503;
    case StatusCode::kIoError:
    case StatusCode::kInternal: return 500;
  }
  return 500;
}

nlohmann::json ErrorBody(int status, const std::string& message, const std::string& field,
                         const std::string& request_id) {
  nlohmann::json entry = {{"error", message}};
  if (!field.empty()) entry["field"] = field;
  nlohmann::json body = {{"ok", false}, {"status", status}, {"error", message}, {"errors", {entry}},
                         {"request_id", request_id}};
  if (!field.empty()) body["field"] = field;
  return body;
}

nlohmann::json ErrorBody(const Error& e, const std::string& request_id) {
  const int status = HttpStatus(e);
  if (status >= 500 && status != 503) return ErrorBody(status, "internal error", "", request_id);
  if (status == 503) return ErrorBody(status, "service unavailable, try again", "", request_id);
  return ErrorBody(status, e.message, e.field, request_id);
}

}  // namespace nhood::server
