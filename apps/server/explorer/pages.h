// The explorer's HTML pages, rendered from logic-less mustache templates
// (kainjow) embedded at build (embed_assets.cmake) from the same JSON the
// API returns: C++ prepares every shown string and every spine-chart
// coordinate; templates only place them.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "apps/server/explorer/explorer.h"
#include "nhood/base/result.h"

namespace nhood::server::explorer {

// An embedded asset or template by name ("explorer.js", "map.mustache"),
// or an empty view.
std::string_view Asset(std::string_view name);

// Parses every template; kInternal naming the template and mustache's
// error when one is invalid (nhood serve stops with it).
Status CheckTemplates();

Result<std::string> MapPage(const Explorer& e, const LoadedAtlas& a);
Result<std::string> ProfilePage(const LoadedAtlas& a, const nlohmann::json& profile);
Result<std::string> ComparePage(const LoadedAtlas& a, const nlohmann::json& first, const nlohmann::json& second);

// "0.0696" style: 3 significant digits (at least 1 decimal for ratios), ""
// for null.
std::string ShowNumber(const nlohmann::json& v);

}  // namespace nhood::server::explorer
