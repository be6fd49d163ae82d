// The ORUK OpenAPI document served at /oruk/openapi.json (oruk/openapi.json,
// embedded at build time by embed_openapi.cmake).
#pragma once

#include <string_view>

namespace nhood::server {

std::string_view OrukOpenApiJson();

}  // namespace nhood::server
