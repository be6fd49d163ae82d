#include "apps/cli/survey_command.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>

#include "nhood/base/number.h"
#include "nhood/base/progress.h"
#include "nhood/evaluate/codebook.h"
#include "nhood/evaluate/model_report.h"
#include "nhood/evaluate/survey_demo.h"
#include "nhood/evaluate/survey_html.h"
#include "nhood/evaluate/survey_report.h"
#include "nhood/io/command_schemas.h"
#include "nhood/io/polygon_io.h"
#include "nhood/io/readstat_table.h"
#include "nhood/io/staged_directory.h"
#include "nhood/io/table_io.h"
#include "nhood/report/plot_charts.h"
#include "nhood/stats/survey_design.h"
#include "nhood/stats/survey_estimate.h"
#include "nhood/stats/survey_rake.h"

namespace nhood::cli {
namespace {

// A text column of labels; a missing label is an error naming the cell.
Result<std::vector<std::string>> Labels(const Table& t, const std::string& name, const char* role) {
  if (name.empty()) return std::vector<std::string>{};
  NHOOD_ASSIGN_OR_RETURN(size_t c, t.Require(name));
  std::vector<std::string> v(t.num_rows());
  for (size_t r = 0; r < t.num_rows(); ++r) {
    v[r] = t.Cell(c, r);
    if (v[r].empty() || v[r] == "NA") {
      return InvalidArgument(t.RowLocation(r) + ", column '" + name + "': the " + role + " is missing");
    }
  }
  return v;
}

// Reads MARGINS.csv (variable,level,total) and matches it to the input rows.
Result<std::vector<stats::RakeMargin>> ReadMargins(const std::string& path, const Table& in) {
  NHOOD_ASSIGN_OR_RETURN(Table m, io::ReadTable(path));
  NHOOD_ASSIGN_OR_RETURN(size_t var_col, m.Require("variable"));
  NHOOD_ASSIGN_OR_RETURN(size_t level_col, m.Require("level"));
  NHOOD_RETURN_IF_ERROR(m.Require("total").status());
  NHOOD_ASSIGN_OR_RETURN(Table::Numbers total, m.GetNumbers("total"));
  std::vector<std::string> order;  // variables in order of first appearance
  std::map<std::string, std::map<std::string, size_t>> rows_of;  // variable -> level -> margins row
  for (size_t r = 0; r < m.num_rows(); ++r) {
    const std::string var = m.Cell(var_col, r), level = m.Cell(level_col, r);
    if (var.empty()) return InvalidArgument(m.RowLocation(r) + ", column 'variable': empty");
    if (!(total[r] >= 0)) {
      return InvalidArgument(m.RowLocation(r) + ", column 'total': " +
                             (std::isnan(total[r]) ? std::string("missing") : FormatNumber(total[r]) + " is negative"));
    }
    if (!in.Find(var)) {
      return InvalidArgument(m.RowLocation(r) + ", column 'variable': '" + var + "' is not a column of " + in.source());
    }
    if (!rows_of.count(var)) order.push_back(var);
    if (!rows_of[var].emplace(level, r).second) {
      return InvalidArgument(m.RowLocation(r) + ", column 'level': '" + var + "' level '" + level + "' is listed twice");
    }
  }
  if (order.empty()) return InvalidArgument(path + ": no margins");
  std::vector<stats::RakeMargin> out;
  for (const std::string& var : order) {
    const size_t c = *in.Find(var);
    const auto& levels = rows_of[var];
    std::map<std::string, int> index;
    stats::RakeMargin margin;
    for (const auto& [label, row] : levels) {
      index[label] = static_cast<int>(margin.total.size());
      margin.total.push_back(total[row]);
    }
    std::vector<char> seen(margin.total.size(), 0);
    margin.level.resize(in.num_rows());
    for (size_t r = 0; r < in.num_rows(); ++r) {
      auto it = index.find(in.Cell(c, r));
      if (it == index.end() || !(margin.total[it->second] > 0)) {
        return InvalidArgument(in.RowLocation(r) + ", column '" + var + "': level '" + in.Cell(c, r) +
                               "' has no population total in " + path);
      }
      margin.level[r] = it->second;
      seen[it->second] = 1;
    }
    for (const auto& [label, row] : levels) {
      if (total[row] > 0 && !seen[index[label]]) {
        return InvalidArgument(m.RowLocation(row) + ", column 'level': '" + var + "' level '" + label +
                               "' has no respondents in " + in.source() + " (raking needs every level sampled)");
      }
    }
    out.push_back(std::move(margin));
  }
  return out;
}

}  // namespace

Result<SurveyRun> ComputeSurveyEstimate(const SurveyCommandOptions& o) {
  NHOOD_ASSIGN_OR_RETURN(stats::LonelyPsu lonely, stats::ParseLonelyPsu(o.lonely_psu));
  if (!(o.level > 0 && o.level < 1)) return InvalidArgument("--level must be between 0 and 1, e.g. 0.95");
  NHOOD_ASSIGN_OR_RETURN(Table in, io::ReadTable(o.input));
  NHOOD_ASSIGN_OR_RETURN(Table::Numbers y, in.GetNumbers(o.y));
  stats::DesignInput d;
  NHOOD_ASSIGN_OR_RETURN(d.weight, in.GetNumbers(o.weight));
  NHOOD_ASSIGN_OR_RETURN(d.stratum, Labels(in, o.strata, "stratum"));
  NHOOD_ASSIGN_OR_RETURN(d.psu, Labels(in, o.psu, "PSU"));
  if (!o.fpc.empty()) {
    NHOOD_ASSIGN_OR_RETURN(d.fpc, in.GetNumbers(o.fpc));
  }
  NHOOD_ASSIGN_OR_RETURN(std::vector<std::string> dom_labels, Labels(in, o.domain, "domain"));
  d.lonely = lonely;
  d.weight_column = o.weight;
  d.stratum_column = o.strata;
  d.psu_column = o.psu.empty() ? o.weight : o.psu;
  d.fpc_column = o.fpc;
  d.where = [&in](size_t r) { return in.RowLocation(r); };
  NHOOD_ASSIGN_OR_RETURN(stats::SurveyDesign design, stats::MakeSurveyDesign(d));
  std::string rake_note;
  if (!o.rake.empty()) {
    NHOOD_ASSIGN_OR_RETURN(std::vector<stats::RakeMargin> margins, ReadMargins(o.rake, in));
    NHOOD_ASSIGN_OR_RETURN(stats::RakeReport rep, stats::Rake(&design, margins));
    rake_note = "; raked to " + std::to_string(margins.size()) + " margins in " + std::to_string(rep.passes) +
                " passes" + (rep.converged ? "" : " (NOT converged: largest cell change " +
                                                      FormatNumber(rep.last_change) + " after 10 passes, as survey warns)");
  }
  // Domains, sorted by label.
  std::vector<std::string> names = dom_labels.empty() ? std::vector<std::string>{"all"} : dom_labels;
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  std::vector<int> dom(in.num_rows(), 0);
  if (!dom_labels.empty()) {
    for (size_t r = 0; r < in.num_rows(); ++r) {
      dom[r] = static_cast<int>(std::lower_bound(names.begin(), names.end(), dom_labels[r]) - names.begin());
    }
  }
  size_t missing = 0;
  bool binary = true;
  for (double v : y) {
    if (std::isnan(v)) ++missing;
    else if (v != 0 && v != 1) binary = false;
  }
  if (missing == y.size()) return InvalidArgument(o.input + ": column '" + o.y + "': every value is missing");
  NHOOD_ASSIGN_OR_RETURN(std::vector<stats::DomainEstimate> est,
                         stats::EstimateDomains(design, y, dom, static_cast<int>(names.size()),
                                                {.level = o.level, .proportions = binary}));
  // Every domain is listed; one whose respondents all lack y has n = 0 and empty estimates.
  std::vector<size_t> keep;
  size_t empty_domains = 0;
  for (size_t k = 0; k < est.size(); ++k) {
    keep.push_back(k);
    if (est[k].n == 0) ++empty_domains;
  }
  SurveyRun run;
  std::vector<std::string> label;
  for (size_t k : keep) label.push_back(names[k]);
  NHOOD_RETURN_IF_ERROR(run.table.AddText("domain", label));
  auto add = [&](const char* name, auto get) -> Status {
    Table::Numbers v;
    for (size_t k : keep) v.push_back(get(est[k]));
    return run.table.AddNumbers(name, std::move(v));
  };
  using E = stats::DomainEstimate;
  NHOOD_RETURN_IF_ERROR(add("n", [](const E& e) { return e.n; }));
  NHOOD_RETURN_IF_ERROR(add("sum_w", [](const E& e) { return e.sum_w; }));
  NHOOD_RETURN_IF_ERROR(add("mean", [](const E& e) { return e.mean; }));
  NHOOD_RETURN_IF_ERROR(add("se", [](const E& e) { return e.se; }));
  NHOOD_RETURN_IF_ERROR(add("deff", [](const E& e) { return e.deff; }));
  NHOOD_RETURN_IF_ERROR(add("degf", [](const E& e) { return e.degf; }));
  NHOOD_RETURN_IF_ERROR(add("total", [](const E& e) { return e.total; }));
  NHOOD_RETURN_IF_ERROR(add("se_total", [](const E& e) { return e.se_total; }));
  NHOOD_RETURN_IF_ERROR(add("mean_norm_lower", [](const E& e) { return e.norm_lower; }));
  NHOOD_RETURN_IF_ERROR(add("mean_norm_upper", [](const E& e) { return e.norm_upper; }));
  if (binary) {
    for (size_t m = 0; m < stats::kCipropMethodNames.size(); ++m) {
      const std::string base = stats::kCipropMethodNames[m];
      NHOOD_RETURN_IF_ERROR(add((base + "_lower").c_str(), [m](const E& e) { return e.ciprop.lower[m]; }));
      NHOOD_RETURN_IF_ERROR(add((base + "_upper").c_str(), [m](const E& e) { return e.ciprop.upper[m]; }));
    }
  }
  run.summary = "survey estimate: " + std::to_string(keep.size()) + " domains, " +
                std::to_string(y.size() - missing) + " respondents with '" + o.y + "'" +
                (missing ? " (" + std::to_string(missing) + " with it missing left out, as survey's na.rm = TRUE)"
                         : std::string()) +
                "; " + std::to_string(design.num_strata()) + " strata, " + std::to_string(design.num_psus()) +
                " PSUs, lonely PSUs: " + stats::LonelyPsuName(lonely) + rake_note +
                (empty_domains ? "; " + std::to_string(empty_domains) + " domains with no '" + o.y +
                                     "' at all (n = 0, estimates empty)"
                               : std::string()) +
                (binary ? "; 0/1 variable: svyciprop intervals added" : "");
  return run;
}

namespace {

// The codebook checked against its schema before it is read: an unknown key
// or a key of the wrong type is an error naming the file, line and key,
// never its default.
Result<evaluate::Codebook> LoadValidCodebook(const std::string& path) {
  NHOOD_RETURN_IF_ERROR(io::LoadConfigFile(path, io::SurveyCodebookSchema(), "").status());
  return evaluate::LoadCodebook(path);
}

// The survey input (CSV/XLSX/ODS, SPSS .sav, Stata .dta) and, with a codebook, its scoring.
struct ModelInput {
  Table data;
  std::optional<evaluate::Codebook> codebook;
  std::optional<evaluate::ScoredSurvey> scored;
};
Result<ModelInput> ReadModelInput(const std::string& input, const std::string& codebook) {
  ModelInput in;
  NHOOD_ASSIGN_OR_RETURN(in.data, io::IsReadStatPath(input) ? io::ReadStatTable(input) : io::ReadTable(input));
  if (!codebook.empty()) {
    NHOOD_ASSIGN_OR_RETURN(evaluate::Codebook cb, LoadValidCodebook(codebook));
    NHOOD_ASSIGN_OR_RETURN(evaluate::ScoredSurvey sc, evaluate::ApplyCodebook(cb, in.data));
    in.codebook = std::move(cb);
    in.scored = std::move(sc);
  }
  return in;
}

// "name: seed 1, 999 replicates; ..." for the provenance of a report with mediation models.
std::string MediationSeeds(const evaluate::ModelSpecs& specs) {
  std::string out;
  for (const evaluate::MediationSpec& m : specs.mediations) {
    out += (out.empty() ? "" : "; ") + m.name + ": seed " + std::to_string(m.seed) + ", " +
           std::to_string(m.replicates) + " replicates";
  }
  return out;
}

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

}  // namespace

Result<SurveyModelRun> ComputeSurveyModel(const SurveyModelOptions& o) {
  if (!(o.level > 0 && o.level < 1)) return InvalidArgument("--level must be between 0 and 1, e.g. 0.95");
  if (o.x.empty() && o.factors.empty()) return InvalidArgument("--x names no predictor");
  NHOOD_ASSIGN_OR_RETURN(evaluate::Family family, evaluate::ParseFamily(o.family));
  NHOOD_ASSIGN_OR_RETURN(ModelInput in, ReadModelInput(o.input, o.codebook));
  evaluate::ModelSpec spec{.name = o.y,
                           .y = o.y,
                           .x = o.x,
                           .factors = o.factors,
                           .family = family,
                           .cluster = o.cluster,
                           .weight = o.weight};
  NHOOD_ASSIGN_OR_RETURN(evaluate::RegressionFit fit,
                         evaluate::RunModelSpec(spec, in.data, in.codebook ? &*in.codebook : nullptr,
                                                in.scored ? &*in.scored : nullptr, o.level));
  SurveyModelRun run;
  NHOOD_ASSIGN_OR_RETURN(run.table, evaluate::ModelTable({{spec.name, fit}}));
  run.summary =
      "survey model: " + std::string(evaluate::FamilyName(family)) + " model of '" + o.y + "' on " + Join(o.x) +
      (o.factors.empty() ? std::string() : (o.x.empty() ? "" : " and ") + Join(o.factors) + " (categorical)") + ", " +
      std::to_string(fit.n) + " rows" +
      (fit.n_dropped ? " (" + std::to_string(fit.n_dropped) + " with a missing value left out, listwise)"
                     : std::string()) +
      "; model-based intervals " + fit.distribution +
      (fit.clusters ? "; CR1 cluster-robust se over " + std::to_string(fit.clusters) + " clusters of '" + o.cluster +
                          "', intervals " + fit.distribution_cluster
                    : std::string("; no --cluster: model-based se only"));
  return run;
}

Result<SurveyMediateRun> ComputeSurveyMediate(const SurveyMediateOptions& o) {
  if (!(o.level > 0 && o.level < 1)) return InvalidArgument("--level must be between 0 and 1, e.g. 0.95");
  NHOOD_ASSIGN_OR_RETURN(ModelInput in, ReadModelInput(o.input, o.codebook));
  evaluate::MediationSpec spec{.name = o.x + "->" + o.m + "->" + o.y,
                               .x = o.x,
                               .m = o.m,
                               .y = o.y,
                               .covariates = o.covariates,
                               .covariate_factors = o.covariate_factors,
                               .cluster = o.cluster,
                               .weight = o.weight,
                               .replicates = o.replicates,
                               .seed = o.seed};
  Progress progress("bootstrap", static_cast<uint64_t>(std::max(o.replicates, 0)));
  size_t reported = 0;
  NHOOD_ASSIGN_OR_RETURN(
      evaluate::MediationResult r,
      evaluate::RunMediationSpec(spec, in.data, in.codebook ? &*in.codebook : nullptr,
                                 in.scored ? &*in.scored : nullptr, o.level, o.threads, [&](size_t done) {
                                   progress.Advance(done - reported);
                                   reported = done;
                                 }));
  progress.Finish();
  SurveyMediateRun run;
  NHOOD_ASSIGN_OR_RETURN(run.table, evaluate::MediationTable({{spec, r}}));
  std::vector<std::string> covariates = o.covariates;
  covariates.insert(covariates.end(), o.covariate_factors.begin(), o.covariate_factors.end());
  run.summary =
      "survey mediate: " + o.x + " -> " + o.m + " -> " + o.y +
      (covariates.empty() ? std::string() : " given " + Join(covariates)) + ", " + std::to_string(r.n) + " rows" +
      (r.n_dropped ? " (" + std::to_string(r.n_dropped) + " with a missing value left out, listwise)" : std::string()) +
      ", " + std::to_string(r.clusters) + " clusters of '" + o.cluster + "'; indirect " +
      FormatNumber(r.effects[0].estimate) + " (" + FormatNumber(o.level * 100) + "% " +
      FormatNumber(r.effects[0].lower) + " to " + FormatNumber(r.effects[0].upper) + "), " +
      std::to_string(r.replicates) + " cluster-bootstrap replicates, seed " + std::to_string(r.seed) +
      (r.failed ? ", " + std::to_string(r.failed) + " resamples could not be fitted (left out)" : std::string());
  return run;
}

Status RunSurveyReport(const SurveyReportCommandOptions& o, const std::string& command) {
  NHOOD_ASSIGN_OR_RETURN(evaluate::Codebook cb, LoadValidCodebook(o.codebook));
  NHOOD_ASSIGN_OR_RETURN(Table data, io::IsReadStatPath(o.input) ? io::ReadStatTable(o.input) : io::ReadTable(o.input));
  std::vector<evaluate::Benchmark> benchmarks;
  std::vector<std::string> inputs = {o.input, o.codebook};
  for (const std::string& path : o.benchmarks) {
    NHOOD_ASSIGN_OR_RETURN(Table t, io::ReadTable(path));
    NHOOD_ASSIGN_OR_RETURN(std::vector<evaluate::Benchmark> b, evaluate::BenchmarksFromTable(t));
    benchmarks.insert(benchmarks.end(), b.begin(), b.end());
    inputs.push_back(path);
  }
  if (!o.ons4_area.empty()) {
    if (o.data_dir.empty()) return InvalidArgument("--ons4-area needs --data-dir (the shared data mirror)");
    for (const evaluate::Ons4File& f : evaluate::kOns4Files) {
      const std::string path = o.data_dir + "/wellbeing/ons_subnational_indicators_2022_" + f.file + ".csv";
      io::ReadOptions ro;
      ro.skip_lines = 5;
      NHOOD_ASSIGN_OR_RETURN(Table t, io::ReadTable(path, ro));
      NHOOD_ASSIGN_OR_RETURN(evaluate::Benchmark b, evaluate::Ons4AreaBenchmark(t, f, o.ons4_area));
      benchmarks.push_back(std::move(b));
      inputs.push_back(path);
    }
  }
  NHOOD_ASSIGN_OR_RETURN(evaluate::ModelSpecs specs, evaluate::LoadModelSpecs(o.codebook));
  // A progress line per mediation bootstrap (on a terminal).
  std::unique_ptr<Progress> progress;
  size_t progress_index = 0, reported = 0;
  auto on_progress = [&](size_t index, size_t done) {
    if (!progress || index != progress_index) {
      if (progress) progress->Finish();
      progress = std::make_unique<Progress>("bootstrap " + specs.mediations[index].name,
                                            static_cast<uint64_t>(specs.mediations[index].replicates));
      progress_index = index;
      reported = 0;
    }
    progress->Advance(done - reported);
    reported = done;
  };
  NHOOD_ASSIGN_OR_RETURN(evaluate::SurveyReport rep,
                         evaluate::MakeSurveyReport(cb, data, benchmarks,
                                                    {.level = o.level,
                                                     .lonely_psu = o.lonely_psu,
                                                     .models = specs,
                                                     .mediation_progress = on_progress}));
  if (progress) progress->Finish();
  NHOOD_ASSIGN_OR_RETURN(io::StagedDirectory staged, io::StagedDirectory::Begin(o.output));
  const std::pair<const char*, const Table*> tables[] = {{"items.csv", &rep.items},       {"missing.csv", &rep.missing},
                                                         {"benchmarks.csv", &rep.benchmarks}, {"waves.csv", &rep.waves},
                                                         {"panel.csv", &rep.panel},       {"retention.csv", &rep.retention}};
  for (const auto& [name, table] : tables) NHOOD_RETURN_IF_ERROR(io::WriteTable(*table, staged.Path(name)));
  if (!specs.models.empty()) NHOOD_RETURN_IF_ERROR(io::WriteTable(rep.models, staged.Path("models.csv")));
  if (!specs.mediations.empty()) NHOOD_RETURN_IF_ERROR(io::WriteTable(rep.mediation, staged.Path("mediation.csv")));
  NHOOD_RETURN_IF_ERROR(io::WriteTextFile(
      staged.Path("report.html"), report::EmbedPlotCharts(evaluate::SurveyReportHtml(rep, "Survey report: " + o.input))));
  NHOOD_RETURN_IF_ERROR(staged.Commit(inputs, {{"command", command},
                                               {"statistic", "survey report"},
                                               {"level", FormatNumber(o.level)},
                                               {"lonely_psu", o.lonely_psu},
                                               {"seed", specs.mediations.empty() ? std::string("none")
                                                                                 : MediationSeeds(specs)},
                                               {"methods", "docs/methods.md, 'Survey reports' and 'Models'"}}));
  std::fprintf(stderr, "nhood: %s\nnhood: wrote %s\n", rep.summary.c_str(), o.output.c_str());
  return Status();
}

void SetupSurveyCommand(CLI::App& app, int* exit_code, const std::vector<std::string>* command_line) {
  CLI::App* survey = app.add_subcommand("survey", "Resident surveys: design-based estimates (R survey 4.1-1), reports, regression and mediation models");
  survey->require_subcommand(1);
  auto o = std::make_shared<SurveyCommandOptions>();
  auto output = std::make_shared<std::string>();
  CLI::App* cmd = survey->add_subcommand(
      "estimate", "Weighted means, totals and proportions with design-based intervals, by domain");
  cmd->footer(
      "What it computes (exactly as R survey 4.1-1; docs/methods.md, 'Survey estimation'):\n"
      "  One row per domain (`all` without --domain): n, sum_w, the weighted mean with its Taylor-linearised\n"
      "  se (PSUs sampled with replacement within strata), deff (against simple random sampling without\n"
      "  replacement, survey's default), degf (PSUs minus strata in the domain), the total and its se, and a\n"
      "  normal interval. For a 0/1 variable, svyciprop's six intervals with df = degf: logit, likelihood,\n"
      "  asin, beta (Korn-Graubard), mean and xlogit.\n"
      "  Domains keep the whole design (a domain is survey's subset(), not a separate survey).\n"
      "  Rows with y missing (empty or NA) are left out and counted (survey's na.rm = TRUE).\n"
      "  --rake rakes the weights to population margins first (survey's rake(): passes of post-stratifying on\n"
      "  each margin until no cell of their cross-table moves by 1 or more, at most 10); the variance is\n"
      "  survey's raked-design variance. MARGINS.csv has columns variable,level,total, e.g.\n"
      "    variable,level,total\n    sex,F,510000\n    sex,M,490000\n    age,16-44,450000\n"
      "  --lonely-psu (a stratum with one PSU): fail (stop, naming the stratum), adjust (centre it on the\n"
      "  grand mean), average (the mean of the other strata's variance), certainty or remove (no\n"
      "  contribution).\n\n"
      "Example:\n"
      "  nhood survey estimate --input responses.csv --y talks_to_neighbours --weight w --strata region \\\n"
      "      --psu area --domain programme --rake margins.csv --lonely-psu adjust --output estimates.csv\n"
      "Bad input (a weight <= 0, a stratum with one PSU under fail, a missing column, text in y) stops with\n"
      "the file, row and column, exit code 1, and no output.");
  cmd->add_option("--input,-i", o->input, "respondents: one row each (.csv, .xlsx, .ods)")->required();
  cmd->add_option("--y", o->y, "the variable to estimate (numbers; 0/1 for a proportion)")->required();
  cmd->add_option("--weight", o->weight, "sampling weight column (each > 0)")->required();
  cmd->add_option("--strata", o->strata, "stratum column (default: one stratum)");
  cmd->add_option("--psu", o->psu, "primary sampling unit (cluster) column, nested in strata (default: each row)");
  cmd->add_option("--fpc", o->fpc, "finite population correction: population PSUs per stratum, or sampling fractions");
  cmd->add_option("--domain", o->domain, "domain column: one output row per domain");
  cmd->add_option("--rake", o->rake, "population margins to rake to (variable,level,total)");
  cmd->add_option("--level", o->level, "confidence level (default 0.95)");
  cmd->add_option("--lonely-psu", o->lonely_psu, "fail|adjust|average|certainty|remove (default fail)")
      ->check(CLI::IsMember({"fail", "adjust", "average", "certainty", "remove"}));
  cmd->add_option("--output,-o", *output, ".csv, .xlsx, .ods or .json")->required();
  cmd->callback([o, output, exit_code, command_line] {
    Result<SurveyRun> r = ComputeSurveyEstimate(*o);
    if (!r) {
      std::fprintf(stderr, "nhood: %s\n", r.error().message.c_str());
      *exit_code = 1;
      return;
    }
    Status w = io::WriteTable(r->table, *output);
    if (!w.ok()) {
      std::fprintf(stderr, "nhood: %s\n", w.message().c_str());
      *exit_code = 1;
      return;
    }
    std::string command = "nhood";
    if (command_line) {
      for (const auto& a : *command_line) command += " " + a;
    }
    std::vector<std::string> inputs = {o->input};
    if (!o->rake.empty()) inputs.push_back(o->rake);
    Status p = io::WriteProvenance(*output, inputs,
                                   {{"command", command},
                                    {"statistic", "survey estimate"},
                                    {"level", FormatNumber(o->level)},
                                    {"lonely_psu", o->lonely_psu},
                                    {"seed", "none"},
                                    {"methods", "docs/methods.md; R survey 4.1-1 conventions"}});
    if (!p.ok()) std::fprintf(stderr, "nhood: warning: %s\n", p.message().c_str());
    std::fprintf(stderr, "nhood: %s\nnhood: wrote %s\n", r->summary.c_str(), output->c_str());
    *exit_code = 0;
  });

  auto command_text = [command_line] {
    std::string command = "nhood";
    if (command_line) {
      for (const auto& a : *command_line) command += " " + a;
    }
    return command;
  };
  auto ro = std::make_shared<SurveyReportCommandOptions>();
  CLI::App* report = survey->add_subcommand(
      "report", "Score a survey through its codebook; estimates against benchmarks, waves, panel; tables + report.html");
  report->footer(
      "Outputs (all or nothing; DIR/provenance.json lists every file with its SHA-256):\n"
      "  items.csv       each measure (items with agree labels: share agreeing; scales and numeric items: mean)\n"
      "                  with its interval: Wilson / Student t, or design-based (R survey) when the codebook\n"
      "                  has [design] weight (strata, psu)\n"
      "  missing.csv     blanks and missing codes per item (reported, never silently dropped)\n"
      "  benchmarks.csv  difference from each benchmark with a 95% interval, z test, Benjamini-Hochberg p_bh\n"
      "  waves.csv       cross-sectional change between consecutive waves ([waves] column)\n"
      "  panel.csv       paired differences for respondents in both waves ([waves] id)\n"
      "  retention.csv   who was interviewed again and how those lost differed at baseline\n"
      "  models.csv      with codebook [[model]] sections: each regression's coefficients, model-based and CR1\n"
      "                  cluster-robust se and intervals (as `nhood survey model`)\n"
      "  mediation.csv   with codebook [[mediation]] sections: paths a, b and the indirect, direct and total effects\n"
      "                  with cluster-bootstrap intervals (as `nhood survey mediate`)\n"
      "  report.html     self-contained: findings table, dot plots and wave charts (Observable Plot, embedded;\n"
      "                  inline SVG without scripts), the tables, the notes\n"
      "A participant survey against a population survey is not a causal comparison; the report says so.\n"
      "Benchmarks (--benchmarks, repeatable): CSV with measure,benchmark,value[,lower,upper,base_n,base,source,year];\n"
      "  shipped: data/benchmarks/community_life_survey.csv. --ons4-area E06000001 --data-dir DIR adds that local\n"
      "  authority's ONS4 means (ONS subnational indicators 2022, DIR/wellbeing).\n\n"
      "Example:\n"
      "  nhood survey demo --seed 1 --output demo.csv --codebook-out demo.toml\n"
      "  nhood survey report --input demo.csv --codebook demo.toml \\\n"
      "      --benchmarks data/benchmarks/community_life_survey.csv --output demo-report\n"
      "Bad input (a codebook naming a missing column, a response the codebook does not list, a weight <= 0,\n"
      "a stratum with one PSU under --lonely-psu fail) stops with the file, row and column, exit 1, no output.");
  report->add_option("--input,-i", ro->input, "responses: one row per respondent and wave (.csv, .xlsx, .ods, SPSS .sav, Stata .dta)")->required();
  report->add_option("--codebook", ro->codebook, "the codebook (TOML; docs/cli.md)")->required();
  report->add_option("--benchmarks", ro->benchmarks, "benchmark tables (repeatable)");
  report->add_option("--data-dir", ro->data_dir, "the shared data mirror (for --ons4-area)");
  report->add_option("--ons4-area", ro->ons4_area, "a LAD 2019 code: add its ONS4 means as benchmarks");
  report->add_option("--level", ro->level, "confidence level of the estimates (default 0.95)");
  report->add_option("--lonely-psu", ro->lonely_psu, "fail|adjust|average|certainty|remove (default fail)")
      ->check(CLI::IsMember({"fail", "adjust", "average", "certainty", "remove"}));
  report->add_option("--output,-o", ro->output, "output directory")->required();
  report->callback([ro, exit_code, command_text] {
    Status s = RunSurveyReport(*ro, command_text());
    if (!s.ok()) {
      std::fprintf(stderr, "nhood: %s\n", s.message().c_str());
      *exit_code = 1;
      return;
    }
    *exit_code = 0;
  });

  auto demo_seed = std::make_shared<uint64_t>(1);
  auto demo_out = std::make_shared<std::string>();
  auto demo_codebook = std::make_shared<std::string>();
  CLI::App* demo = survey->add_subcommand(
      "demo", "Write a seeded synthetic survey (~3,000 respondents, 15 projects, 2 waves, a panel) and its codebook");
  demo->footer(
      "Invented respondents shaped like the Local Conversations participant surveys: talk to neighbours on most\n"
      "days, can influence decisions, together can change how the area is run, belonging, trust, ONS4 (0-10)\n"
      "and SWEMWBS (7 items, 1-5), with \"Don't know\", \"Prefer not to say\" and blank cells. Participation\n"
      "(sessions in the last three months) raises a community power scale (influence + change) that raises\n"
      "wellbeing, and the codebook's [[model]] and [[mediation]] sections model it, so the report shows a real\n"
      "mediation. The same seed gives the same file on any machine.\n\n"
      "Example:\n  nhood survey demo --seed 7 --output demo.csv --codebook-out demo.toml");
  demo->add_option("--seed", *demo_seed, "random seed (default 1)");
  demo->add_option("--output,-o", *demo_out, "the responses (.csv, .xlsx, .ods)")->required();
  demo->add_option("--codebook-out", *demo_codebook, "also write the codebook (TOML)");
  demo->callback([demo_seed, demo_out, demo_codebook, exit_code, command_text] {
    evaluate::SurveyDemoOptions opt;
    opt.seed = *demo_seed;
    Result<Table> t = evaluate::MakeSurveyDemo(opt);
    Status s = t ? io::WriteTable(*t, *demo_out) : t.status();
    if (s.ok() && !demo_codebook->empty()) s = io::WriteTextFile(*demo_codebook, evaluate::SurveyDemoCodebook());
    if (!s.ok()) {
      std::fprintf(stderr, "nhood: %s\n", s.message().c_str());
      *exit_code = 1;
      return;
    }
    Status p = io::WriteProvenance(*demo_out, {}, {{"command", command_text()},
                                                   {"statistic", "survey demo (synthetic)"},
                                                   {"seed", std::to_string(*demo_seed)}});
    if (!p.ok()) std::fprintf(stderr, "nhood: warning: %s\n", p.message().c_str());
    std::fprintf(stderr, "nhood: wrote %zu synthetic respondents to %s\n", t->num_rows(), demo_out->c_str());
    *exit_code = 0;
  });

  // nhood survey model / mediate: the table, then its provenance; nothing is written on an error.
  auto write_run = [exit_code, command_text](const Result<Table>& table, const std::string& summary,
                                             const std::string& output, const std::vector<std::string>& inputs,
                                             std::vector<std::pair<std::string, std::string>> fields) {
    Status w = table ? io::WriteTable(*table, output) : table.status();
    if (!w.ok()) {
      std::fprintf(stderr, "nhood: %s\n", w.message().c_str());
      *exit_code = 1;
      return;
    }
    fields.insert(fields.begin(), {"command", command_text()});
    Status p = io::WriteProvenance(output, inputs, fields);
    if (!p.ok()) std::fprintf(stderr, "nhood: warning: %s\n", p.message().c_str());
    std::fprintf(stderr, "nhood: %s\nnhood: wrote %s\n", summary.c_str(), output.c_str());
    *exit_code = 0;
  };
  auto inputs_of = [](const std::string& input, const std::string& codebook) {
    std::vector<std::string> v = {input};
    if (!codebook.empty()) v.push_back(codebook);
    return v;
  };

  auto mo = std::make_shared<SurveyModelOptions>();
  auto model_out = std::make_shared<std::string>();
  CLI::App* model = survey->add_subcommand(
      "model", "Linear or logistic regression with cluster-robust (CR1) standard errors, clusters = projects");
  model->footer(
      "What it computes (docs/methods.md, 'Models'):\n"
      "  --family gaussian: least squares, as R lm(y ~ x1 + x2, weights = w); binomial: logistic regression by\n"
      "  IRLS, as R glm(..., family = binomial). An intercept is always added. One row per coefficient:\n"
      "  estimate, model-based se with its interval and p (t with N-K df for gaussian, normal for binomial),\n"
      "  and with --cluster the cluster-robust se of R sandwich::vcovCL(fit, cluster = ~project, type = \"HC1\"):\n"
      "    V = G/(G-1) * (N-1)/(N-K) * (X'WX)^-1 [sum over clusters of u_g u_g'] (X'WX)^-1\n"
      "  with intervals and p from t with G-1 df (G clusters: few clusters give wide intervals, as they should).\n"
      "  Variables: with --codebook a name may be a scale (its score, e.g. swemwbs) or an item (its code; as a\n"
      "  binomial outcome an item with agree labels gives 1 = agree); otherwise a numeric column of the input.\n"
      "  --factors age_band,sex: categorical columns, coded as R's lm codes text: levels sorted (byte order),\n"
      "  the first the reference, terms named like age_band45-64.\n"
      "  Rows missing any variable, the weight or the cluster are left out (listwise) and counted.\n"
      "  Stops, naming the column, on a predictor collinear with the others, one cluster, a non-0/1 binomial\n"
      "  outcome, and separation in a logistic model (a predictor that perfectly splits the outcome).\n\n"
      "Example:\n"
      "  nhood survey demo --seed 1 --output demo.csv --codebook-out demo.toml\n"
      "  nhood survey model --input demo.csv --codebook demo.toml --y swemwbs --x participation,community_power \\\n"
      "      --cluster project -o wellbeing-model.csv\n"
      "  nhood survey model --input demo.csv --codebook demo.toml --family binomial --y belonging \\\n"
      "      --x participation --cluster project -o belonging-model.csv\n"
      "Bad input (a missing column, text in a numeric column, a weight <= 0) stops with the file, row and column,\n"
      "exit code 1, and no output.");
  model->add_option("--input,-i", mo->input, "respondents, one row each (.csv, .xlsx, .ods, SPSS .sav, Stata .dta)")
      ->required();
  model->add_option("--codebook", mo->codebook, "score items and scales through this codebook (TOML) first");
  model->add_option("--y", mo->y, "the outcome (a column, or a codebook item or scale)")->required();
  model->add_option("--x", mo->x, "numeric predictors, comma-separated (an intercept is added)")->delimiter(',');
  model->add_option("--factors", mo->factors,
                    "categorical predictors, comma-separated: a 0/1 column per level but the first (sorted)")
      ->delimiter(',');
  model->add_option("--cluster", mo->cluster, "cluster column (projects): adds CR1 cluster-robust se");
  model->add_option("--weight", mo->weight, "case weight column (each > 0), as lm/glm weights");
  model->add_option("--family", mo->family, "gaussian (linear, default) or binomial (logistic)")
      ->check(CLI::IsMember({"gaussian", "binomial"}));
  model->add_option("--level", mo->level, "confidence level (default 0.95)");
  model->add_option("--output,-o", *model_out, ".csv, .xlsx, .ods or .json")->required();
  model->callback([mo, model_out, write_run, inputs_of] {
    Result<SurveyModelRun> r = ComputeSurveyModel(*mo);
    write_run(r ? Result<Table>(r->table) : Result<Table>(r.status()), r ? r->summary : "", *model_out,
              inputs_of(mo->input, mo->codebook),
              {{"statistic", "survey model (" + mo->family + (mo->cluster.empty() ? "" : ", CR1 on " + mo->cluster) + ")"},
               {"level", FormatNumber(mo->level)},
               {"seed", "none"},
               {"methods", "docs/methods.md, 'Models'; R lm/glm and sandwich 3.0-2 vcovCL type HC1"}});
  });

  auto me = std::make_shared<SurveyMediateOptions>();
  auto mediate_out = std::make_shared<std::string>();
  CLI::App* mediate = survey->add_subcommand(
      "mediate", "Mediation X -> M -> Y (e.g. participation -> community power -> wellbeing), cluster bootstrap");
  mediate->footer(
      "What it computes (docs/methods.md, 'Models'; Baron & Kenny 1986, MacKinnon 2008):\n"
      "  Two least-squares models on the rows complete in every variable:\n"
      "    M ~ X + covariates          a = the X coefficient\n"
      "    Y ~ X + M + covariates      b = the M coefficient, c' = the X coefficient (the direct effect)\n"
      "  indirect = a*b, direct = c', total = c' + a*b, proportion mediated = a*b / total.\n"
      "  Rows a and b carry CR1 cluster-robust Wald intervals (t, G-1 df). The four effects carry percentile\n"
      "  intervals from a cluster bootstrap: each replicate draws the clusters (projects) with replacement and\n"
      "  refits both models. Replicate r uses random stream r of --seed, so the answer is the same on any\n"
      "  number of threads. This describes association along a path; it is causal only under the usual\n"
      "  no-unmeasured-confounding assumptions for X -> M, X -> Y and M -> Y.\n\n"
      "Example:\n"
      "  nhood survey mediate --input demo.csv --codebook demo.toml --x participation --m community_power \\\n"
      "      --y swemwbs --cluster project --replicates 999 --seed 1 -o mediation.csv\n"
      "Bad input (a missing column, text in a numeric column, fewer than 2 clusters) stops with the file, row\n"
      "and column, exit code 1, and no output.");
  mediate->add_option("--input,-i", me->input, "respondents, one row each (.csv, .xlsx, .ods, SPSS .sav, Stata .dta)")
      ->required();
  mediate->add_option("--codebook", me->codebook, "score items and scales through this codebook (TOML) first");
  mediate->add_option("--x", me->x, "the exposure (e.g. participation)")->required();
  mediate->add_option("--m", me->m, "the mediator (e.g. a community power scale)")->required();
  mediate->add_option("--y", me->y, "the outcome (e.g. swemwbs)")->required();
  mediate->add_option("--covariates", me->covariates, "numeric covariates in both models, comma-separated")
      ->delimiter(',');
  mediate->add_option("--covariate-factors", me->covariate_factors,
                      "categorical covariates in both models (a 0/1 column per level but the first)")
      ->delimiter(',');
  mediate->add_option("--cluster", me->cluster, "cluster column (projects): resampled by the bootstrap")->required();
  mediate->add_option("--weight", me->weight, "case weight column (each > 0)");
  mediate->add_option("--replicates", me->replicates, "bootstrap replicates (default 999)")->check(CLI::PositiveNumber);
  mediate->add_option("--seed", me->seed, "random seed (default 1)");
  mediate->add_option("--threads", me->threads, "threads (default: all; the answer does not depend on it)");
  mediate->add_option("--level", me->level, "confidence level (default 0.95)");
  mediate->add_option("--output,-o", *mediate_out, ".csv, .xlsx, .ods or .json")->required();
  mediate->callback([me, mediate_out, write_run, inputs_of] {
    Result<SurveyMediateRun> r = ComputeSurveyMediate(*me);
    write_run(r ? Result<Table>(r->table) : Result<Table>(r.status()), r ? r->summary : "", *mediate_out,
              inputs_of(me->input, me->codebook),
              {{"statistic", "survey mediate (product of coefficients, cluster bootstrap on " + me->cluster + ")"},
               {"level", FormatNumber(me->level)},
               {"replicates", std::to_string(me->replicates)},
               {"seed", std::to_string(me->seed)},
               {"methods", "docs/methods.md, 'Models'"}});
  });
}

}  // namespace nhood::cli
