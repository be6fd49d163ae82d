// Writing optional fields into JSON responses: an absent value is omitted,
// never written as null (HSDS 3.0 / ORUK: optional fields are left out).
#pragma once

#include <optional>

#include <nlohmann/json.hpp>

namespace nhood::server {

template <typename T>
void Put(nlohmann::json& j, const char* key, const std::optional<T>& v) {
  if (v) j[key] = *v;
}

}  // namespace nhood::server
