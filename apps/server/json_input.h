// Typed reads of fields from a parsed JSON request body. A missing required
// field or a value of the wrong type is kInvalidArgument naming the field
// (HTTP 422); a body that is not an object is kInvalidArgument without a
// field (HTTP 400).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "nhood/base/result.h"

namespace nhood::server {

Status RequireObject(const nlohmann::json& body);
Result<std::string> ReqString(const nlohmann::json& body, const std::string& field);
Result<std::optional<std::string>> OptString(const nlohmann::json& body, const std::string& field);
Result<int64_t> ReqInt(const nlohmann::json& body, const std::string& field);
Result<std::optional<int64_t>> OptInt(const nlohmann::json& body, const std::string& field);
Result<std::optional<bool>> OptBool(const nlohmann::json& body, const std::string& field);
Result<std::vector<std::string>> ReqStrings(const nlohmann::json& body, const std::string& field);
Result<std::vector<std::string>> OptStrings(const nlohmann::json& body, const std::string& field);
Result<std::vector<int>> ReqInts(const nlohmann::json& body, const std::string& field);

// A decimal id from a path or query ("17"); kNotFound naming `what` when it
// does not fit an int64 (the route regex already checked the digits).
Result<int64_t> ParseId(const std::string& text, const std::string& what);
// An integer query parameter, or kInvalidArgument naming it.
Result<int64_t> ParseIntParam(const std::string& text, const std::string& field);
Result<double> ParseNumberParam(const std::string& text, const std::string& field);

}  // namespace nhood::server
