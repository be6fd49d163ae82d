// The models a survey report runs (issue 10 items 6 and 9): optional codebook
// sections naming regressions (regression.h) and mediation models
// (mediation.h), how a model's variable names resolve against a scored
// survey, and the tables `nhood survey model`, `nhood survey mediate` and
// `nhood survey report` write.
//
//   [[model]]                       # or one [model] table; repeatable
//   name = "wellbeing"              # optional (default "model_1", ...)
//   y = "swemwbs"                   # outcome
//   x = ["participation", "community_power"]
//   factors = ["age_band"]          # optional: categorical columns (dummies)
//   family = "gaussian"             # gaussian (default) | binomial
//   cluster = "project"             # optional: CR1 cluster-robust se
//   weight = "w"                    # optional (default: none)
//   [[mediation]]                   # or one [mediation] table; repeatable
//   name = "participation_power_wellbeing"
//   x = "participation"
//   m = "community_power"
//   y = "swemwbs"
//   covariates = ["age"]            # optional
//   covariate_factors = ["sex"]     # optional: categorical covariates
//   cluster = "project"             # required: the bootstrap resamples it
//   weight = "w"                    # optional
//   replicates = 999                # optional (default 999)
//   seed = 1                        # optional (default 1)
//
// A variable name is, in this order: a codebook scale (its score), a
// codebook item (its code after reverse coding; in a binomial model's
// outcome, an item with agree labels gives 1 = agree, 0 = not), or a column
// of the data read as numbers (blank / NA = missing; other text is an error
// naming the file, row and column). Missing values drop the row listwise.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "nhood/base/result.h"
#include "nhood/base/table.h"
#include "nhood/evaluate/codebook.h"
#include "nhood/evaluate/mediation.h"
#include "nhood/evaluate/regression.h"

namespace nhood::evaluate {

struct ModelSpec {
  std::string name, y;
  std::vector<std::string> x;
  std::vector<std::string> factors;  // categorical predictors after x (treatment dummies)
  Family family = Family::kGaussian;
  std::string cluster, weight;
};

struct MediationSpec {
  std::string name, x, m, y;
  std::vector<std::string> covariates;
  std::vector<std::string> covariate_factors;  // categorical covariates (treatment dummies)
  std::string cluster, weight;
  int replicates = 999;
  uint64_t seed = 1;
};

struct ModelSpecs {
  std::vector<ModelSpec> models;
  std::vector<MediationSpec> mediations;
  bool empty() const { return models.empty() && mediations.empty(); }
};

// The [model] / [mediation] sections of a codebook file (none: empty specs).
// Errors name the file, the section and the key.
Result<ModelSpecs> LoadModelSpecs(const std::string& codebook_path);

// The numbers behind a variable name (see above). `codebook` and `scored`
// may be null (then only data columns). `agree` asks for an item's 0/1
// agreement where it has agree labels.
Result<std::vector<double>> ModelVariable(const std::string& name, const Table& data, const Codebook* codebook,
                                          const ScoredSurvey* scored, bool agree);

// The treatment (dummy) coding of a categorical data column, as R's lm
// codes a character column: levels sorted by byte order (R's factor() in
// the C locale), the first the reference, one 0/1 column per other level
// named COLUMN + LEVEL ("age_band45-64"); a blank or NA cell is missing in
// every column. kInvalidArgument for fewer than 2 levels.
struct Dummy {
  std::string name;
  std::vector<double> values;
};
Result<std::vector<Dummy>> FactorColumns(const std::string& column, const Table& data);

// A cluster column (labels; blank or NA = missing, dropping the row).
Result<std::vector<std::string>> ClusterLabels(const std::string& column, const Table& data);

// Runs one model or one mediation with its variables resolved.
Result<RegressionFit> RunModelSpec(const ModelSpec& spec, const Table& data, const Codebook* codebook,
                                   const ScoredSurvey* scored, double level);
Result<MediationResult> RunMediationSpec(const MediationSpec& spec, const Table& data, const Codebook* codebook,
                                         const ScoredSurvey* scored, double level, int threads,
                                         const std::function<void(size_t)>& progress = {});

// models.csv: model,family,term,estimate,se,lower,upper,p,distribution,
// se_cluster,lower_cluster,upper_cluster,p_cluster,distribution_cluster,
// n,n_dropped,clusters: one row per coefficient of each (name, fit).
struct NamedFit {
  std::string name;
  RegressionFit fit;
};
Result<Table> ModelTable(const std::vector<NamedFit>& fits);

// mediation.csv: mediation,effect,estimate,se,lower,upper,method,x,m,y,n,
// n_dropped,clusters,replicates,failed,seed. Rows per mediation: a (x -> m)
// and b (m -> y given x) with CR1 Wald intervals (t, G - 1 df), then
// indirect, direct, total and proportion_mediated with cluster-bootstrap
// percentile intervals (se = the bootstrap se).
struct NamedMediation {
  MediationSpec spec;
  MediationResult result;
};
Result<Table> MediationTable(const std::vector<NamedMediation>& mediations);

}  // namespace nhood::evaluate
