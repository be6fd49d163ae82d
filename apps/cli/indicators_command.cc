#include "apps/cli/indicators_command.h"

#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>

#include "nhood/base/number.h"
#include "nhood/io/table_io.h"
#include "nhood/stats/confidence.h"
#include "nhood/stats/indicator_table.h"

namespace nhood::cli {
namespace {

using stats::IndicatorOptions;

const std::vector<std::string>* g_command_line = nullptr;

struct Shared {
  const std::vector<std::string>* command_line = nullptr;
  std::string input, output, confidence = "0.95,0.998", group;
  int skip_lines = 0;
  std::string sheet;
  bool no_suppress = false;
  IndicatorOptions options;
};

std::vector<std::string> SplitList(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < s.size()) {
    size_t comma = s.find(',', start);
    if (comma == std::string::npos) comma = s.size();
    if (comma > start) out.push_back(s.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

// "England (pooled): 0.0515 [0.0514, 0.0516]; 33,755 areas: 9,000 Worse, ..."
void PrintComparisonSummary(const Table& out, const IndicatorOptions& o) {
  std::optional<size_t> rag = out.Find("rag"), bench = out.Find("benchmark_value");
  if (!rag || !bench || out.num_rows() == 0) return;
  std::map<std::string, size_t> counts;
  for (const auto& r : out.text(*rag)) ++counts[r];
  std::string line;
  for (const char* k : {"Worst", "Worse", "Similar", "Better", "Best", "Lowest", "Lower", "Higher", "Highest",
                        "NotCompared"}) {
    if (counts.count(k)) line += (line.empty() ? "" : ", ") + std::to_string(counts[k]) + " " + k;
  }
  std::fprintf(stderr, "nhood: benchmark %s = %s (%s, polarity %s)\n", o.benchmark.c_str(),
               FormatNumber(out.numbers(*bench)[0]).c_str(), o.benchmark_method.c_str(), o.polarity.c_str());
  std::fprintf(stderr, "nhood: %zu rows compared: %s\n", out.num_rows(), line.c_str());
}

int Run(Shared& s) {
  Result<std::vector<double>> levels = stats::ParseConfidenceList(s.confidence);
  if (!levels) {
    std::fprintf(stderr, "nhood: --confidence: %s\n", levels.error().message.c_str());
    return 2;
  }
  s.options.confidence = *levels;
  s.options.group = SplitList(s.group);
  const std::string out_ext = io::Extension(s.output);
  if (out_ext != "csv" && out_ext != "xlsx" && out_ext != "ods" && out_ext != "gpkg" && out_ext != "json") {
    std::fprintf(stderr, "nhood: --output %s: use a .csv, .xlsx, .ods, .gpkg or .json file\n", s.output.c_str());
    return 2;
  }
  Result<Table> in = io::ReadTable(s.input, {.skip_lines = s.skip_lines, .layer = s.sheet});
  if (!in) {
    std::fprintf(stderr, "nhood: %s\n", in.error().message.c_str());
    return 1;
  }
  if (s.no_suppress) s.options.suppress_below = 0;
  Result<stats::IndicatorResult> result = stats::ComputeIndicator(*in, s.options);
  if (!result) {
    std::fprintf(stderr, "nhood: %s\n", result.error().message.c_str());
    return 1;
  }
  const Table* out = &result->table;
  Status w = io::WriteTable(*out, s.output);
  if (!w.ok()) {
    std::fprintf(stderr, "nhood: %s\n", w.message().c_str());
    return 1;
  }
  std::string command = "nhood";
  if (s.command_line) {
    for (const auto& a : *s.command_line) command += " " + a;
  }
  std::string level_list;
  for (double c : s.options.confidence) level_list += (level_list.empty() ? "" : ",") + FormatNumber(c);
  Status p = io::WriteProvenance(s.output, {s.input},
                                 {{"command", command},
                                  {"statistic", s.options.statistic},
                                  {"confidence", level_list},
                                  {"seed", s.options.statistic == "sii" ? std::to_string(s.options.seed) : "none"},
                                  {"suppress_below", FormatNumber(s.options.suppress_below)},
                                  {"methods", "docs/methods.md; PHEindicatormethods 2.1.0 conventions"}});
  if (!p.ok()) std::fprintf(stderr, "nhood: warning: %s\n", p.message().c_str());
  for (const auto& note : result->notes) std::fprintf(stderr, "nhood: %s\n", note.c_str());
  PrintComparisonSummary(*out, s.options);
  if (s.options.suppress_below > 0) {
    const std::optional<size_t> status = out->Find("status");
    size_t suppressed = 0;
    if (status) {
      for (const auto& v : out->text(*status)) suppressed += v == "suppressed";
    }
    if (suppressed > 0) {
      std::fprintf(stderr, "nhood: %zu rows with a numerator below %s suppressed (--suppress-below 0 or --no-suppress to keep them)\n",
                   suppressed, FormatNumber(s.options.suppress_below).c_str());
    }
  }
  std::fprintf(stderr, "nhood: %s: %zu rows written to %s\n", s.options.statistic.c_str(), out->num_rows(),
               s.output.c_str());
  return 0;
}

CLI::App* AddStatistic(CLI::App& parent, const std::string& name, const std::string& description,
                       const std::string& example, std::shared_ptr<Shared> s, int* exit_code) {
  CLI::App* cmd = parent.add_subcommand(name, description);
  s->command_line = g_command_line;
  cmd->footer("Example:\n  " + example);
  cmd->add_option("--input,-i", s->input, "input table (.csv, .xlsx, .ods, .gpkg)")->required();
  cmd->add_option("--output,-o", s->output, "output table; format from the extension (.csv, .xlsx, .ods, .gpkg, .json)")
      ->required();
  cmd->add_option("--group,-g", s->group, "group by these columns (comma-separated); one output row per group");
  cmd->add_option("--confidence", s->confidence, "confidence level(s), e.g. 0.95 or 0.95,0.998")
      ->capture_default_str();
  cmd->add_option("--skip-lines", s->skip_lines, "lines before the CSV header (5 for a Nomis bulk export)");
  cmd->add_option("--sheet", s->sheet, "sheet or layer to read (default: the first)");
  cmd->add_option("--where", s->options.where, "keep rows where COL=VALUE or COL^=PREFIX, e.g. code^=E01");
  cmd->callback([s, exit_code, name] {
    s->options.statistic = name;
    *exit_code = Run(*s);
  });
  return cmd;
}

void AddCountOptions(CLI::App* cmd, Shared& s, bool comparison) {
  cmd->add_option("--numerator,-x", s.options.numerator, "numerator column (events, cases)")->required();
  cmd->add_option("--denominator,-n", s.options.denominator, "denominator column (population)")->required();
  cmd->add_option("--multiplier", s.options.multiplier, "scale the value and limits, e.g. 100 for a percentage");
  cmd->add_flag("--keep-invalid", s.options.keep_invalid,
                "write invalid rows (negative count, numerator above denominator, denominator <= 0) with NA "
                "and the reason in `status` instead of stopping");
  s.options.suppress_below = stats::kDefaultSuppressBelow;
  cmd->add_option("--suppress-below", s.options.suppress_below,
                  "mark rows with a numerator below N as suppressed (value and limits blank; 0 = none)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--no-suppress", s.no_suppress, "do not suppress small counts (same as --suppress-below 0)");
  if (!comparison) return;
  cmd->add_option("--benchmark", s.options.benchmark,
                  "compare with england (the pooled value of the rows with E... codes; others are left out and "
                  "counted on stderr), an area in the output, or a number; adds benchmark_value, significance and rag");
  cmd->add_option("--benchmark-method", s.options.benchmark_method,
                  "Fingertips comparison: ci95_998 (method 17), ci95 (1), ci998, double (12), spc_proportion (5)")
      ->capture_default_str()
      ->check(CLI::IsMember({"ci95_998", "17", "ci95", "1", "ci998", "double", "12", "spc_proportion", "5", "quintile", "15"}));
  cmd->add_option("--polarity", s.options.polarity, "high_is_good, low_is_good, bob (no judgement) or none")
      ->capture_default_str()
      ->check(CLI::IsMember({"high_is_good", "high", "low_is_good", "low", "bob", "no_judgement", "none"}));
}

}  // namespace

void SetupIndicatorsCommand(CLI::App& app, int* exit_code, const std::vector<std::string>* command_line) {
  g_command_line = command_line;
  CLI::App* ind = app.add_subcommand(
      "indicators", "Public-health indicator statistics with confidence intervals (PHEindicatormethods methods)");
  ind->require_subcommand(1);
  ind->footer(
      "Each statistic reads a table, adds value, lower95_0cl, upper95_0cl, lower99_8cl, upper99_8cl and status, "
      "and writes the result atomically. Methods and references: docs/methods.md.");

  auto p = std::make_shared<Shared>();
  AddCountOptions(AddStatistic(*ind, "proportion", "Proportions with Wilson score intervals",
                               "nhood indicators proportion -i areas.csv -x bad_health -n residents "
                               "--multiplier 100 --benchmark england --polarity low_is_good -o out.csv",
                               p, exit_code),
                  *p, true);

  auto r = std::make_shared<Shared>();
  AddCountOptions(AddStatistic(*ind, "rate", "Crude rates with exact (count < 10) or Byar intervals",
                               "nhood indicators rate -i deaths.csv -x deaths -n population -o rates.csv", r,
                               exit_code),
                  *r, true);

  auto m = std::make_shared<Shared>();
  CLI::App* mean = AddStatistic(*ind, "mean", "Means with Student t intervals",
                                "nhood indicators mean -i scores.csv --value score --group ward -o means.csv", m,
                                exit_code);
  mean->add_option("--value", m->options.value, "column of values")->required();

  auto d = std::make_shared<Shared>();
  CLI::App* dsr = AddStatistic(*ind, "dsr", "Directly standardised rates with Dobson intervals",
                               "nhood indicators dsr -i deaths_by_age.csv -x deaths -n population --age-band age "
                               "--group area -o dsr.csv",
                               d, exit_code);
  AddCountOptions(dsr, *d, true);
  dsr->add_option("--age-band", d->options.age_band, "age-band column (labels like 0-4, 5-9, ..., 90+)");
  dsr->add_option("--standard-population", d->options.standard_population,
                  "standard population: esp2013 (European Standard Population 2013, by age-band label)")
      ->capture_default_str()
      ->check(CLI::IsMember({"esp2013"}));
  dsr->add_option("--standard-column", d->options.standard_column, "use this column as the standard population");
  dsr->add_option("--event-frequency", d->options.event_frequency,
                  "column of event frequencies for non-independent events (rows = persons with f events)");

  auto i = std::make_shared<Shared>();
  CLI::App* isr = AddStatistic(*ind, "isr", "Indirectly standardised ratios (SMR) and rates",
                               "nhood indicators isr -i by_age.csv -x deaths -n population --ref-numerator "
                               "eng_deaths --ref-denominator eng_population --ref-value 100 --group area -o smr.csv",
                               i, exit_code);
  AddCountOptions(isr, *i, true);
  isr->add_option("--ref-numerator", i->options.ref_numerator, "reference (e.g. England) events per age band")
      ->required();
  isr->add_option("--ref-denominator", i->options.ref_denominator, "reference population per age band")->required();
  isr->add_option("--ref-value", i->options.ref_value, "ratio scale: 1, or 100 for SMR x 100")->capture_default_str();

  auto l = std::make_shared<Shared>();
  CLI::App* le = AddStatistic(*ind, "life-expectancy", "Life expectancy (Chiang II, Silcocks), 20 age bands",
                              "nhood indicators life-expectancy -i le.csv --start-age age --deaths deaths "
                              "--population pop --group area -o le_out.csv",
                              l, exit_code);
  le->add_option("--start-age", l->options.start_age, "start age of each band: 0, 1, 5, 10, ..., 90")->required();
  le->add_option("--deaths", l->options.numerator, "deaths column")->required();
  le->add_option("--population", l->options.denominator, "population column")->required();

  auto q = std::make_shared<Shared>();
  CLI::App* quant = AddStatistic(*ind, "quantile", "Assign quantiles (deciles, quintiles) within groups",
                                 "nhood indicators quantile -i imd.csv --value score --quantiles 10 -o deciles.csv", q,
                                 exit_code);
  quant->add_option("--value", q->options.value, "column to rank")->required();
  quant->add_option("--quantiles", q->options.quantiles, "number of quantiles")
      ->capture_default_str()
      ->check(CLI::Range(2, 100));
  quant->add_option("--invert", q->options.invert, "true: quantile 1 holds the highest values")->capture_default_str();

  auto s = std::make_shared<Shared>();
  CLI::App* sii = AddStatistic(*ind, "sii", "Slope and relative index of inequality with simulated intervals",
                               "nhood indicators sii -i deciles.csv --quantile decile --population pop --value le "
                               "--lower lcl --upper ucl --group area -o sii.csv",
                               s, exit_code);
  sii->add_option("--quantile", s->options.quantile_column, "quantile column (5 to 100 quantiles)")->required();
  sii->add_option("--population", s->options.denominator, "population of each quantile")->required();
  sii->add_option("--value", s->options.value, "indicator value of each quantile");
  sii->add_option("--numerator,-x", s->options.numerator, "count, for proportions when --value is absent");
  sii->add_option("--se", s->options.se, "standard error column");
  sii->add_option("--lower", s->options.lower, "95% lower limit column (when no --se)");
  sii->add_option("--upper", s->options.upper, "95% upper limit column (when no --se)");
  sii->add_option("--value-type", s->options.value_type, "0 normal, 1 rate (log), 2 proportion (logit)")
      ->check(CLI::Range(0, 2));
  sii->add_flag("--transform", s->options.transform, "regress on the log/logit scale");
  sii->add_option("--multiplier", s->options.multiplier, "scale the SII (negative flips polarity)");
  sii->add_option("--repetitions", s->options.repetitions, "simulation draws (>= 1000)")->capture_default_str();
  sii->add_option("--seed", s->options.seed, "random seed (R set.seed semantics)")->capture_default_str();

  auto f = std::make_shared<Shared>();
  CLI::App* fun = AddStatistic(*ind, "funnel", "Funnel plot control limits or per-area significance",
                               "nhood indicators funnel -i areas.csv -x cases -n population --mode significance "
                               "-o funnel.csv",
                               f, exit_code);
  fun->add_option("--numerator,-x", f->options.numerator, "numerator column")->required();
  fun->add_option("--denominator,-n", f->options.denominator, "denominator column (expected events for ratios)")
      ->required();
  fun->add_option("--mode", f->options.funnel_mode, "limits (100 points for the chart) or significance")
      ->capture_default_str()
      ->check(CLI::IsMember({"limits", "significance"}));
  fun->add_option("--statistic", f->options.funnel_statistic, "proportion, ratio or rate")
      ->capture_default_str()
      ->check(CLI::IsMember({"proportion", "ratio", "rate"}));
  fun->add_option("--ratio-type", f->options.ratio_type, "count or isr")
      ->capture_default_str()
      ->check(CLI::IsMember({"count", "isr"}));
  fun->add_option("--rate-type", f->options.rate_type, "crude or dsr")
      ->capture_default_str()
      ->check(CLI::IsMember({"crude", "dsr"}));
  fun->add_option("--rate", f->options.rate, "rate column (rates only)");
  fun->add_option("--multiplier", f->options.multiplier, "scale (default 100 for proportions, 100000 for rates)");
  fun->add_option("--years-of-data", f->options.years_of_data, "years the data covers (rates)")->capture_default_str();
}

}  // namespace nhood::cli
