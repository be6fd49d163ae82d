#include "nhood/io/table_io.h"

#include <cpl_conv.h>
#include <cpl_csv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <nlohmann/json.hpp>
#include <vector>

#include "nhood/base/number.h"
#include "nhood/io/internal/atomic_file.h"
#include "nhood/io/internal/gdal_init.h"
#include "nhood/io/internal/ogr_field.h"
#include "nhood/io/internal/output.h"
#include "nhood/io/provenance.h"
#include "nhood/io/validate.h"

namespace nhood::io {

void internal::InitGdal() {
  static std::once_flag once;
  std::call_once(once, [] {
    GDALAllRegister();
    CPLSetConfigOption("OGR_XLSX_HEADERS", "FORCE");
    CPLSetConfigOption("OGR_ODS_HEADERS", "FORCE");
  });
}

namespace {

namespace fs = std::filesystem;


// Collects GDAL's messages for this thread instead of printing them.
class QuietGdal {
 public:
  QuietGdal() {
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CPLErrorReset();
  }
  ~QuietGdal() { CPLPopErrorHandler(); }
};

struct DatasetCloser {
  void operator()(void* ds) const {
    if (ds) GDALClose(ds);
  }
};
using Dataset = std::unique_ptr<void, DatasetCloser>;

// Byte offset just past the first `lines` lines.
Result<size_t> OffsetAfterLines(const std::string& path, int lines) {
  std::ifstream in(path, std::ios::binary);
  size_t offset = 0;
  std::string line;
  for (int i = 0; i < lines; ++i) {
    if (!std::getline(in, line)) return InvalidArgument(path + ": has fewer than " + std::to_string(lines + 1) + " lines");
    offset += line.size() + 1;
  }
  return offset;
}

Status CheckTextFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char buf[65536];
  in.read(buf, sizeof buf);
  const std::streamsize n = in.gcount();
  for (std::streamsize i = 0; i < n; ++i) {
    if (buf[i] == '\0') return InvalidArgument(path + ": looks like a binary file, not CSV text");
  }
  return Status::Ok();
}

// "01234" or "-007": a code whose leading zeros a number would lose.
bool HasLeadingZero(const std::string& cell) {
  size_t i = 0;
  while (i < cell.size() && (cell[i] == ' ' || cell[i] == '+' || cell[i] == '-')) ++i;
  return i + 1 < cell.size() && cell[i] == '0' && std::isdigit(static_cast<unsigned char>(cell[i + 1]));
}

// A text column is written as numbers when every present cell is a finite
// number that reads back the same (no leading zeros).
bool LooksNumeric(const Table::Text& cells) {
  bool any = false;
  for (const auto& c : cells) {
    if (IsMissingText(c)) continue;
    std::optional<double> v = ParseNumber(c);
    if (!v || !std::isfinite(*v) || HasLeadingZero(c)) return false;
    any = true;
  }
  return any;
}

// Every data record of a CSV has as many fields as the header (empty
// trailing fields aside, which lose nothing). GDAL's CSV driver would drop
// an extra field and read a short row's absent fields as empty, silently;
// this reads the records with GDAL's own CSV tokenizer to count them.
// With `cells`, it also keeps each kept record's fields (one Text per header
// field; blank rows dropped, as ReadTable drops them): the same strings the
// CSV driver gives, which tokenises with the same call and flags.
Status CheckFieldCounts(const std::string& path, size_t offset, int skip_lines,
                        std::vector<Table::Text>* cells = nullptr, std::vector<std::string>* header_names = nullptr) {
  VSILFILE* fp = VSIFOpenL(path.c_str(), "rb");
  if (!fp) return IoError(path + ": cannot be opened");
  struct Closer {
    VSILFILE* f;
    ~Closer() { VSIFCloseL(f); }
  } closer{fp};
  VSIFSeekL(fp, static_cast<vsi_l_offset>(offset), SEEK_SET);
  const char* first = CPLReadLineL(fp);
  if (!first) return Status::Ok();
  const char delimiter[2] = {CSVDetectSeperator(first), '\0'};  // as the CSV driver detects it
  VSIFSeekL(fp, static_cast<vsi_l_offset>(offset), SEEK_SET);
  size_t line = static_cast<size_t>(skip_lines) + 1;  // physical line the next record starts on
  size_t row = 0;                                      // data rows, as ReadTable numbers them
  int header = -1;
  char** fields;
  while ((fields = CSVReadParseLine3L(fp, 0, delimiter, TRUE, FALSE, FALSE, TRUE)) != nullptr) {
    const int n = CSLCount(fields);
    size_t newlines = 0;
    int last_present = -1;
    for (int i = 0; i < n; ++i) {
      for (const char* c = fields[i]; *c; ++c) newlines += *c == '\n';
      if (fields[i][0] != '\0') last_present = i;
    }
    const bool keep = cells && header >= 0 && last_present >= 0 && last_present < header && n >= header;
    if (keep) {
      for (int i = 0; i < header; ++i) (*cells)[static_cast<size_t>(i)].emplace_back(fields[i]);
    }
    if (header < 0 && header_names) header_names->assign(fields, fields + n);
    CSLDestroy(fields);
    const size_t record_line = line;
    line += 1 + newlines;
    if (header < 0) {
      header = n;
      if (cells) cells->assign(static_cast<size_t>(std::max(header, 0)), Table::Text());
      continue;
    }
    if (last_present < 0) continue;  // a blank row, dropped by ReadTable
    ++row;
    if (n < header || last_present >= header) {
      const int count = n < header ? n : last_present + 1;
      return InvalidArgument(path + ": row " + std::to_string(row) + " (line " + std::to_string(record_line) +
                             "): " + std::to_string(count) + " field" + (count == 1 ? "" : "s") + " where the header has " +
                             std::to_string(header) +
                             (n < header ? " (a short row: check for a missing separator or a broken quote)"
                                         : " (an extra field: check for an unquoted separator in a value)"));
    }
  }
  return Status::Ok();
}

Status WriteJson(const Table& t, const fs::path& tmp, const std::string& path) {
  std::vector<bool> as_number(t.num_columns());
  for (size_t c = 0; c < t.num_columns(); ++c) as_number[c] = !t.is_numeric(c) && LooksNumeric(t.text(c));
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (size_t r = 0; r < t.num_rows(); ++r) {
    nlohmann::ordered_json row = nlohmann::ordered_json::object();
    for (size_t c = 0; c < t.num_columns(); ++c) {
      double v = NAN;
      if (t.is_numeric(c)) {
        v = t.numbers(c)[r];
      } else if (as_number[c]) {
        v = *ParseNumber(t.text(c)[r]);
      } else {
        row[t.name(c)] = t.text(c)[r];
        continue;
      }
      row[t.name(c)] = std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr);
    }
    rows.push_back(std::move(row));
  }
  std::ofstream out(tmp, std::ios::binary);
  // Text was checked as UTF-8 before (CheckUtf8), so dump cannot throw.
  out << rows.dump(1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
  if (!out) return IoError(path + ": cannot be written (is the disk full?)");
  return Status::Ok();
}

// CSV as GDAL's CSV driver writes it with STRING_QUOTING=IF_NEEDED (the
// writer this replaced, and byte for byte the same file: the table_io test
// CsvIsByteForByteWhatGdalsCsvDriverWrites compares them): every cell
// quoted by GDAL's own CPLEscapeString(CPLES_CSV), numbers in the shortest
// round-trip form, LF line ends, a lone column given a trailing comma in the
// header and on a blank line. Without OGR's per-feature machinery it is several times faster.
Status WriteCsv(const Table& t, const fs::path& tmp, const std::string& path) {
  std::string out;
  const size_t columns = t.num_columns();
  auto append_escaped = [&out](const std::string& cell) {
    if (cell.empty()) return;
    char* escaped = CPLEscapeString(cell.c_str(), -1, CPLES_CSV);
    out += escaped;
    CPLFree(escaped);
  };
  auto end_line = [&](size_t line_start) {
    if (columns == 1 && out.size() == line_start) out += ',';
    out += '\n';
  };
  for (size_t c = 0; c < columns; ++c) {
    if (c) out += ',';
    append_escaped(t.name(c));
  }
  if (columns == 1) out += ',';  // the header of a lone column, always
  out += '\n';
  for (size_t r = 0; r < t.num_rows(); ++r) {
    const size_t start = out.size();
    for (size_t c = 0; c < columns; ++c) {
      if (c) out += ',';
      append_escaped(t.Cell(c, r));
    }
    end_line(start);
  }
  std::ofstream file(tmp, std::ios::binary);
  if (!file) return IoError(path + ": cannot be created (does the directory exist and is it writable?)");
  file.write(out.data(), static_cast<std::streamsize>(out.size()));
  file.close();
  if (!file) return IoError(path + ": cannot be written (is the disk full?)");
  return Status::Ok();
}

Status WriteOgr(const Table& t, const fs::path& tmp, const std::string& path, const char* driver_name,
                const std::string& layer_name_for_gpkg = "table") {
  QuietGdal quiet;
  GDALDriverH driver = GDALGetDriverByName(driver_name);
  if (!driver) return IoError(path + ": this build cannot write " + driver_name + " files");
  Dataset ds(GDALCreate(driver, tmp.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!ds) return IoError(path + ": cannot be created (does the directory exist and is it writable?)");
  const bool csv = std::string(driver_name) == "CSV";
  const bool gpkg = std::string(driver_name) == "GPKG";
  char** layer_options = nullptr;
  if (csv) layer_options = CSLSetNameValue(layer_options, "STRING_QUOTING", "IF_NEEDED");
  const std::string layer_name = gpkg ? layer_name_for_gpkg : (csv ? "table" : "Sheet1");
  OGRLayerH layer = GDALDatasetCreateLayer(ds.get(), layer_name.c_str(), nullptr, wkbNone, layer_options);
  CSLDestroy(layer_options);
  if (!layer) return IoError(path + ": cannot create its table");
  std::vector<bool> as_number(t.num_columns());
  for (size_t c = 0; c < t.num_columns(); ++c) {
    // In CSV every field is text we format ourselves (shortest round trip);
    // in spreadsheets numbers are numeric cells.
    as_number[c] = !csv && (t.is_numeric(c) || LooksNumeric(t.text(c)));
    OGRFieldDefnH def = OGR_Fld_Create(t.name(c).c_str(), as_number[c] ? OFTReal : OFTString);
    const OGRErr err = OGR_L_CreateField(layer, def, TRUE);
    OGR_Fld_Destroy(def);
    if (err != OGRERR_NONE) return IoError(path + ": cannot create column '" + t.name(c) + "'");
  }
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
  for (size_t r = 0; r < t.num_rows(); ++r) {
    OGRFeatureH f = OGR_F_Create(defn);
    for (size_t c = 0; c < t.num_columns(); ++c) {
      const int i = static_cast<int>(c);
      if (as_number[c]) {
        const double v = t.is_numeric(c) ? t.numbers(c)[r] : *ParseNumber(t.text(c)[r]);
        if (std::isfinite(v)) OGR_F_SetFieldDouble(f, i, v);
      } else {
        const std::string cell = t.Cell(c, r);
        if (!cell.empty()) OGR_F_SetFieldString(f, i, cell.c_str());
      }
    }
    const OGRErr err = OGR_L_CreateFeature(layer, f);
    OGR_F_Destroy(f);
    if (err != OGRERR_NONE) return IoError(path + ": cannot write row " + std::to_string(r + 1) + " (is the disk full?)");
  }
  ds.reset();  // flushes and closes
  if (CPLGetLastErrorType() == CE_Failure) return IoError(path + ": cannot be written (is the disk full?)");
  return Status::Ok();
}

}  // namespace

std::string Extension(const std::string& path) {
  std::string ext = fs::path(path).extension().string();
  if (!ext.empty()) ext.erase(0, 1);
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

Result<Table> ReadTable(const std::string& path, const ReadOptions& options) {
  internal::InitGdal();
  std::error_code ec;
  if (!fs::exists(path, ec)) return NotFound(path + ": no such file");
  if (fs::is_directory(path, ec)) return InvalidArgument(path + ": is a directory, not a table");
  if (fs::file_size(path, ec) == 0) return InvalidArgument(path + ": file is empty");
  RecordInput(path);
  const std::string ext = Extension(path);
  std::string open_path = path;
  std::vector<const char*> drivers;
  std::string what;
  char** open_options = nullptr;
  std::optional<std::vector<Table::Text>> parsed;  // the CSV's cells, when read by the field check
  std::vector<std::string> header;                  // the CSV's header fields, as the field check read them
  if (ext == "csv" || ext == "txt") {
    NHOOD_RETURN_IF_ERROR(CheckTextFile(path));
    drivers = {"CSV", nullptr};
    what = "CSV text";
    size_t offset = 0;
    if (options.skip_lines > 0) {
      NHOOD_ASSIGN_OR_RETURN(offset, OffsetAfterLines(path, options.skip_lines));
      open_path = "CSV:/vsisubfile/" + std::to_string(offset) + "_" +
                  std::to_string(fs::file_size(path) - offset) + "," + fs::absolute(path).string();
    } else if (ext == "txt") {
      open_path = "CSV:" + path;
    }
    // A plain .csv without a .csvt type sidecar: the field check's own parse
    // is the table (the OGR pass below would tokenise every record again).
    std::error_code sidecar_ec;
    if (ext == "csv" && options.skip_lines == 0 &&
        !fs::exists(fs::path(path).replace_extension(".csvt"), sidecar_ec) &&
        !fs::exists(fs::path(path).replace_extension(".CSVT"), sidecar_ec)) {
      parsed.emplace();
    }
    NHOOD_RETURN_IF_ERROR(CheckFieldCounts(path, offset, options.skip_lines, parsed ? &*parsed : nullptr, &header));
    open_options = CSLSetNameValue(open_options, "HEADERS", "YES");
    open_options = CSLSetNameValue(open_options, "AUTODETECT_TYPE", "NO");
    open_options = CSLSetNameValue(open_options, "KEEP_GEOM_COLUMNS", "YES");
    open_options = CSLSetNameValue(open_options, "EMPTY_STRING_AS_NULL", "NO");
  } else if (ext == "xlsx" || ext == "ods") {
    drivers = {ext == "xlsx" ? "XLSX" : "ODS", nullptr};
    what = ext == "xlsx" ? "an Excel (.xlsx) workbook" : "an OpenDocument (.ods) spreadsheet";
    open_options = CSLSetNameValue(open_options, "FIELD_TYPES", "STRING");
    open_options = CSLSetNameValue(open_options, "HEADERS", "FORCE");
  } else if (ext == "gpkg" || ext == "geojson" || ext == "json" || ext == "shp") {
    drivers = {ext == "gpkg" ? "GPKG" : (ext == "shp" ? "ESRI Shapefile" : "GeoJSON"), nullptr};
    what = ext == "gpkg" ? "a GeoPackage" : (ext == "shp" ? "a Shapefile" : "GeoJSON");
  } else {
    return InvalidArgument(path + ": unsupported table format '." + ext +
                           "' (expected .csv, .xlsx, .ods, .gpkg, .geojson or .shp)");
  }
  QuietGdal quiet;
  Dataset ds(GDALOpenEx(open_path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers.data(), open_options, nullptr));
  CSLDestroy(open_options);
  // GDAL 3.6's CSV driver opens no file whose header has no separator (fixed
  // in 3.7, OSGeo/gdal#7595): a one-column CSV is the field check's own parse
  // (GDAL's CSV tokenizer), a column of text.
  if (!ds && parsed && header.size() == 1 && parsed->size() == 1) {
    std::string name = header[0];
    if (name.rfind("\xEF\xBB\xBF", 0) == 0) name.erase(0, 3);
    Table table;
    table.set_source(path, 1);
    if (Status s = table.AddText(name, std::move((*parsed)[0])); !s.ok()) return InvalidArgument(path + ": " + s.message());
    if (!options.allow_non_finite) NHOOD_RETURN_IF_ERROR(CheckFiniteNumbers(table));
    if (!options.id_column.empty()) NHOOD_RETURN_IF_ERROR(RequireUniqueIds(table, options.id_column));
    return table;
  }
  if (!ds) return IoError(path + ": cannot be read as " + what + " (is it damaged, or another format?)");
  OGRLayerH layer = options.layer.empty() ? GDALDatasetGetLayer(ds.get(), 0)
                                          : GDALDatasetGetLayerByName(ds.get(), options.layer.c_str());
  if (!layer) {
    return NotFound(path + (options.layer.empty() ? ": has no table" : ": has no layer or sheet '" + options.layer + "'"));
  }
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
  const int nfields = OGR_FD_GetFieldCount(defn);
  if (nfields == 0) return InvalidArgument(path + ": no columns found");
  std::vector<std::string> names(nfields);
  std::vector<Table::Text> cols(nfields);
  for (int i = 0; i < nfields; ++i) {
    OGRFieldDefnH fd = OGR_FD_GetFieldDefn(defn, i);
    names[i] = OGR_Fld_GetNameRef(fd);
  }
  // A UTF-8 byte-order mark left on the first header (some GDAL paths keep it).
  if (names[0].rfind("\xEF\xBB\xBF", 0) == 0) names[0].erase(0, 3);
  OGR_L_ResetReading(layer);
  OGRFeatureH f = nullptr;
  if (parsed && parsed->size() == static_cast<size_t>(nfields)) {
    cols = std::move(*parsed);
  } else {
    f = OGR_L_GetNextFeature(layer);
  }
  for (; f != nullptr; f = OGR_L_GetNextFeature(layer)) {
    std::vector<std::string> row(nfields);
    bool all_empty = true;
    for (int i = 0; i < nfields; ++i) {
      row[i] = internal::FieldText(f, i);
      if (!row[i].empty()) all_empty = false;
    }
    OGR_F_Destroy(f);
    if (all_empty) continue;
    for (int i = 0; i < nfields; ++i) cols[i].push_back(std::move(row[i]));
  }
  if (CPLGetLastErrorType() == CE_Failure) return IoError(path + ": cannot be read to the end as " + what + " (is it damaged?)");
  Table table;
  table.set_source(path, static_cast<size_t>(options.skip_lines) + 1);
  for (int i = 0; i < nfields; ++i) {
    Status s = table.AddText(names[i], std::move(cols[i]));
    if (!s.ok()) return InvalidArgument(path + ": " + s.message());
  }
  if (!options.allow_non_finite) NHOOD_RETURN_IF_ERROR(CheckFiniteNumbers(table));
  if (!options.id_column.empty()) NHOOD_RETURN_IF_ERROR(RequireUniqueIds(table, options.id_column));
  return table;
}

Status WriteTable(const Table& table, const std::string& path) {
  internal::InitGdal();
  const std::string ext = Extension(path);
  if (ext != "json" && ext != "csv" && ext != "xlsx" && ext != "ods" && ext != "gpkg") {
    return InvalidArgument(path + ": unsupported output format '." + ext +
                           "' (expected .csv, .xlsx, .ods, .gpkg or .json)");
  }
  NHOOD_RETURN_IF_ERROR(CheckNotAnInput(path));
  if (Status u = CheckUtf8(table); !u.ok()) return InvalidArgument(path + " not written: " + u.message());
  const fs::path target(path);
  const fs::path tmp = internal::TempPathFor(target);
  Status s;
  if (ext == "json") s = WriteJson(table, tmp, path);
  else if (ext == "csv" && table.num_columns() > 0) s = WriteCsv(table, tmp, path);
  else if (ext == "csv") s = WriteOgr(table, tmp, path, "CSV");
  else if (ext == "xlsx") s = WriteOgr(table, tmp, path, "XLSX");
  else if (ext == "ods") s = WriteOgr(table, tmp, path, "ODS");
  else s = WriteOgr(table, tmp, path, "GPKG", target.stem().string());
  if (!s.ok()) {
    std::error_code ec;
    fs::remove(tmp, ec);
    return s;
  }
  NHOOD_RETURN_IF_ERROR(internal::Commit(tmp, target));
  return internal::AfterWrite(path);
}

}  // namespace nhood::io
