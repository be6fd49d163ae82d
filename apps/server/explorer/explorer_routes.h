// The explorer's routes (public, read-only, aggregate open data only):
//   GET /atlas/                          the map (HTML)
//   GET /atlas/neighbourhoods/ID         a neighbourhood's profile (HTML, printable)
//   GET /atlas/compare?a=ID&b=ID         two neighbourhoods side by side (HTML)
//   GET /static/explorer/NAME            Leaflet and the explorer's script and style
// and their JSON twins and downloads under /api/v1/atlas (docs/api.md). Every
// route takes ?atlas=SLUG (the first atlas when absent). Handlers are thin:
// the data comes from explorer.h, built at start.
#pragma once

#include <vector>

#include "apps/server/router.h"

namespace nhood::server::explorer {

std::vector<Route> ExplorerRoutes();

}  // namespace nhood::server::explorer
