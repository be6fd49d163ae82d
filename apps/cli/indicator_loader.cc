#include "apps/cli/indicator_loader.h"

#include <cmath>
#include <vector>

#include "apps/cli/config.h"
#include "nhood/io/table_io.h"

namespace nhood::cli {

std::string AreasVintage(const toml::table& root) {
  return toml::node_view<const toml::node>(root)["areas"]["vintage"].value<std::string>().value_or("lsoa11");
}

Result<atlas::Bridged> BridgeToLsoa11(const toml::table& root_table, const std::string& config, const std::string& data_dir,
                                      const std::vector<std::string>& ids, const std::vector<std::vector<double>>& columns,
                                      const std::unordered_map<std::string, double>& population) {
  const toml::node_view<const toml::node> root(root_table);
  NHOOD_ASSIGN_OR_RETURN(std::string bf, RequiredString(root, "bridge.file", config));
  NHOOD_ASSIGN_OR_RETURN(std::string from, RequiredString(root, "bridge.from", config));
  NHOOD_ASSIGN_OR_RETURN(std::string to, RequiredString(root, "bridge.to", config));
  NHOOD_ASSIGN_OR_RETURN(Table lk, io::ReadTable(DataPath(data_dir, bf)));
  NHOOD_RETURN_IF_ERROR(RequireColumn(lk, from, config, "bridge.from"));
  NHOOD_RETURN_IF_ERROR(RequireColumn(lk, to, config, "bridge.to"));
  std::vector<atlas::BridgeLink> links;
  for (size_t r = 0; r < lk.num_rows(); ++r) links.push_back({lk.Cell(*lk.Find(from), r), lk.Cell(*lk.Find(to), r)});
  return atlas::BridgeCounts(links, ids, columns, population);
}

Result<AreaIndicator> LoadAreaIndicator(const toml::table& entry, const std::string& where,
                                        const toml::table& root_table, const std::string& config,
                                        const std::string& data_dir,
                                        const std::unordered_map<std::string, double>& population) {
  using View = toml::node_view<const toml::node>;
  const View hv(entry);
  AreaIndicator out;
  NHOOD_ASSIGN_OR_RETURN(out.name, OptionalString(hv, "name", where, where));
  NHOOD_ASSIGN_OR_RETURN(const std::string polarity, OptionalString(hv, "polarity", "low_is_good", where));
  out.higher_is_worse = polarity == "low_is_good";  // the schema allows low_is_good or high_is_good
  NHOOD_ASSIGN_OR_RETURN(std::string file, RequiredString(hv, "file", where));
  NHOOD_ASSIGN_OR_RETURN(std::string id, RequiredString(hv, "id", where));
  NHOOD_ASSIGN_OR_RETURN(Table t, io::ReadTable(DataPath(data_dir, file)));
  NHOOD_RETURN_IF_ERROR(RequireColumn(t, id, where, "id"));
  NHOOD_ASSIGN_OR_RETURN(const std::string filter_col, OptionalString(hv, "filter_column", "", where));
  NHOOD_ASSIGN_OR_RETURN(const std::string filter_val, OptionalString(hv, "filter_value", "", where));
  if (!filter_col.empty()) NHOOD_RETURN_IF_ERROR(RequireColumn(t, filter_col, where, "filter_column"));
  std::vector<size_t> rows;
  for (size_t r = 0; r < t.num_rows(); ++r) {
    if (filter_col.empty() || t.Cell(*t.Find(filter_col), r) == filter_val) rows.push_back(r);
  }
  std::vector<std::string> ids;
  for (size_t r : rows) ids.push_back(t.Cell(*t.Find(id), r));
  NHOOD_ASSIGN_OR_RETURN(const std::string numerator, OptionalString(hv, "numerator", "", where));
  NHOOD_ASSIGN_OR_RETURN(const std::string denominator, OptionalString(hv, "denominator", "", where));
  NHOOD_ASSIGN_OR_RETURN(const std::string value, OptionalString(hv, "value", "", where));
  const std::string own = AreasVintage(root_table);
  NHOOD_ASSIGN_OR_RETURN(const std::string vintage, OptionalString(hv, "vintage", own, where));
  if (!numerator.empty() && !denominator.empty()) {
    out.counts = true;
    NHOOD_ASSIGN_OR_RETURN(auto xs, t.GetNumbersOrSum(numerator));
    NHOOD_ASSIGN_OR_RETURN(auto ns, t.GetNumbersOrSum(denominator));
    std::vector<double> x, n;
    for (size_t r : rows) {
      x.push_back(xs[r]);
      n.push_back(ns[r]);
    }
    if (vintage != own) {
      NHOOD_ASSIGN_OR_RETURN(atlas::Bridged b, BridgeToLsoa11(root_table, config, data_dir, ids, {x, n}, population));
      ids = b.targets;
      x = b.columns[0];
      n = b.columns[1];
    }
    for (size_t i = 0; i < ids.size(); ++i) out.count[ids[i]] = {x[i], n[i]};
  } else if (!value.empty()) {
    NHOOD_ASSIGN_OR_RETURN(auto vs, t.GetNumbers(value));
    for (size_t k = 0; k < rows.size(); ++k) out.value[ids[k]] = vs[rows[k]];
  } else {
    return InvalidArgument(where + " ('" + out.name + "'): give numerator and denominator, or value");
  }
  return out;
}

}  // namespace nhood::cli
