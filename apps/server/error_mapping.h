// The one table from nhood::StatusCode to an HTTP status, and the one JSON
// error body:
//   {"ok": false, "status": 422, "error": "…", "field": "minutes",
//    "errors": [{"error": "…", "field": "minutes"}], "request_id": "…"}
// ("field" only when the error names one). kInvalidArgument is 422 when it
// names a field (a well-formed request with a bad value) and 400 otherwise
// (a malformed request). kInternal and anything unexpected say only
// "internal error": details never reach the client.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "nhood/base/result.h"

namespace nhood::server {

int HttpStatus(const Error& e);
nlohmann::json ErrorBody(int http_status, const std::string& message, const std::string& field,
                         const std::string& request_id);
nlohmann::json ErrorBody(const Error& e, const std::string& request_id);

}  // namespace nhood::server
