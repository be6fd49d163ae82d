#include "apps/cli/demo_areas.h"

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <vector>

#include "nhood/io/table_io.h"

namespace nhood::cli {
namespace {

Result<size_t> Column(const Table& t, const std::string& file, const std::string& name) {
  if (auto c = t.Find(name)) return *c;
  return InvalidField(name, file + ": no column '" + name + "'");
}

Result<bool> Flag(const Table& t, size_t column, size_t row, const std::string& file, const std::string& name) {
  const std::string v = t.Cell(column, row);
  if (v == "true" || v == "1") return true;
  if (v == "false" || v == "0" || v.empty()) return false;
  return InvalidField(name, file + ": row " + std::to_string(row + 1) + ", column '" + name + "': '" + v +
                                "' is not true or false");
}

}  // namespace

Result<DemoAreas> ReadAtlasDemoAreas(const std::string& atlas_dir, const std::string& data_dir) {
  const std::string file = (std::filesystem::path(atlas_dir) / "lsoas.csv").string();
  if (!std::filesystem::exists(file)) return NotFound(file + ": no such file (give an `nhood atlas` output directory)");
  NHOOD_ASSIGN_OR_RETURN(Table t, io::ReadTable(file));
  NHOOD_ASSIGN_OR_RETURN(size_t core20, Column(t, file, "core20"));
  NHOOD_ASSIGN_OR_RETURN(size_t dd, Column(t, file, "double_disadvantage"));
  // 2011 codes → 2021 codes, when the atlas ran on LSOA 2011.
  std::unordered_map<std::string, std::vector<std::string>> to21;
  std::optional<size_t> id = t.Find("lsoa21_code");
  const bool bridged = !id;
  if (bridged) {
    NHOOD_ASSIGN_OR_RETURN(id, Column(t, file, "lsoa11_code"));
    const std::string lookup = data_dir + "/lookups/lsoa11_lsoa21_lad22_geographr.csv";
    NHOOD_ASSIGN_OR_RETURN(Table l, io::ReadTable(lookup));
    NHOOD_ASSIGN_OR_RETURN(size_t from, Column(l, lookup, "lsoa11_code"));
    NHOOD_ASSIGN_OR_RETURN(size_t to, Column(l, lookup, "lsoa21_code"));
    for (size_t r = 0; r < l.num_rows(); ++r) to21[l.Cell(from, r)].push_back(l.Cell(to, r));
  }
  DemoAreas out;
  out.source = file + (bridged ? " (LSOA 2011, bridged to 2021)" : "");
  for (size_t r = 0; r < t.num_rows(); ++r) {
    NHOOD_ASSIGN_OR_RETURN(bool c, Flag(t, core20, r, file, "core20"));
    NHOOD_ASSIGN_OR_RETURN(bool d, Flag(t, dd, r, file, "double_disadvantage"));
    const std::string code = t.Cell(*id, r);
    std::vector<std::string> codes = bridged ? to21[code] : std::vector<std::string>{code};
    for (const std::string& c21 : codes) {
      DemoAreaFlags& f = out.by_lsoa21[c21];
      f.core20 = f.core20 || c;
      f.double_disadvantage = f.double_disadvantage || d;
    }
  }
  return out;
}

Result<DemoAreas> ReadImdDemoAreas(const std::string& data_dir) {
  const std::string file = data_dir + "/imd2025/IoD2025_lsoa21_scores_ranks_deciles_humaniverse.csv";
  NHOOD_ASSIGN_OR_RETURN(Table t, io::ReadTable(file));
  NHOOD_ASSIGN_OR_RETURN(size_t id, Column(t, file, "lsoa21_code"));
  NHOOD_ASSIGN_OR_RETURN(size_t decile, Column(t, file, "IMD_decile"));
  DemoAreas out;
  out.source = file + " (Core20 = IMD 2025 decile 1-2)";
  for (size_t r = 0; r < t.num_rows(); ++r) {
    const std::string v = t.Cell(decile, r);
    char* end = nullptr;
    const double x = std::strtod(v.c_str(), &end);
    if (v.empty() || end != v.c_str() + v.size() || x != static_cast<int>(x) || x < 1 || x > 10) {
      return InvalidField("IMD_decile", file + ": row " + std::to_string(r + 1) + ", column 'IMD_decile': '" + v +
                                            "' is not a decile 1-10");
    }
    const int d = static_cast<int>(x);
    out.by_lsoa21[t.Cell(id, r)].core20 = d <= 2;
  }
  return out;
}

}  // namespace nhood::cli
