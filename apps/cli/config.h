// Reading nhood's TOML configuration files (toml++), with errors that name
// the file and the key, and data paths resolved against --data-dir.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "nhood/base/result.h"
#include "nhood/base/table.h"
#include "nhood/io/config_schema.h"

namespace nhood::cli {

// Parses `path` and validates it against the command's `schema`
// (io/command_schemas.h) before any data is read: unknown keys, wrong
// types, out-of-range or unknown values, missing keys and missing files are
// errors naming the file, key and line (io::LoadConfigFile). kNotFound for a
// missing configuration file.
Result<toml::table> LoadConfig(const std::string& path, const io::ConfigSchema& schema, const std::string& data_dir);
// Parses `path` without a schema: only for a command that checks every key
// itself (today `value sroi`, whose reader refuses unknown keys and wrong
// types); a new command declares a schema instead.
Result<toml::table> LoadConfig(const std::string& path);

// Reads of a validated configuration, `key` a dotted path of `t`. An absent
// optional key gives `fallback`; a key present with another type is an
// error naming the file and key, never a fallback (the schema rules that
// out, so this only guards a read that disagrees with its schema).
Result<std::string> RequiredString(const toml::node_view<const toml::node>& t, const std::string& key,
                                   const std::string& file);
Result<std::string> OptionalString(const toml::node_view<const toml::node>& t, const std::string& key,
                                   const std::string& fallback, const std::string& file);
// A TOML float or integer.
Result<double> OptionalNumber(const toml::node_view<const toml::node>& t, const std::string& key, double fallback,
                              const std::string& file);
Result<int64_t> OptionalInteger(const toml::node_view<const toml::node>& t, const std::string& key, int64_t fallback,
                                const std::string& file);
// A TOML boolean (true / false; never an integer).
Result<bool> OptionalBool(const toml::node_view<const toml::node>& t, const std::string& key, bool fallback,
                          const std::string& file);
// An array of strings; empty when absent.
Result<std::vector<std::string>> OptionalStrings(const toml::node_view<const toml::node>& t, const std::string& key,
                                                 const std::string& file);

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
