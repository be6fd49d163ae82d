#include "apps/cli/age_loader.h"

#include <set>

#include "apps/cli/config.h"
#include "apps/cli/indicator_loader.h"
#include "nhood/io/table_io.h"

namespace nhood::cli {

Result<std::vector<std::string>> AgeBandNames(const toml::table& root, const std::string& config) {
  return OptionalStrings(toml::node_view<const toml::node>(root), "ages.bands", config);
}

Result<atlas::AgeBands> LoadAgeBands(const toml::table& root_table, const std::string& config,
                                     const std::string& data_dir,
                                     const std::unordered_map<std::string, double>& population) {
  const toml::node_view<const toml::node> root(root_table);
  NHOOD_ASSIGN_OR_RETURN(std::string file, RequiredString(root, "ages.file", config));
  NHOOD_ASSIGN_OR_RETURN(std::string id, RequiredString(root, "ages.id", config));
  atlas::AgeBands ages;
  NHOOD_ASSIGN_OR_RETURN(ages.bands, AgeBandNames(root_table, config));
  if (ages.bands.empty()) return InvalidArgument(config + ": 'ages.bands' must list the age-band columns");
  io::ReadOptions read;
  NHOOD_ASSIGN_OR_RETURN(const int64_t skip_lines, OptionalInteger(root, "ages.skip_lines", 0, config));
  read.skip_lines = static_cast<int>(skip_lines);
  NHOOD_ASSIGN_OR_RETURN(Table t, io::ReadTable(DataPath(data_dir, file), read));
  NHOOD_RETURN_IF_ERROR(RequireColumn(t, id, config, "ages.id"));
  std::vector<std::vector<double>> columns;
  for (const std::string& band : ages.bands) {
    NHOOD_RETURN_IF_ERROR(RequireColumn(t, band, config, "ages.bands"));
    NHOOD_ASSIGN_OR_RETURN(std::vector<double> v, t.GetNumbers(band));
    columns.push_back(std::move(v));
  }
  std::vector<std::string> ids = t.text(*t.Find(id));
  const std::string own = AreasVintage(root_table);
  NHOOD_ASSIGN_OR_RETURN(const std::string vintage, OptionalString(root, "ages.vintage", own, config));
  if (vintage != own) {
    NHOOD_ASSIGN_OR_RETURN(atlas::Bridged b, BridgeToLsoa11(root_table, config, data_dir, ids, columns, population));
    ids = std::move(b.targets);
    columns = std::move(b.columns);
  }
  ages.ids = std::move(ids);
  ages.population.resize(ages.ids.size() * ages.bands.size());
  for (size_t i = 0; i < ages.ids.size(); ++i) {
    for (size_t b = 0; b < ages.bands.size(); ++b) ages.population[i * ages.bands.size() + b] = columns[b][i];
  }
  return ages;
}

Result<atlas::ReferenceRates> LoadReferenceRates(const std::string& path) {
  NHOOD_ASSIGN_OR_RETURN(Table t, io::ReadTable(path));
  NHOOD_ASSIGN_OR_RETURN(size_t band_col, t.Require("age_band"));
  std::vector<double> rate;
  if (t.Find("rate")) {
    NHOOD_ASSIGN_OR_RETURN(rate, t.GetNumbers("rate"));
  } else if (t.Find("events") && t.Find("population")) {
    NHOOD_ASSIGN_OR_RETURN(std::vector<double> events, t.GetNumbers("events"));
    NHOOD_ASSIGN_OR_RETURN(std::vector<double> pop, t.GetNumbers("population"));
    for (size_t r = 0; r < t.num_rows(); ++r) {
      if (!(events[r] >= 0)) return InvalidArgument(t.RowLocation(r) + ", column 'events': events must be 0 or more");
      if (!(pop[r] > 0)) return InvalidArgument(t.RowLocation(r) + ", column 'population': population must be above 0");
      rate.push_back(events[r] / pop[r]);
    }
  } else {
    return InvalidArgument(path + ": reference rates need a column 'rate' (events per person), or 'events' and "
                           "'population'");
  }
  atlas::ReferenceRates out;
  std::set<std::string> seen;
  for (size_t r = 0; r < t.num_rows(); ++r) {
    const std::string& band = t.text(band_col)[r];
    if (!seen.insert(band).second) return InvalidArgument(t.RowLocation(r) + ", column 'age_band': band '" + band + "' repeated");
    if (!(rate[r] >= 0 && rate[r] <= 1)) {
      return InvalidArgument(t.RowLocation(r) + ", column 'rate': " + "rate must be between 0 and 1 events per person");
    }
    out.bands.push_back(band);
    out.rate.push_back(rate[r]);
  }
  return out;
}

}  // namespace nhood::cli
