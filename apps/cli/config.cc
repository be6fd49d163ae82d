#include "apps/cli/config.h"

#include <cstdio>
#include <filesystem>

#include "nhood/io/provenance.h"
#include "nhood/io/table_io.h"

namespace nhood::cli {

Result<toml::table> LoadConfig(const std::string& path) {
  if (!std::filesystem::exists(path)) return NotFound(path + ": no such configuration file");
  io::RecordInput(path);  // an input of the run: provenance, and never overwritten
  // Debian's toml++ is built with exceptions: parse errors arrive as
  // toml::parse_error, caught here at the edge.
  try {
    return toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return InvalidArgument(path + ": line " + std::to_string(e.source().begin.line) + ", column " +
                           std::to_string(e.source().begin.column) + ": " + std::string(e.description()));
  }
}

Result<std::string> RequiredString(const toml::node_view<const toml::node>& t, const std::string& key,
                                   const std::string& file) {
  auto v = t.at_path(key).value<std::string>();
  if (!v) return InvalidArgument(file + ": '" + key + "' is required (a string)");
  return *v;
}

std::string OptionalString(const toml::node_view<const toml::node>& t, const std::string& key,
                           const std::string& fallback) {
  return t.at_path(key).value_or(fallback);
}

std::string DataPath(const std::string& data_dir, const std::string& relative) {
  if (relative.empty() || relative.front() == '/') return relative;
  return (std::filesystem::path(data_dir) / relative).string();
}

Status RequireColumn(const Table& table, const std::string& column, const std::string& file,
                     const std::string& key) {
  if (table.Find(column)) return Status::Ok();
  return InvalidArgument(file + ": " + key + " = '" + column + "' is not a column of " + table.source());
}

int FinishCommand(const Error* error, const Table* table, const std::string& output, const std::string& summary) {
  if (error) {
    std::fprintf(stderr, "nhood: %s\n", error->message.c_str());
    return 1;
  }
  Status s = io::WriteTable(*table, output);
  if (!s.ok()) {
    std::fprintf(stderr, "nhood: %s\n", s.message().c_str());
    return 1;
  }
  std::fprintf(stderr, "nhood: %s\nnhood: wrote %s\n", summary.c_str(), output.c_str());
  return 0;
}

}  // namespace nhood::cli
