#include "apps/cli/config.h"

#include <cstdio>
#include <filesystem>

#include "nhood/io/provenance.h"
#include "nhood/io/table_io.h"

namespace nhood::cli {

Result<toml::table> LoadConfig(const std::string& path, const io::ConfigSchema& schema, const std::string& data_dir) {
  if (std::filesystem::exists(path)) io::RecordInput(path);  // an input of the run: provenance, and never overwritten
  return io::LoadConfigFile(path, schema, data_dir);
}

Result<toml::table> LoadConfig(const std::string& path) {
  if (std::filesystem::exists(path)) io::RecordInput(path);
  return io::ParseConfigFile(path);
}

Result<std::string> RequiredString(const toml::node_view<const toml::node>& t, const std::string& key,
                                   const std::string& file) {
  auto v = t.at_path(key).value_exact<std::string>();
  if (!v) return InvalidArgument(file + ": '" + key + "' is required (a string)");
  return *v;
}

Result<std::string> OptionalString(const toml::node_view<const toml::node>& t, const std::string& key,
                                   const std::string& fallback, const std::string& file) {
  const auto n = t.at_path(key);
  if (!n) return fallback;
  if (auto v = n.value_exact<std::string>()) return *v;
  return InvalidArgument(file + ": '" + key + "' must be a string");
}

Result<double> OptionalNumber(const toml::node_view<const toml::node>& t, const std::string& key, double fallback,
                              const std::string& file) {
  const auto n = t.at_path(key);
  if (!n) return fallback;
  if (n.is_integer()) return static_cast<double>(*n.value_exact<int64_t>());
  if (n.is_floating_point()) return *n.value_exact<double>();
  return InvalidArgument(file + ": '" + key + "' must be a number");
}

Result<int64_t> OptionalInteger(const toml::node_view<const toml::node>& t, const std::string& key, int64_t fallback,
                                const std::string& file) {
  const auto n = t.at_path(key);
  if (!n) return fallback;
  if (n.is_integer()) return *n.value_exact<int64_t>();
  return InvalidArgument(file + ": '" + key + "' must be an integer");
}

Result<bool> OptionalBool(const toml::node_view<const toml::node>& t, const std::string& key, bool fallback,
                          const std::string& file) {
  const auto n = t.at_path(key);
  if (!n) return fallback;
  if (auto v = n.value_exact<bool>()) return *v;
  return InvalidArgument(file + ": '" + key + "' must be true or false");
}

Result<std::vector<std::string>> OptionalStrings(const toml::node_view<const toml::node>& t, const std::string& key,
                                                 const std::string& file) {
  std::vector<std::string> out;
  const auto n = t.at_path(key);
  if (!n) return out;
  const toml::array* a = n.as_array();
  if (!a) return InvalidArgument(file + ": '" + key + "' must be an array of strings");
  for (const auto& e : *a) {
    auto v = e.value_exact<std::string>();
    if (!v) return InvalidArgument(file + ": '" + key + "' must be an array of strings");
    out.push_back(*v);
  }
  return out;
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
