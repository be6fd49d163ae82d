#include "nhood/atlas/atlas_profile.h"

#include <gsl/gsl_statistics_double.h>

#include <algorithm>
#include <regex>
#include <set>

namespace nhood::atlas {
namespace {

bool EndsWith(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// Labels for the columns every atlas writes; other numeric columns are shown
// under their own names.
const std::vector<std::pair<std::string, std::string>>& KnownMeasures() {
  static const std::vector<std::pair<std::string, std::string>> kMeasures = {
      {"imd_score", "IMD score (population-weighted)"},
      {"imd_proportion", "IMD proportion (share of LSOAs in England's most deprived 10%)"},
      {"imd_extent", "IMD extent"},
      {"core20_share", "Core20 share (residents in England's most deprived 20%)"},
      {"double_disadvantage_share", "Double disadvantage share (residents in left-behind wards)"},
      {"hotspot_share", "Hot-spot share (residents in High-High clusters)"},
      {"risk_score", "Risk score (mean z-score)"},
      {"priority", "Priority (1 = highest risk)"},
      {"tier", "Risk tier"},
      {"lsoas", "LSOAs"},
  };
  return kMeasures;
}

double Number(const Table& t, size_t column, size_t row) {
  if (t.is_numeric(column)) return t.numbers(column)[row];
  const std::string& s = t.text(column)[row];
  if (s.empty()) return kNoValue;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  return end && *end == '\0' ? v : kNoValue;
}

double Number(const Table& t, const std::string& column, size_t row) {
  auto c = t.Find(column);
  return c ? Number(t, *c, row) : kNoValue;
}

std::string Text(const Table& t, const std::string& column, size_t row) {
  auto c = t.Find(column);
  return c ? t.Cell(*c, row) : "";
}

// True when every present cell of the column parses as a number.
bool NumericColumn(const Table& t, size_t column) {
  if (t.is_numeric(column)) return true;
  bool any = false;
  for (size_t r = 0; r < t.num_rows(); ++r) {
    if (t.text(column)[r].empty()) continue;
    if (std::isnan(Number(t, column, r))) return false;
    any = true;
  }
  return any;
}

std::string StandardisedName(const std::string& key) {
  const bool sdr = EndsWith(key, "_sdr");
  std::string base = key.substr(0, key.size() - (sdr ? 4 : 3));
  std::replace(base.begin(), base.end(), '_', ' ');
  if (!base.empty()) base[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(base[0])));
  return base + (sdr ? ", standardised for age and deprivation (England = 100)"
                     : ", standardised for age (England = 100)");
}

}  // namespace

std::vector<ExplorerIndicator> DetectIndicators(const Table& neighbourhoods,
                                                const std::vector<ExplorerIndicator>& declared) {
  std::vector<ExplorerIndicator> out;
  std::set<std::string> seen;
  for (const ExplorerIndicator& d : declared) {
    if (!neighbourhoods.Find(d.key) || !seen.insert(d.key).second) continue;
    ExplorerIndicator i = d;
    if (EndsWith(i.key, "_sr") || EndsWith(i.key, "_sdr")) {
      i.standardised = true;
      if (std::isnan(i.england)) i.england = 100;
    }
    out.push_back(std::move(i));
  }
  for (const std::string& c : neighbourhoods.names()) {
    if (seen.count(c) || !neighbourhoods.Find(c + "_lower95_0cl") || !neighbourhoods.Find(c + "_upper95_0cl")) continue;
    ExplorerIndicator i;
    i.key = c;
    i.name = c;
    if (EndsWith(c, "_sr") || EndsWith(c, "_sdr")) {
      i.standardised = true;
      i.england = 100;
      i.name = StandardisedName(c);
    }
    seen.insert(c);
    out.push_back(std::move(i));
  }
  return out;
}

std::optional<size_t> LsoaCodeColumn(const Table& lsoas) {
  static const std::regex kCode("lsoa\\d\\d_code");
  for (size_t c = 0; c < lsoas.num_columns(); ++c) {
    if (std::regex_match(lsoas.name(c), kCode)) return c;
  }
  return std::nullopt;
}

std::optional<size_t> LsoaNameColumn(const Table& lsoas) {
  static const std::regex kName("lsoa\\d\\d_name");
  for (size_t c = 0; c < lsoas.num_columns(); ++c) {
    if (std::regex_match(lsoas.name(c), kName)) return c;
  }
  return std::nullopt;
}

double SpinePosition(double value, double england, double half_width, bool higher_is_worse) {
  if (std::isnan(value) || std::isnan(england)) return kNoValue;
  if (!(half_width > 0)) return 0.5;
  const double offset = (value - england) / (2 * half_width);
  const double p = higher_is_worse ? 0.5 - offset : 0.5 + offset;
  return std::clamp(p, 0.0, 1.0);
}

std::string CompareWithEngland(double lower95, double upper95, double england, bool higher_is_worse) {
  if (std::isnan(lower95) || std::isnan(upper95) || std::isnan(england)) return "Not compared";
  if (lower95 > england) return higher_is_worse ? "Worse" : "Better";
  if (upper95 < england) return higher_is_worse ? "Better" : "Worse";
  return "Similar";
}

std::vector<double> ClassBreaks(std::vector<double> values, int classes) {
  values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return std::isnan(v); }), values.end());
  std::vector<double> out;
  if (values.empty() || classes < 2) return out;
  std::sort(values.begin(), values.end());
  for (int k = 1; k < classes; ++k) {
    out.push_back(gsl_stats_quantile_from_sorted_data(values.data(), 1, values.size(), double(k) / classes));
  }
  return out;
}

Result<ProfileIndex> ProfileIndex::Build(const ExplorerAtlas& atlas) {
  const Table& nb = atlas.neighbourhoods;
  ProfileIndex index;
  index.atlas_ = &atlas;
  NHOOD_ASSIGN_OR_RETURN(size_t id_col, nb.Require("neighbourhood_id"));
  for (size_t r = 0; r < nb.num_rows(); ++r) {
    const std::string& id = nb.Cell(id_col, r);
    if (!index.rows_.emplace(id, r).second) {
      return InvalidArgument(nb.source() + ": neighbourhood_id '" + id + "' appears twice");
    }
  }
  index.lsoas_of_.resize(nb.num_rows());
  if (atlas.lsoas.num_rows() > 0 || atlas.lsoas.num_columns() > 0) {
    NHOOD_ASSIGN_OR_RETURN(size_t lsoa_nb, atlas.lsoas.Require("neighbourhood_id"));
    for (size_t r = 0; r < atlas.lsoas.num_rows(); ++r) {
      auto it = index.rows_.find(atlas.lsoas.Cell(lsoa_nb, r));
      if (it != index.rows_.end()) index.lsoas_of_[it->second].push_back(r);
    }
  }
  for (const ExplorerIndicator& ind : atlas.indicators) {
    Distribution d;
    std::vector<double> v;
    if (auto c = nb.Find(ind.key)) {
      for (size_t r = 0; r < nb.num_rows(); ++r) {
        const double x = Number(nb, *c, r);
        if (!std::isnan(x)) v.push_back(x);
      }
    }
    if (!v.empty() && !std::isnan(ind.england)) {
      std::sort(v.begin(), v.end());
      d.drawn = true;
      const double lo = v.front(), hi = v.back();
      d.worst = ind.higher_is_worse ? hi : lo;
      d.best = ind.higher_is_worse ? lo : hi;
      d.q25 = gsl_stats_quantile_from_sorted_data(v.data(), 1, v.size(), 0.25);
      d.q75 = gsl_stats_quantile_from_sorted_data(v.data(), 1, v.size(), 0.75);
      d.half_width = std::max(std::abs(hi - ind.england), std::abs(ind.england - lo));
    }
    index.spine_.push_back(d);
  }
  // Measures: the known columns in their order, then other numeric columns
  // that are not an indicator or part of one.
  std::set<std::string> skip = {"neighbourhood_id", "population", "local_authority", "local_authority_name", "name"};
  for (const ExplorerIndicator& ind : atlas.indicators) {
    for (const char* suffix : {"", "_lower95_0cl", "_upper95_0cl", "_vs_england", "_observed", "_expected"}) {
      skip.insert(ind.key + suffix);
    }
  }
  for (const auto& [key, label] : KnownMeasures()) {
    if (auto c = nb.Find(key)) {
      index.measure_columns_.push_back(*c);
      skip.insert(key);
    }
  }
  for (size_t c = 0; c < nb.num_columns(); ++c) {
    if (skip.count(nb.name(c))) continue;
    if (EndsWith(nb.name(c), "_lower95_0cl") || EndsWith(nb.name(c), "_upper95_0cl")) continue;
    if (NumericColumn(nb, c)) index.measure_columns_.push_back(c);
  }
  return index;
}

std::optional<size_t> ProfileIndex::Row(const std::string& id) const {
  auto it = rows_.find(id);
  if (it == rows_.end()) return std::nullopt;
  return it->second;
}

std::string ProfileIndex::Name(size_t row) const {
  const Table& nb = atlas_->neighbourhoods;
  const std::string name = Text(nb, "name", row);
  return name.empty() ? Text(nb, "neighbourhood_id", row) : name;
}

Result<Profile> ProfileIndex::Get(const std::string& id) const {
  auto row = Row(id);
  if (!row) return NotFound("neighbourhood " + id + " not found");
  const size_t r = *row;
  const Table& nb = atlas_->neighbourhoods;
  Profile p;
  p.id = id;
  p.name = Name(r);
  p.local_authority = Text(nb, "local_authority", r);
  p.local_authority_name = Text(nb, "local_authority_name", r);
  p.population = Number(nb, "population", r);
  for (size_t i = 0; i < atlas_->indicators.size(); ++i) {
    const ExplorerIndicator& ind = atlas_->indicators[i];
    IndicatorValue v;
    v.key = ind.key;
    v.name = ind.name;
    v.standardised = ind.standardised;
    v.unit = ind.unit;
    v.method = ind.method;
    v.source = ind.source;
    v.higher_is_worse = ind.higher_is_worse;
    v.value = Number(nb, ind.key, r);
    v.lower95 = Number(nb, ind.key + "_lower95_0cl", r);
    v.upper95 = Number(nb, ind.key + "_upper95_0cl", r);
    v.england = ind.england;
    const std::string written = Text(nb, ind.key + "_vs_england", r);
    v.comparison = !written.empty() ? written : CompareWithEngland(v.lower95, v.upper95, v.england, v.higher_is_worse);
    const Distribution& d = spine_[i];
    if (d.drawn) {
      v.spine.drawn = true;
      v.spine.worst = d.worst;
      v.spine.best = d.best;
      v.spine.q25 = d.q25;
      v.spine.q75 = d.q75;
      v.spine.worst_position = SpinePosition(d.worst, ind.england, d.half_width, ind.higher_is_worse);
      v.spine.best_position = SpinePosition(d.best, ind.england, d.half_width, ind.higher_is_worse);
      const double a = SpinePosition(d.q25, ind.england, d.half_width, ind.higher_is_worse);
      const double b = SpinePosition(d.q75, ind.england, d.half_width, ind.higher_is_worse);
      v.spine.q25_position = std::min(a, b);
      v.spine.q75_position = std::max(a, b);
      v.spine.position = SpinePosition(v.value, ind.england, d.half_width, ind.higher_is_worse);
    }
    p.indicators.push_back(std::move(v));
  }
  for (size_t c : measure_columns_) {
    std::string label = nb.name(c);
    for (const auto& [key, known] : KnownMeasures()) {
      if (key == label) label = known;
    }
    p.measures.push_back({nb.name(c), label, Number(nb, c, r)});
  }
  p.lsoas = atlas_->lsoas.SelectRows(lsoas_of_[r]);
  return p;
}

}  // namespace nhood::atlas
