#include "apps/cli/config_section.h"

#include <cmath>

#include "apps/cli/config.h"
#include "nhood/base/number.h"
#include "nhood/io/table_io.h"

namespace nhood::cli {

Result<Table> ReadSection(const ConfigView& root, const std::string& section, const std::string& config,
                          const std::string& data_dir, const std::vector<std::string>& keys) {
  NHOOD_ASSIGN_OR_RETURN(std::string file, RequiredString(root, section + ".file", config));
  std::vector<std::string> columns;
  for (const auto& k : keys) {  // the configuration first, before reading any data
    NHOOD_ASSIGN_OR_RETURN(std::string col, RequiredString(root, section + "." + k, config));
    columns.push_back(col);
  }
  NHOOD_ASSIGN_OR_RETURN(Table t, io::ReadTable(DataPath(data_dir, file)));
  for (size_t k = 0; k < keys.size(); ++k) {
    NHOOD_RETURN_IF_ERROR(RequireColumn(t, columns[k], config, section + "." + keys[k]));
  }
  return t;
}

Result<std::unordered_map<std::string, std::string>> ReadSectionMap(const ConfigView& root, const std::string& section,
                                                                    const std::string& config,
                                                                    const std::string& data_dir,
                                                                    const std::string& value_key,
                                                                    const std::string& id_key) {
  NHOOD_ASSIGN_OR_RETURN(Table t, ReadSection(root, section, config, data_dir, {id_key, value_key}));
  const size_t id = *t.Find(*RequiredString(root, section + "." + id_key, config));
  const size_t value = *t.Find(*RequiredString(root, section + "." + value_key, config));
  std::unordered_map<std::string, std::string> m;
  for (size_t r = 0; r < t.num_rows(); ++r) {
    auto [it, inserted] = m.emplace(t.Cell(id, r), t.Cell(value, r));
    if (!inserted && it->second != t.Cell(value, r)) {
      return InvalidArgument(t.RowLocation(r) + ", column '" + t.name(id) + "': '" + it->first +
                             "' appears twice with different values ('" + it->second + "', '" + t.Cell(value, r) +
                             "') of '" + t.name(value) + "'");
    }
  }
  return m;
}

Result<std::vector<std::string>> ReadSectionFor(const ConfigView& root, const std::string& section,
                                                const std::string& config, const std::string& data_dir,
                                                const std::vector<std::string>& ids, bool required,
                                                const std::string& value_key, const std::string& id_key) {
  NHOOD_ASSIGN_OR_RETURN(auto m, ReadSectionMap(root, section, config, data_dir, value_key, id_key));
  std::vector<std::string> out;
  out.reserve(ids.size());
  size_t missing = 0;
  std::string first;
  for (const auto& a : ids) {
    auto it = m.find(a);
    if (it == m.end()) {
      if (!missing++) first = a;
      out.emplace_back();
    } else {
      out.push_back(it->second);
    }
  }
  if (missing && required) {
    return InvalidArgument(config + ": [" + section + "] " +
                           DataPath(data_dir, *RequiredString(root, section + ".file", config)) + " has no row for " +
                           std::to_string(missing) + " areas (first: " + first + ")");
  }
  return out;
}

std::string SectionWhere(const ConfigView& root, const std::string& section, const std::string& config,
                         const std::string& data_dir, const std::string& value_key) {
  const std::optional<std::string> file = root.at_path(section + ".file").value<std::string>();
  const std::optional<std::string> column = root.at_path(section + "." + value_key).value<std::string>();
  return config + ": [" + section + "] " + (file ? DataPath(data_dir, *file) : "(no file)") + ", column '" +
         (column ? *column : value_key) + "'";
}

Result<std::vector<double>> ToNumbers(const std::vector<std::string>& text, const std::vector<std::string>& ids,
                                      const std::string& where) {
  std::vector<double> v;
  v.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    std::optional<double> x = ParseNumber(text[i]);
    if (!x) return InvalidArgument(where + ": area " + ids[i] + " has '" + text[i] + "', not a number");
    v.push_back(*x);
  }
  return v;
}

}  // namespace nhood::cli
