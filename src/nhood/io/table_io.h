// Reading and writing attribute tables: the file edge of nhood.
//
// Reads CSV (UTF-8 with or without a byte-order mark, quoted fields, Nomis
// exports with metadata lines before the header via skip_lines), XLSX, ODS
// and GeoPackage attribute tables, all through GDAL/OGR; every cell comes
// back as text (numbers from typed GeoPackage fields in shortest round-trip
// form) so that columns are parsed once, by name, with row-and-column errors
// (Table::GetNumbers). Completely empty rows (Nomis' blank lines) are dropped.
//
// Writes CSV, XLSX, ODS and GeoPackage (an attribute table named after the
// file) through GDAL/OGR, and JSON (an array of objects)
// through nlohmann-json, chosen by the file's extension. Writing is atomic:
// the table goes to a temporary file beside the target, which is renamed
// over it only when complete, so a failed run leaves no partial output and
// an existing file untouched (the temporary file is removed on every
// failure). A writer refuses an output that is the same file as an input of
// the run, and writes `<output>.provenance.json` beside it while a Run is
// open (provenance.h).
//
// Reading validates what every command needs: a CSV row with more fields
// than the header (other than empty trailing ones) or fewer is an error
// naming the row and line; a non-finite number ("inf", "NaN", "Infinity")
// in a column of numbers is an error naming row, line and column
// (CheckFiniteNumbers in validate.h); with `id_column` set, a missing or
// repeated id is an error (RequireUniqueIds).
//
// Thread-safety: GDAL's error state is per thread; functions may be called
// from several threads on different files.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "nhood/base/result.h"
#include "nhood/base/table.h"

namespace nhood::io {

struct ReadOptions {
  // Lines before the header to skip (CSV only): 5 for a Nomis bulk export.
  int skip_lines = 0;
  // Layer or sheet to read; the first when empty.
  std::string layer;
  // When set: this column must exist and hold a non-empty, unique id in
  // every row (kNotFound / kInvalidArgument naming the row).
  std::string id_column;
  // Keep non-finite spellings ("NaN", "Inf") as they are instead of failing:
  // only for reference outputs of other software (R writes NaN for
  // undefined statistics), never for user data.
  bool allow_non_finite = false;
};

// Errors (message starts with the path): kNotFound for a missing file;
// kInvalidArgument for an empty file, a binary file given as CSV, an
// unsupported extension, a file with a header but no readable columns, a
// ragged CSV row, a non-finite number, a missing or duplicate id; kIoError
// when the file cannot be opened or read as its format. Messages use
// nhood's wording and the user's path, never GDAL's text or temporary names.
Result<Table> ReadTable(const std::string& path, const ReadOptions& options = {});

// Writes `table` to `path` (.csv, .xlsx, .ods, .gpkg or .json). Numeric columns are
// written as numbers (shortest round-trip text in CSV; NaN as an empty cell,
// null in JSON); text columns whose every present cell is a number (without
// a leading zero such as "01234", which is kept as text) are numbers in
// spreadsheets and JSON; other text as text.
// Errors: kInvalidArgument for an unsupported extension, an output that is
// an input of the run, text that is not valid UTF-8 (naming the row and
// column; nothing is written); kIoError when the file cannot be written.
Status WriteTable(const Table& table, const std::string& path);

// Writes `<output>.provenance.json` beside an output: see provenance.h,
// which declares it too.
Status WriteProvenance(const std::string& output, const std::vector<std::string>& inputs,
                       const std::vector<std::pair<std::string, std::string>>& fields);

// The lower-case extension of `path` without the dot ("csv"), or "".
std::string Extension(const std::string& path);

}  // namespace nhood::io
