#include "nhood/io/catalogue.h"

#include <cpl_error.h>
#include <cpl_http.h>
#include <gdal.h>
#include <ogr_api.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "nhood/io/table_io.h"

namespace nhood::io {
namespace {

namespace fs = std::filesystem;

const char* kOgl = "Open Government Licence v3.0";
const char* kOglOs = "Open Government Licence v3.0; contains OS data (c) Crown copyright and database right";
const char* kImdPage = "https://www.gov.uk/government/statistics/english-indices-of-deprivation-2019";
const char* kGeoPortal = "https://geoportal.statistics.gov.uk/";

long CountFeatures(const std::string& path, std::string* error) {
  GDALAllRegister();
  CPLPushErrorHandler(CPLQuietErrorHandler);
  GDALDatasetH ds = GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
  CPLPopErrorHandler();
  if (!ds) {
    *error = "cannot be opened as a vector file";
    return -1;
  }
  OGRLayerH layer = GDALDatasetGetLayer(ds, 0);
  long n = layer ? static_cast<long>(OGR_L_GetFeatureCount(layer, TRUE)) : -1;
  GDALClose(ds);
  return n;
}

}  // namespace

const std::vector<Dataset>& Catalogue() {
  static const std::vector<Dataset> kCatalogue = {
      {"imd2019-domains", "English Indices of Deprivation 2019, File 2: domains of deprivation (ranks, deciles)",
       "MHCLG", kImdPage, "", kOgl, "2019", "LSOA 2011, England",
       "imd2019/IoD2019_File2_Domains_of_Deprivation.csv", 32844, "LSOA code (2011)"},
      {"imd2019-transformed", "English Indices of Deprivation 2019, File 9: transformed domain scores", "MHCLG",
       kImdPage, "", kOgl, "2019", "LSOA 2011, England", "imd2019/IoD2019_File9_Transformed_Scores.csv", 32844,
       "LSOA code (2011)"},
      {"imd2019-population", "English Indices of Deprivation 2019, File 6: population denominators (mid-2015)",
       "MHCLG", kImdPage, "", kOgl, "2019 (mid-2015 population)", "LSOA 2011, England",
       "imd2019/IoD2019_File6_Population_Denominators.csv", 32844, "LSOA code (2011)"},
      {"imd2019-scores", "English Indices of Deprivation 2019: IMD, income and employment scores", "MHCLG (via mySociety)",
       kImdPage, "", kOgl, "2019", "LSOA 2011, England",
       "imd2019/IoD2019_scores_IMD_income_employment_from_mysociety.csv", 32844, "lsoa11cd"},
      {"imd2019-indicators", "English Indices of Deprivation 2019, File 8: underlying indicators", "MHCLG (via humaniverse/IMD)",
       kImdPage, "", kOgl, "2019", "LSOA 2011, England",
       "imd2019/IoD2019_File8_underlying_indicators_lsoa11_humaniverse.csv", 32844, "lsoa11_code"},
      {"imd2025", "English Indices of Deprivation 2025: scores, ranks and deciles", "MHCLG (via humaniverse/IMD)",
       "https://www.gov.uk/government/statistics/english-indices-of-deprivation-2025", "", kOgl, "2025",
       "LSOA 2021, England", "imd2025/IoD2025_lsoa21_scores_ranks_deciles_humaniverse.csv", 33755, "lsoa21_code"},
      {"lsoa11-boundaries", "LSOA December 2011 boundaries, generalised", "ONS", kGeoPortal, "", kOglOs, "2011",
       "LSOA 2011, England", "boundaries/lsoa11_england_generalised.geojson", 32844, "lsoa11_code"},
      {"lsoa21-boundaries", "LSOA December 2021 boundaries, super-generalised", "ONS", kGeoPortal, "", kOglOs, "2021",
       "LSOA 2021, England", "boundaries/lsoa21_england_generalised.geojson", 33755, "lsoa21_code"},
      {"msoa11-boundaries", "MSOA December 2011 boundaries, generalised", "ONS", kGeoPortal, "", kOglOs, "2011",
       "MSOA 2011, England", "boundaries/msoa11_england_generalised.geojson", 6791, "msoa11_code"},
      {"msoa21-boundaries", "MSOA December 2021 boundaries, super-generalised", "ONS", kGeoPortal, "", kOglOs, "2021",
       "MSOA 2021, England", "boundaries/msoa21_england_generalised.geojson", 6856, "msoa21_code"},
      {"ward22-boundaries", "Wards December 2022 boundaries, super-generalised", "ONS", kGeoPortal, "", kOglOs, "2022",
       "ward 2022, England", "boundaries/wards22_england_bsc.geojson", 6904, "ward22_code"},
      {"lad19-boundaries", "Local authority districts April 2019 boundaries", "ONS", kGeoPortal, "", kOglOs, "2019",
       "LAD 2019, England", "boundaries/lad19_england_generalised.geojson", 317, "ltla19_code"},
      {"lad21-boundaries", "Local authority districts 2021 boundaries", "ONS", kGeoPortal, "", kOglOs, "2021",
       "LAD 2021, England", "boundaries/lad21_england_generalised.geojson", 309, "ltla21_code"},
      {"lookup-lsoa11-ward19-lad19", "LSOA (2011) to ward (2019) to LAD (2019) best-fit lookup", "ONS", kGeoPortal, "",
       kOgl, "2019", "LSOA 2011, England and Wales", "lookups/LSOA11_WD19_LAD19_EW_lookup_ONS.csv", 34753, "LSOA11CD"},
      {"lookup-lsoa11-ward17", "LSOA (2011) to ward (December 2017) best-fit lookup", "ONS (via geographr)", kGeoPortal,
       "", kOgl, "2017", "LSOA 2011, England", "lookups/lsoa11_ward17_geographr.csv", 32844, "lsoa11_code"},
      {"lookup-lsoa11-msoa11", "LSOA (2011) to MSOA (2011) lookup", "ONS (via geographr)", kGeoPortal, "", kOgl, "2011",
       "LSOA 2011, England", "lookups/lsoa11_msoa11_geographr.csv", 32844, "lsoa11_code"},
      {"lookup-lsoa11-region", "Output Area Classification lookup: LSOA 2011 to MSOA, LAD 2017 and region", "ONS",
       kGeoPortal, "", kOgl, "2011/2017", "LSOA 2011, England",
       "lookups/lsoa11_msoa11_lad17_region11_ons_oac_lookup.csv", 32844, "LSOA11CD"},
      {"lookup-lsoa11-lsoa21", "LSOA (2011) to LSOA (2021) to LAD (2022) best-fit lookup", "ONS (via geographr)",
       kGeoPortal, "", kOgl, "2021", "LSOA 2011 and 2021, England", "lookups/lsoa11_lsoa21_lad22_geographr.csv", 33855,
       "change_code"},
      {"census2011-qs302", "Census 2011 QS302EW general health (counts)", "ONS / Nomis",
       "https://www.nomisweb.co.uk/census/2011/qs302ew", "", kOgl, "2011", "LSOA 2011, England and Wales",
       "census/census2011_QS302EW_general_health_lsoa11.csv", 34753, "code"},
      {"census2021-ts037", "Census 2021 TS037 general health (counts, summed from output areas)", "ONS / Nomis",
       "https://www.nomisweb.co.uk/sources/census_2021_bulk",
       "https://www.nomisweb.co.uk/output/census/2021/census2021-ts037.zip", kOgl, "2021",
       "LSOA 2021, England and Wales", "census/census2021_TS037_general_health_lsoa21.csv", 35672, "code"},
      {"census2021-ts038", "Census 2021 TS038 disability", "ONS / Nomis (via demographr)",
       "https://www.nomisweb.co.uk/sources/census_2021_bulk",
       "https://www.nomisweb.co.uk/output/census/2021/census2021-ts038.zip", kOgl, "2021", "LSOA 2021, England",
       "census/census2021_TS038_disability_lsoa21_demographr.csv", 67510, "lsoa21_code"},
      {"census2021-ts007a", "Census 2021 TS007A age by five-year bands (Nomis export)", "ONS / Nomis",
       "https://www.nomisweb.co.uk/datasets/c2021ts007a", "", kOgl, "2021", "LSOA 2021, England and Wales",
       "census/census2021_TS007A_age_5yr_bands_lsoa21_nomis_export.csv", 35672, "mnemonic", 5},
      {"population-mid2019", "Mid-2019 small-area population estimates, single year of age", "ONS (via demographr)",
       "https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/populationestimates/datasets/"
       "lowersuperoutputareamidyearpopulationestimates",
       "", kOgl, "mid-2019", "LSOA 2011, England", "population/mid2019_population_single_year_age_lsoa11_demographr.csv",
       32844, "lsoa11_code"},
      {"cni2019", "Community Needs Index 2019 and left-behind neighbourhoods", "OCSI for Local Trust (via humaniverse/IMD)",
       "https://localtrust.org.uk/policy/left-behind-neighbourhoods/", "",
       "published by OCSI/Local Trust; attribution required, licence not stated", "2019 (2020 update)",
       "ward December 2017, England", "community/cni2019_wards17_left_behind_ocsi_humaniverse.csv", 7433, "ward17_code"},
      {"cni2023", "Community Needs Index 2023", "OCSI for Local Trust (via humaniverse/IMD)", "https://ocsi.uk/", "",
       "published by OCSI/Local Trust; attribution required, licence not stated", "2023", "LSOA 2021, England",
       "community/cni2023_lsoa21_left_behind_ocsi_humaniverse.csv", 33755, "lsoa21_code"},
  };
  return kCatalogue;
}

Result<Dataset> FindDataset(const std::string& id) {
  std::string ids;
  for (const Dataset& d : Catalogue()) {
    if (d.id == id) return d;
    ids += (ids.empty() ? "" : ", ") + d.id;
  }
  return NotFound("no dataset '" + id + "' in the catalogue (known: " + ids + ")");
}

std::string DefaultDataDir() {
  if (const char* env = std::getenv("NHOOD_DATA_DIR"); env && *env) return env;
  for (const char* candidate : {"../shared/data", "../../shared/data", "../../../shared/data"}) {
    std::error_code ec;
    if (fs::is_directory(candidate, ec)) return fs::canonical(candidate, ec).string();
  }
  return "data";
}

CheckResult Check(const Dataset& d, const std::string& data_dir) {
  CheckResult r;
  const std::string path = (fs::path(data_dir) / d.path).string();
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    r.detail = "missing: " + path;
    return r;
  }
  r.present = true;
  const std::string ext = Extension(path);
  if (ext == "geojson" || ext == "gpkg" || ext == "shp") {
    r.rows = CountFeatures(path, &r.detail);
  } else {
    Result<Table> t = ReadTable(path, {.skip_lines = d.skip_lines});
    if (!t) {
      r.detail = t.error().message;
      return r;
    }
    if (!t->Find(d.key_column)) {
      r.detail = "key column '" + d.key_column + "' not found";
      return r;
    }
    r.rows = static_cast<long>(t->num_rows());
  }
  if (r.rows != d.expected_rows) {
    if (r.detail.empty()) {
      r.detail = "has " + std::to_string(r.rows) + " rows, expected " + std::to_string(d.expected_rows);
    }
    return r;
  }
  r.valid = true;
  r.detail = "ok";
  return r;
}

Status Download(const Dataset& d, const std::string& data_dir) {
  if (d.download_url.empty()) {
    return FailedPrecondition(d.id + ": the publisher offers no stable direct download; get it from " + d.page_url +
                              " and save it as " + (fs::path(data_dir) / d.path).string());
  }
  const char* options[] = {"TIMEOUT=60", "CONNECTTIMEOUT=10", nullptr};
  CPLPushErrorHandler(CPLQuietErrorHandler);
  CPLHTTPResult* res = CPLHTTPFetch(d.download_url.c_str(), const_cast<char**>(options));
  CPLPopErrorHandler();
  if (!res || res->nStatus != 0 || res->pszErrBuf || res->nDataLen == 0) {
    std::string why = res && res->pszErrBuf ? res->pszErrBuf : "no response";
    CPLHTTPDestroyResult(res);
    return Unavailable(d.id + ": cannot download " + d.download_url + " (" + why +
                       "); no network? Download it by hand and save it under " + data_dir);
  }
  fs::path target = fs::path(data_dir) / d.path;
  if (d.download_url.ends_with(".zip")) target = target.parent_path() / fs::path(d.download_url).filename();
  std::error_code ec;
  fs::create_directories(target.parent_path(), ec);
  const fs::path tmp = target.string() + ".part";
  {
    std::ofstream out(tmp, std::ios::binary);
    out.write(reinterpret_cast<const char*>(res->pabyData), res->nDataLen);
    out.close();
    if (!out) {
      CPLHTTPDestroyResult(res);
      fs::remove(tmp, ec);
      return IoError(target.string() + ": cannot be written (is the disk full?)");
    }
  }
  CPLHTTPDestroyResult(res);
  fs::rename(tmp, target, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return IoError(target.string() + ": cannot move the download into place");
  }
  return Status::Ok();
}

}  // namespace nhood::io
