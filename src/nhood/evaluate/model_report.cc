#include "nhood/evaluate/model_report.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>

#include "nhood/base/number.h"

namespace nhood::evaluate {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The tables of a section given as one [name] table or as [[name]] tables.
Result<std::vector<const toml::table*>> Sections(const toml::table& root, const char* key, const std::string& path) {
  std::vector<const toml::table*> out;
  const toml::node* n = root.get(key);
  if (!n) return out;
  if (const toml::table* t = n->as_table()) {
    out.push_back(t);
  } else if (const toml::array* a = n->as_array()) {
    for (const toml::node& e : *a) {
      if (!e.as_table()) return InvalidArgument(path + ": [[" + key + "]] must be tables");
      out.push_back(e.as_table());
    }
  } else {
    return InvalidArgument(path + ": '" + key + "' must be a table ([" + key + "]) or tables ([[" + key + "]])");
  }
  return out;
}

Result<std::string> StringKey(const toml::table& t, const char* key, const std::string& where, bool required) {
  const toml::node* n = t.get(key);
  if (!n) {
    if (required) return InvalidArgument(where + ": '" + key + "' is required");
    return std::string();
  }
  std::optional<std::string> v = n->value_exact<std::string>();
  if (!v || v->empty()) return InvalidArgument(where + ": '" + key + "' must be a non-empty string");
  return *v;
}

Result<std::vector<std::string>> StringsKey(const toml::table& t, const char* key, const std::string& where,
                                            bool required) {
  std::vector<std::string> out;
  const toml::node* n = t.get(key);
  if (!n) {
    if (required) return InvalidArgument(where + ": '" + key + "' is required");
    return out;
  }
  if (std::optional<std::string> one = n->value_exact<std::string>()) return std::vector<std::string>{*one};
  const toml::array* a = n->as_array();
  if (!a) return InvalidArgument(where + ": '" + key + "' must be a string or an array of strings");
  for (const toml::node& e : *a) {
    std::optional<std::string> v = e.value_exact<std::string>();
    if (!v || v->empty()) return InvalidArgument(where + ": '" + key + "' must be an array of non-empty strings");
    out.push_back(*v);
  }
  if (required && out.empty()) return InvalidArgument(where + ": '" + key + "' names no variable");
  return out;
}

Result<int64_t> Integer(const toml::table& t, const char* key, int64_t fallback, int64_t min,
                        const std::string& where) {
  const toml::node* n = t.get(key);
  if (!n) return fallback;
  std::optional<int64_t> v = n->value_exact<int64_t>();
  if (!v || *v < min)
    return InvalidArgument(where + ": '" + key + "' must be a whole number >= " + std::to_string(min));
  return *v;
}

Status CheckKeys(const toml::table& t, std::initializer_list<const char*> keys, const std::string& where) {
  for (const auto& [k, v] : t) {
    bool known = false;
    for (const char* key : keys) known = known || k.str() == key;
    if (!known) return InvalidArgument(where + ": unknown key '" + std::string(k.str()) + "'");
  }
  return Status();
}

}  // namespace

Result<ModelSpecs> LoadModelSpecs(const std::string& path) {
  if (!std::filesystem::exists(path)) return NotFound(path + ": no such codebook");
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return InvalidArgument(path + ": line " + std::to_string(e.source().begin.line) + ": " +
                           std::string(e.description()));
  }
  ModelSpecs specs;
  NHOOD_ASSIGN_OR_RETURN(std::vector<const toml::table*> models, Sections(root, "model", path));
  for (size_t i = 0; i < models.size(); ++i) {
    const toml::table& t = *models[i];
    const std::string where = path + ": [model] " + std::to_string(i + 1);
    NHOOD_RETURN_IF_ERROR(CheckKeys(t, {"name", "y", "x", "factors", "family", "cluster", "weight"}, where));
    ModelSpec s;
    NHOOD_ASSIGN_OR_RETURN(s.name, StringKey(t, "name", where, false));
    if (s.name.empty()) s.name = "model_" + std::to_string(i + 1);
    NHOOD_ASSIGN_OR_RETURN(s.y, StringKey(t, "y", where, true));
    NHOOD_ASSIGN_OR_RETURN(s.x, StringsKey(t, "x", where, !t.get("factors")));
    NHOOD_ASSIGN_OR_RETURN(s.factors, StringsKey(t, "factors", where, false));
    NHOOD_ASSIGN_OR_RETURN(std::string family, StringKey(t, "family", where, false));
    if (!family.empty()) {
      Result<Family> f = ParseFamily(family);
      if (!f) return InvalidArgument(where + ": " + f.error().message);
      s.family = *f;
    }
    NHOOD_ASSIGN_OR_RETURN(s.cluster, StringKey(t, "cluster", where, false));
    NHOOD_ASSIGN_OR_RETURN(s.weight, StringKey(t, "weight", where, false));
    specs.models.push_back(std::move(s));
  }
  NHOOD_ASSIGN_OR_RETURN(std::vector<const toml::table*> meds, Sections(root, "mediation", path));
  for (size_t i = 0; i < meds.size(); ++i) {
    const toml::table& t = *meds[i];
    const std::string where = path + ": [mediation] " + std::to_string(i + 1);
    NHOOD_RETURN_IF_ERROR(
        CheckKeys(t, {"name", "x", "m", "y", "covariates", "covariate_factors", "cluster", "weight", "replicates", "seed"}, where));
    MediationSpec s;
    NHOOD_ASSIGN_OR_RETURN(s.name, StringKey(t, "name", where, false));
    if (s.name.empty()) s.name = "mediation_" + std::to_string(i + 1);
    NHOOD_ASSIGN_OR_RETURN(s.x, StringKey(t, "x", where, true));
    NHOOD_ASSIGN_OR_RETURN(s.m, StringKey(t, "m", where, true));
    NHOOD_ASSIGN_OR_RETURN(s.y, StringKey(t, "y", where, true));
    NHOOD_ASSIGN_OR_RETURN(s.covariates, StringsKey(t, "covariates", where, false));
    NHOOD_ASSIGN_OR_RETURN(s.covariate_factors, StringsKey(t, "covariate_factors", where, false));
    NHOOD_ASSIGN_OR_RETURN(s.cluster, StringKey(t, "cluster", where, true));
    NHOOD_ASSIGN_OR_RETURN(s.weight, StringKey(t, "weight", where, false));
    NHOOD_ASSIGN_OR_RETURN(int64_t reps, Integer(t, "replicates", 999, 1, where));
    NHOOD_ASSIGN_OR_RETURN(int64_t seed, Integer(t, "seed", 1, 0, where));
    s.replicates = static_cast<int>(reps);
    s.seed = static_cast<uint64_t>(seed);
    specs.mediations.push_back(std::move(s));
  }
  return specs;
}

Result<std::vector<double>> ModelVariable(const std::string& name, const Table& data, const Codebook* codebook,
                                          const ScoredSurvey* scored, bool agree) {
  if (scored) {
    for (const ScaleScore& s : scored->scales) {
      if (s.name == name) return s.score;
    }
    for (const ScoredItem& item : scored->items) {
      if (item.name == name) return agree && !item.agree.empty() ? item.agree : item.code;
    }
  }
  if (!data.Find(name)) {
    return NotFound(data.source() + ": column '" + name + "' not found" +
                    (codebook ? " (and '" + name + "' is no item or scale of " + codebook->path + ")" : std::string()));
  }
  NHOOD_ASSIGN_OR_RETURN(Table::Numbers v, data.GetNumbers(name));
  return v;
}

Result<std::vector<Dummy>> FactorColumns(const std::string& column, const Table& data) {
  NHOOD_ASSIGN_OR_RETURN(size_t c, data.Require(column));
  std::vector<std::string> cell(data.num_rows());
  std::vector<std::string> levels;
  for (size_t r = 0; r < data.num_rows(); ++r) {
    cell[r] = data.Cell(c, r);
    if (cell[r] == "NA") cell[r].clear();
    if (!cell[r].empty()) levels.push_back(cell[r]);
  }
  std::sort(levels.begin(), levels.end());
  levels.erase(std::unique(levels.begin(), levels.end()), levels.end());
  if (levels.size() < 2) {
    return InvalidArgument(data.source() + ": column '" + column + "': a factor needs at least 2 levels, it has " +
                           std::to_string(levels.size()));
  }
  std::vector<Dummy> out;
  for (size_t l = 1; l < levels.size(); ++l) {
    Dummy d{column + levels[l], std::vector<double>(data.num_rows())};
    for (size_t r = 0; r < data.num_rows(); ++r) d.values[r] = cell[r].empty() ? kNaN : cell[r] == levels[l] ? 1 : 0;
    out.push_back(std::move(d));
  }
  return out;
}

Result<std::vector<std::string>> ClusterLabels(const std::string& column, const Table& data) {
  NHOOD_ASSIGN_OR_RETURN(size_t c, data.Require(column));
  std::vector<std::string> out(data.num_rows());
  for (size_t r = 0; r < data.num_rows(); ++r) {
    out[r] = data.Cell(c, r);
    if (out[r] == "NA") out[r].clear();
  }
  return out;
}

namespace {

// A weight column: every present value > 0 (blank = missing, dropping the row).
Result<std::vector<double>> Weights(const std::string& column, const Table& data) {
  if (column.empty()) return std::vector<double>{};
  NHOOD_RETURN_IF_ERROR(data.Require(column).status());
  NHOOD_ASSIGN_OR_RETURN(Table::Numbers w, data.GetNumbers(column));
  for (size_t r = 0; r < w.size(); ++r) {
    if (!std::isnan(w[r]) && !(w[r] > 0)) {
      return InvalidArgument(data.RowLocation(r) + ", column '" + column + "': weight " +
                             data.Cell(*data.Find(column), r) + " is not > 0");
    }
  }
  return w;
}

}  // namespace

// A variable's error with the model it belongs to appended.
template <typename T>
Result<T> In(Result<T> r, const char* kind, const std::string& name) {
  if (r) return r;
  return Error{r.error().code, r.error().message + " (" + kind + " '" + name + "')"};
}

Result<RegressionFit> RunModelSpec(const ModelSpec& spec, const Table& data, const Codebook* codebook,
                                   const ScoredSurvey* scored, double level) {
  ModelData d;
  d.y_name = spec.y;
  NHOOD_ASSIGN_OR_RETURN(
      d.y, In(ModelVariable(spec.y, data, codebook, scored, spec.family == Family::kBinomial), "model", spec.name));
  for (const std::string& x : spec.x) {
    NHOOD_ASSIGN_OR_RETURN(std::vector<double> v,
                           In(ModelVariable(x, data, codebook, scored, false), "model", spec.name));
    d.x_names.push_back(x);
    d.x.push_back(std::move(v));
  }
  for (const std::string& f : spec.factors) {
    NHOOD_ASSIGN_OR_RETURN(std::vector<Dummy> dummies, In(FactorColumns(f, data), "model", spec.name));
    for (Dummy& dm : dummies) {
      d.x_names.push_back(dm.name);
      d.x.push_back(std::move(dm.values));
    }
  }
  if (d.x.empty()) return InvalidArgument(data.source() + ": model '" + spec.name + "' names no predictor");
  if (spec.family == Family::kBinomial) {
    for (size_t r = 0; r < d.y.size(); ++r) {
      if (!std::isnan(d.y[r]) && d.y[r] != 0 && d.y[r] != 1) {
        return InvalidArgument(data.RowLocation(r) + ", '" + spec.y + "': " + FormatNumber(d.y[r]) +
                               " is not 0 or 1 (a binomial model needs a 0/1 "
                               "outcome, or an item with agree labels)");
      }
    }
  }
  NHOOD_ASSIGN_OR_RETURN(d.weight, Weights(spec.weight, data));
  if (!spec.cluster.empty()) {
    NHOOD_ASSIGN_OR_RETURN(d.cluster, ClusterLabels(spec.cluster, data));
  }
  Result<RegressionFit> fit = FitRegression(d, {.family = spec.family, .level = level});
  if (!fit) return InvalidArgument(data.source() + ": model '" + spec.name + "': " + fit.error().message);
  return fit;
}

Result<MediationResult> RunMediationSpec(const MediationSpec& spec, const Table& data, const Codebook* codebook,
                                         const ScoredSurvey* scored, double level, int threads,
                                         const std::function<void(size_t)>& progress) {
  MediationData d;
  d.x_name = spec.x;
  d.m_name = spec.m;
  d.y_name = spec.y;
  NHOOD_ASSIGN_OR_RETURN(d.x, In(ModelVariable(spec.x, data, codebook, scored, false), "mediation", spec.name));
  NHOOD_ASSIGN_OR_RETURN(d.m, In(ModelVariable(spec.m, data, codebook, scored, false), "mediation", spec.name));
  NHOOD_ASSIGN_OR_RETURN(d.y, In(ModelVariable(spec.y, data, codebook, scored, false), "mediation", spec.name));
  for (const std::string& c : spec.covariates) {
    NHOOD_ASSIGN_OR_RETURN(std::vector<double> v,
                           In(ModelVariable(c, data, codebook, scored, false), "mediation", spec.name));
    d.covariate_names.push_back(c);
    d.covariates.push_back(std::move(v));
  }
  for (const std::string& f : spec.covariate_factors) {
    NHOOD_ASSIGN_OR_RETURN(std::vector<Dummy> dummies, In(FactorColumns(f, data), "mediation", spec.name));
    for (Dummy& dm : dummies) {
      d.covariate_names.push_back(dm.name);
      d.covariates.push_back(std::move(dm.values));
    }
  }
  NHOOD_ASSIGN_OR_RETURN(d.weight, Weights(spec.weight, data));
  NHOOD_ASSIGN_OR_RETURN(d.cluster, ClusterLabels(spec.cluster, data));
  Result<MediationResult> r = FitMediation(
      d, {.replicates = spec.replicates, .seed = spec.seed, .level = level, .threads = threads, .progress = progress});
  if (!r) return InvalidArgument(data.source() + ": mediation '" + spec.name + "': " + r.error().message);
  return r;
}

Result<Table> ModelTable(const std::vector<NamedFit>& fits) {
  Table::Text model, family, term, dist, dist_cl;
  std::vector<Table::Numbers> num(13);
  for (const NamedFit& nf : fits) {
    const RegressionFit& f = nf.fit;
    for (const Coefficient& c : f.coefficients) {
      model.push_back(nf.name);
      family.push_back(FamilyName(f.family));
      term.push_back(c.term);
      dist.push_back(f.distribution);
      dist_cl.push_back(f.distribution_cluster);
      const double v[] = {c.estimate,
                          c.se,
                          c.lower,
                          c.upper,
                          c.p,
                          c.se_cluster,
                          c.lower_cluster,
                          c.upper_cluster,
                          c.p_cluster,
                          static_cast<double>(f.n),
                          static_cast<double>(f.n_dropped),
                          f.clusters ? static_cast<double>(f.clusters) : kNaN,
                          f.level};
      for (size_t k = 0; k < num.size(); ++k) num[k].push_back(v[k]);
    }
  }
  Table t;
  NHOOD_RETURN_IF_ERROR(t.AddText("model", model));
  NHOOD_RETURN_IF_ERROR(t.AddText("family", family));
  NHOOD_RETURN_IF_ERROR(t.AddText("term", term));
  const char* names[] = {"estimate", "se", "lower", "upper", "p"};
  for (int k = 0; k < 5; ++k) NHOOD_RETURN_IF_ERROR(t.AddNumbers(names[k], num[k]));
  NHOOD_RETURN_IF_ERROR(t.AddText("distribution", dist));
  const char* cl[] = {"se_cluster", "lower_cluster", "upper_cluster", "p_cluster"};
  for (int k = 0; k < 4; ++k) NHOOD_RETURN_IF_ERROR(t.AddNumbers(cl[k], num[5 + k]));
  NHOOD_RETURN_IF_ERROR(t.AddText("distribution_cluster", dist_cl));
  const char* tail[] = {"n", "n_dropped", "clusters", "level"};
  for (int k = 0; k < 4; ++k) NHOOD_RETURN_IF_ERROR(t.AddNumbers(tail[k], num[9 + k]));
  return t;
}

Result<Table> MediationTable(const std::vector<NamedMediation>& meds) {
  Table::Text name, effect, method, xs, ms, ys;
  std::vector<Table::Numbers> num(11);
  for (const NamedMediation& nm : meds) {
    const MediationResult& r = nm.result;
    auto row = [&](const std::string& e, double est, double se, double lo, double hi, const std::string& how) {
      name.push_back(nm.spec.name);
      effect.push_back(e);
      method.push_back(how);
      xs.push_back(nm.spec.x);
      ms.push_back(nm.spec.m);
      ys.push_back(nm.spec.y);
      const double v[] = {est,
                          se,
                          lo,
                          hi,
                          static_cast<double>(r.n),
                          static_cast<double>(r.n_dropped),
                          static_cast<double>(r.clusters),
                          static_cast<double>(r.replicates),
                          static_cast<double>(r.failed),
                          static_cast<double>(r.seed),
                          r.level};
      for (size_t k = 0; k < num.size(); ++k) num[k].push_back(v[k]);
    };
    const std::string wald = "CR1 Wald " + r.mediator_model.distribution_cluster;
    const Coefficient& a = r.mediator_model.coefficients[1];
    const Coefficient& b = r.outcome_model.coefficients[2];
    row("a", a.estimate, a.se_cluster, a.lower_cluster, a.upper_cluster, wald);
    row("b", b.estimate, b.se_cluster, b.lower_cluster, b.upper_cluster, wald);
    for (const MediationEffect& e : r.effects) {
      row(e.name, e.estimate, e.se_boot, e.lower, e.upper, "cluster bootstrap percentile");
    }
  }
  Table t;
  NHOOD_RETURN_IF_ERROR(t.AddText("mediation", name));
  NHOOD_RETURN_IF_ERROR(t.AddText("effect", effect));
  const char* head[] = {"estimate", "se", "lower", "upper"};
  for (int k = 0; k < 4; ++k) NHOOD_RETURN_IF_ERROR(t.AddNumbers(head[k], num[k]));
  NHOOD_RETURN_IF_ERROR(t.AddText("method", method));
  NHOOD_RETURN_IF_ERROR(t.AddText("x", xs));
  NHOOD_RETURN_IF_ERROR(t.AddText("m", ms));
  NHOOD_RETURN_IF_ERROR(t.AddText("y", ys));
  const char* tail[] = {"n", "n_dropped", "clusters", "replicates", "failed", "seed", "level"};
  for (int k = 0; k < 7; ++k) NHOOD_RETURN_IF_ERROR(t.AddNumbers(tail[k], num[4 + k]));
  return t;
}

}  // namespace nhood::evaluate
