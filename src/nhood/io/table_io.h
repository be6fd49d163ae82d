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
// an existing file untouched.
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
};

// Errors (message starts with the path): kNotFound for a missing file;
// kInvalidArgument for an empty file, a binary file given as CSV, an
// unsupported extension, a file with a header but no readable columns;
// kIoError when GDAL cannot open or read it.
Result<Table> ReadTable(const std::string& path, const ReadOptions& options = {});

// Writes `table` to `path` (.csv, .xlsx, .ods, .gpkg or .json). Numeric columns are
// written as numbers (shortest round-trip text in CSV; NaN as an empty cell,
// null in JSON); text columns as text.
Status WriteTable(const Table& table, const std::string& path);

// Writes `<output>.provenance.json` beside an output: what produced it
// (nhood version, command line, inputs with size and modification time,
// options, seed, UTC time), so any figure can be traced back. `fields` are
// written in order as string values. Atomic, like WriteTable.
Status WriteProvenance(const std::string& output, const std::vector<std::string>& inputs,
                       const std::vector<std::pair<std::string, std::string>>& fields);

// The lower-case extension of `path` without the dot ("csv"), or "".
std::string Extension(const std::string& path);

}  // namespace nhood::io
