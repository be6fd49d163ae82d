// The web app's templates and static assets, embedded at build time
// (embed_web.cmake): "templates/caseload.mustache", "static/htmx.min.js"…
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace nhood::server::web {

// The file's text, or nullopt for an unknown name.
std::optional<std::string_view> WebFile(std::string_view name);

// Every embedded file's name, sorted.
std::vector<std::string_view> WebFileNames();

}  // namespace nhood::server::web
