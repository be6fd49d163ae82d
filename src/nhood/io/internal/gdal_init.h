// GDAL's drivers registered once per process, with io's settings
// (OGR_XLSX_HEADERS / OGR_ODS_HEADERS = FORCE): std::call_once, so the
// readers may start on several threads at once. Internal to io.
#pragma once

namespace nhood::io::internal {

void InitGdal();

}  // namespace nhood::io::internal
