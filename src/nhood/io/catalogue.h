// The data catalogue: every dataset nhood uses, where it officially comes
// from, and whether a local mirror holds a valid copy.
//
// Each entry names the publisher, the official page (and a direct download
// where the publisher offers a stable one), the licence, vintage, geography,
// the file's path inside the data directory (--data-dir, by default
// ../shared/data when it exists), the rows it should have and a key column.
// `Check` opens the file and counts its rows; `Download` fetches the direct
// URL over HTTP(S) through GDAL's CPLHTTPFetch and reports kUnavailable
// clearly when there is no network. Thread-safe (read-only table).
#pragma once

#include <string>
#include <vector>

#include "nhood/base/result.h"

namespace nhood::io {

struct Dataset {
  std::string id;            // e.g. "imd2019-transformed"
  std::string title;
  std::string publisher;
  std::string page_url;      // official landing page
  std::string download_url;  // direct file, or "" when the page must be used
  std::string licence;
  std::string vintage;
  std::string geography;
  std::string path;          // relative to the data directory
  long expected_rows;        // data rows (features for boundaries)
  std::string key_column;    // must be present
  int skip_lines = 0;        // metadata lines before the header
};

const std::vector<Dataset>& Catalogue();

// The entry with this id, or kNotFound listing the ids.
Result<Dataset> FindDataset(const std::string& id);

// The default data directory: $NHOOD_DATA_DIR, else ../shared/data or
// ../../shared/data relative to the working directory when one exists, else
// "data".
std::string DefaultDataDir();

struct CheckResult {
  bool present = false;
  bool valid = false;
  long rows = -1;
  std::string detail;  // why it is not valid, or "ok"
};

// Opens the dataset's file under `data_dir` and checks its row count and key
// column. Never fails: problems are reported in the result.
CheckResult Check(const Dataset& dataset, const std::string& data_dir);

// Downloads the dataset into `data_dir` (atomically). kFailedPrecondition when
// the entry has no direct download (the message says which page to visit);
// kUnavailable when the network cannot be reached.
Status Download(const Dataset& dataset, const std::string& data_dir);

}  // namespace nhood::io
