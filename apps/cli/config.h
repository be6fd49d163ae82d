// Reading nhood's TOML configuration files (toml++), with errors that name
// the file and the key, and data paths resolved against --data-dir.
#pragma once

#include <string>
#include <vector>

#include <toml++/toml.h>

#include "nhood/base/result.h"
#include "nhood/base/table.h"

namespace nhood::cli {

// Parses `path`; kInvalidArgument "FILE: line L, column C: what" on a syntax
// error, kNotFound for a missing file.
Result<toml::table> LoadConfig(const std::string& path);

// A required string at `key` (dotted path) of `t`; error names file and key.
Result<std::string> RequiredString(const toml::node_view<const toml::node>& t, const std::string& key,
                                   const std::string& file);
std::string OptionalString(const toml::node_view<const toml::node>& t, const std::string& key,
                           const std::string& fallback);

// `relative` under `data_dir` (absolute paths are kept).
std::string DataPath(const std::string& data_dir, const std::string& relative);

// kInvalidArgument naming the config file and key unless `table` has
// `column`.
Status RequireColumn(const Table& table, const std::string& column, const std::string& file,
                     const std::string& key);

// The end of a table-producing command: prints `error` (exit 1) when set,
// else writes `table` to `output` and prints `summary` (exit 0, or 1 when
// the write fails).
int FinishCommand(const Error* error, const Table* table, const std::string& output, const std::string& summary);

}  // namespace nhood::cli
