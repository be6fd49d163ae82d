#include "apps/server/json_input.h"

#include <charconv>
#include <cmath>
#include <limits>

namespace nhood::server {
namespace {

using nlohmann::json;

const json* Find(const json& body, const std::string& field) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return nullptr;
  return &*it;
}

Error WrongType(const std::string& field, const char* type) {
  return InvalidField(field, field + " must be " + type);
}

bool IsInteger(const json& v) {
  if (v.is_number_integer()) return true;
  if (v.is_number_float()) {
    const double d = v.get<double>();
    return std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9e15;
  }
  return false;
}

}  // namespace

Status RequireObject(const json& body) {
  if (!body.is_object()) return InvalidArgument("the request body must be a JSON object");
  return Status::Ok();
}

Result<std::string> ReqString(const json& body, const std::string& field) {
  const json* v = Find(body, field);
  if (!v) return InvalidField(field, field + " is required");
  if (!v->is_string()) return WrongType(field, "a string");
  return v->get<std::string>();
}

Result<std::optional<std::string>> OptString(const json& body, const std::string& field) {
  const json* v = Find(body, field);
  if (!v) return std::optional<std::string>();
  if (!v->is_string()) return WrongType(field, "a string");
  return std::optional<std::string>(v->get<std::string>());
}

Result<int64_t> ReqInt(const json& body, const std::string& field) {
  const json* v = Find(body, field);
  if (!v) return InvalidField(field, field + " is required");
  if (!IsInteger(*v)) return WrongType(field, "an integer");
  return v->is_number_integer() ? v->get<int64_t>() : static_cast<int64_t>(v->get<double>());
}

Result<std::optional<int64_t>> OptInt(const json& body, const std::string& field) {
  if (!Find(body, field)) return std::optional<int64_t>();
  NHOOD_ASSIGN_OR_RETURN(int64_t v, ReqInt(body, field));
  return std::optional<int64_t>(v);
}

Result<std::optional<bool>> OptBool(const json& body, const std::string& field) {
  const json* v = Find(body, field);
  if (!v) return std::optional<bool>();
  if (!v->is_boolean()) return WrongType(field, "true or false");
  return std::optional<bool>(v->get<bool>());
}

Result<std::vector<std::string>> OptStrings(const json& body, const std::string& field) {
  const json* v = Find(body, field);
  std::vector<std::string> out;
  if (!v) return out;
  if (!v->is_array()) return WrongType(field, "an array of strings");
  for (size_t i = 0; i < v->size(); ++i) {
    if (!(*v)[i].is_string()) return WrongType(field + "[" + std::to_string(i) + "]", "a string");
    out.push_back((*v)[i].get<std::string>());
  }
  return out;
}

Result<std::vector<std::string>> ReqStrings(const json& body, const std::string& field) {
  if (!Find(body, field)) return InvalidField(field, field + " is required");
  return OptStrings(body, field);
}

Result<std::vector<int>> ReqInts(const json& body, const std::string& field) {
  const json* v = Find(body, field);
  if (!v) return InvalidField(field, field + " is required");
  if (!v->is_array()) return WrongType(field, "an array of integers");
  std::vector<int> out;
  for (size_t i = 0; i < v->size(); ++i) {
    const json& x = (*v)[i];
    const std::string f = field + "[" + std::to_string(i) + "]";
    if (!IsInteger(x)) return WrongType(f, "an integer");
    const double d = x.get<double>();
    if (d < std::numeric_limits<int>::min() || d > std::numeric_limits<int>::max()) {
      return InvalidField(f, f + " is out of range");
    }
    out.push_back(static_cast<int>(d));
  }
  return out;
}

Result<int64_t> ParseId(const std::string& text, const std::string& what) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || v <= 0) return NotFound(what + " not found");
  return v;
}

Result<int64_t> ParseIntParam(const std::string& text, const std::string& field) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size()) return WrongType(field, "an integer");
  return v;
}

Result<double> ParseNumberParam(const std::string& text, const std::string& field) {
  double v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || !std::isfinite(v)) return WrongType(field, "a number");
  return v;
}

}  // namespace nhood::server
