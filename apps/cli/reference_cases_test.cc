// Every PHEindicatormethods case in ../shared/reference/cases reproduced by
// the `nhood indicators` command itself: the case input is read and the
// output written through the normal io path, then compared column by column
// with the reference's expected output within the manifest's tolerance:
// |got - expected| <= tol * max(1, |expected|), NA matching NA.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>

#include "apps/cli/app.h"
#include "nhood/base/number.h"
#include "nhood/io/table_io.h"
#include "nhood/stats/benchmark.h"
#include "tests/support/data_dir.h"

namespace nhood::cli {
namespace {

namespace fs = std::filesystem;

fs::path CasesDir() { return test_support::ReferenceDir() / "cases"; }

struct Case {
  std::string name;
  std::vector<std::string> args;      // after `indicators`
  std::vector<std::string> key;       // columns identifying a row; empty = by position
  std::map<std::string, std::string> rename;  // expected column -> our column
};

const std::vector<Case>& Cases() {
  static const std::vector<Case> cases = {
      {"proportion_x100", {"proportion", "-x", "x", "-n", "n", "--confidence", "0.95,0.998", "--multiplier", "100"}, {"id"}, {}},
      {"proportion_99", {"proportion", "-x", "x", "-n", "n", "--confidence", "0.99", "--multiplier", "1"}, {"id"}, {}},
      {"proportion_grouped", {"proportion", "-x", "x", "-n", "n", "--group", "group", "--multiplier", "100"}, {"group"}, {}},
      {"rate_grouped", {"rate", "-x", "x", "-n", "n", "--group", "group", "--multiplier", "100000"}, {"group"}, {}},
      {"rate_1e5", {"rate", "-x", "x", "-n", "n", "--multiplier", "100000"}, {"id"}, {}},
      {"rate_90", {"rate", "-x", "x", "-n", "n", "--confidence", "0.9", "--multiplier", "1000"}, {"id"}, {}},
      {"mean", {"mean", "--value", "x", "--group", "group"}, {"group"}, {}},
      {"dsr_esp2013", {"dsr", "-x", "x", "-n", "n", "--group", "group", "--standard-column", "stdpop"}, {"group"}, {}},
      {"dsr_95_per1000", {"dsr", "-x", "x", "-n", "n", "--group", "group", "--age-band", "ageband", "--confidence", "0.95", "--multiplier", "1000"}, {"group"}, {}},
      {"dsr_nonindependent", {"dsr", "-x", "x", "-n", "n", "--group", "group", "--age-band", "ageband", "--event-frequency", "eventfreq", "--standard-column", "stdpop"}, {"group"}, {}},
      {"isr", {"isr", "-x", "x", "-n", "n", "--group", "group", "--ref-numerator", "x_ref", "--ref-denominator", "n_ref", "--ref-value", "100", "--multiplier", "100000"}, {"group"},
       {{"ratio", "value"}, {"ratio_lower95_0cl", "lower95_0cl"}, {"ratio_upper95_0cl", "upper95_0cl"}, {"ratio_lower99_8cl", "lower99_8cl"}, {"ratio_upper99_8cl", "upper99_8cl"}}},
      {"life_expectancy", {"life-expectancy", "--start-age", "startage", "--deaths", "deaths", "--population", "pop", "--group", "group"}, {"group", "startage"}, {}},
      {"quantile_deciles_inv", {"quantile", "--value", "value", "--group", "group", "--quantiles", "10", "--invert", "true"}, {"area"}, {}},
      {"quantile_quintiles", {"quantile", "--value", "value", "--group", "group", "--quantiles", "5", "--invert", "false"}, {"area"}, {}},
      {"sii_normal_se", {"sii", "--group", "group", "--quantile", "quantile", "--population", "population", "--value", "value", "--se", "se", "--value-type", "0", "--confidence", "0.95,0.998", "--repetitions", "10000", "--seed", "101"}, {"group"}, {}},
      {"sii_normal_cl_neg", {"sii", "--group", "group", "--quantile", "quantile", "--population", "population", "--value", "value", "--lower", "lower_cl", "--upper", "upper_cl", "--value-type", "0", "--multiplier", "-1", "--confidence", "0.95", "--repetitions", "10000", "--seed", "102"}, {"group"}, {}},
      {"sii_rate", {"sii", "--group", "group", "--quantile", "quantile", "--population", "population", "--value", "value", "--lower", "lower_cl", "--upper", "upper_cl", "--value-type", "1", "--confidence", "0.95", "--repetitions", "10000", "--seed", "103"}, {"group"}, {}},
      {"sii_rate_transform", {"sii", "--group", "group", "--quantile", "quantile", "--population", "population", "--value", "value", "--lower", "lower_cl", "--upper", "upper_cl", "--value-type", "1", "--transform", "--confidence", "0.95,0.998", "--repetitions", "10000", "--seed", "104"}, {"group"}, {}},
      {"sii_prop_x", {"sii", "--group", "group", "--quantile", "quantile", "--population", "population", "--numerator", "x", "--lower", "lower_cl", "--upper", "upper_cl", "--value-type", "2", "--multiplier", "100", "--confidence", "0.95", "--repetitions", "10000", "--seed", "105"}, {"group"}, {}},
      {"sii_prop_transform_neg", {"sii", "--group", "group", "--quantile", "quantile", "--population", "population", "--numerator", "x", "--lower", "lower_cl", "--upper", "upper_cl", "--value-type", "2", "--transform", "--multiplier", "-100", "--confidence", "0.95", "--repetitions", "10000", "--seed", "106"}, {"group"}, {}},
      {"funnel_sig_proportion", {"funnel", "--mode", "significance", "--statistic", "proportion", "-x", "numerator", "-n", "denominator"}, {"area"}, {}},
      {"funnel_sig_ratio", {"funnel", "--mode", "significance", "--statistic", "ratio", "-x", "numerator", "-n", "denominator"}, {"area"}, {}},
      {"funnel_sig_rate_crude", {"funnel", "--mode", "significance", "--statistic", "rate", "--rate-type", "crude", "--rate", "rate", "--multiplier", "100000", "-x", "numerator", "-n", "denominator"}, {"area"}, {}},
      {"funnel_sig_rate_dsr", {"funnel", "--mode", "significance", "--statistic", "rate", "--rate-type", "dsr", "--rate", "rate", "--multiplier", "100000", "-x", "numerator", "-n", "denominator"}, {"area"}, {}},
      {"funnel_limits_proportion", {"funnel", "--mode", "limits", "--statistic", "proportion", "--multiplier", "100", "-x", "numerator", "-n", "denominator"}, {}, {}},
      {"funnel_limits_ratio_isr", {"funnel", "--mode", "limits", "--statistic", "ratio", "--ratio-type", "isr", "--multiplier", "100", "-x", "numerator", "-n", "denominator"}, {}, {}},
      {"funnel_limits_ratio_count", {"funnel", "--mode", "limits", "--statistic", "ratio", "--ratio-type", "count", "--multiplier", "1", "-x", "numerator", "-n", "denominator"}, {}, {}},
      {"funnel_limits_rate_crude", {"funnel", "--mode", "limits", "--statistic", "rate", "--rate-type", "crude", "--rate", "rate", "--multiplier", "100000", "--years-of-data", "3", "-x", "numerator", "-n", "denominator"}, {}, {}},
      {"funnel_limits_rate_dsr", {"funnel", "--mode", "limits", "--statistic", "rate", "--rate-type", "dsr", "--rate", "rate", "--multiplier", "100000", "--years-of-data", "1", "-x", "numerator", "-n", "denominator"}, {}, {}},
  };
  return cases;
}

struct Manifest {
  std::map<std::string, std::pair<std::string, std::string>> files;  // case -> (input, expected)
  std::map<std::string, double> tolerance;
};

Manifest ReadManifest() {
  Manifest m;
  Result<Table> t = io::ReadTable((CasesDir() / "manifest.csv").string());
  EXPECT_TRUE(t) << (t ? "" : t.error().message);
  if (!t) return m;
  const auto& names = t->text(*t->Find("case"));
  const auto& inputs = t->text(*t->Find("input"));
  const auto& expected = t->text(*t->Find("expected"));
  auto tol = *t->GetNumbers("tolerance");
  for (size_t r = 0; r < t->num_rows(); ++r) {
    m.files[names[r]] = {inputs[r], expected[r]};
    m.tolerance[names[r]] = tol[r];
  }
  return m;
}

std::string Key(const Table& t, const std::vector<std::string>& cols, size_t row) {
  std::string k;
  for (const auto& c : cols) {
    const size_t i = *t.Find(c);
    std::string cell = t.Cell(i, row);
    // "0" and "0.0" name the same age band.
    if (std::optional<double> v = ParseNumber(cell); v && !std::isnan(*v)) cell = FormatNumber(*v);
    k += cell + "|";
  }
  return k;
}

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

class ReferenceCase : public ::testing::TestWithParam<Case> {};

TEST_P(ReferenceCase, MatchesReferenceWithinTolerance) {
  const Case& c = GetParam();
  ASSERT_TRUE(test_support::HaveData(CasesDir()));
  const Manifest m = ReadManifest();
  ASSERT_TRUE(m.files.count(c.name)) << c.name << " missing from manifest";
  const double tol = m.tolerance.at(c.name);
  const fs::path out = fs::temp_directory_path() / ("nhood_case_" + c.name + ".csv");
  std::vector<std::string> args = {"indicators"};
  args.insert(args.end(), c.args.begin(), c.args.begin() + 1);
  args.insert(args.end(), {"--input", (CasesDir() / m.files.at(c.name).first).string(), "--output", out.string()});
  args.insert(args.end(), c.args.begin() + 1, c.args.end());
  // The references publish every value: small counts are not suppressed.
  const std::string& statistic = c.args.front();
  if (statistic == "proportion" || statistic == "rate" || statistic == "dsr" || statistic == "isr") {
    args.push_back("--no-suppress");
  }
  ASSERT_EQ(RunCli(args), 0) << c.name;
  Result<Table> got = io::ReadTable(out.string());
  Result<Table> want = io::ReadTable((CasesDir() / m.files.at(c.name).second).string());
  ASSERT_TRUE(got && want);
  fs::remove(out);
  fs::remove(out.string() + ".provenance.json");
  ASSERT_EQ(got->num_rows(), want->num_rows()) << c.name;
  std::map<std::string, size_t> got_row;
  for (size_t r = 0; r < got->num_rows(); ++r) got_row[c.key.empty() ? std::to_string(r) : Key(*got, c.key, r)] = r;
  int compared = 0;
  for (size_t col = 0; col < want->num_columns(); ++col) {
    std::string name = want->name(col);
    if (c.rename.count(name)) name = c.rename.at(name);
    std::optional<size_t> gc = got->Find(name);
    ASSERT_TRUE(gc) << c.name << ": output lacks column '" << name << "'";
    for (size_t r = 0; r < want->num_rows(); ++r) {
      const std::string k = c.key.empty() ? std::to_string(r) : Key(*want, c.key, r);
      ASSERT_TRUE(got_row.count(k)) << c.name << ": no output row for " << k;
      const std::string e = want->Cell(col, r), g = got->Cell(*gc, got_row[k]);
      std::optional<double> ev = ParseNumber(e), gv = ParseNumber(g);
      if (ev && gv) {
        if (std::isnan(*ev)) {
          EXPECT_TRUE(std::isnan(*gv)) << c.name << " " << k << " " << name << ": expected NA, got " << g;
        } else {
          EXPECT_NEAR(*gv, *ev, tol * std::max(1.0, std::fabs(*ev))) << c.name << " " << k << " " << name;
        }
      } else {
        EXPECT_EQ(g, e) << c.name << " " << k << " " << name;
      }
      ++compared;
    }
  }
  EXPECT_GT(compared, 0);
}

INSTANTIATE_TEST_SUITE_P(Cases, ReferenceCase, ::testing::ValuesIn(Cases()),
                         [](const auto& info) { return info.param.name; });

// The Fingertips comparison cases are per-row method/polarity tables: read
// through io and checked against the comparison functions directly.
TEST(ReferenceBenchmark, FingertipsRules) {
  ASSERT_TRUE(test_support::HaveData(CasesDir()));
  Result<Table> in = io::ReadTable((CasesDir() / "benchmark_input.csv").string());
  Result<Table> want = io::ReadTable((CasesDir() / "benchmark_expected.csv").string());
  ASSERT_TRUE(in && want);
  auto num = [&](const char* c) { return *in->GetNumbers(c); };
  auto value = num("value"), l95 = num("lower95"), u95 = num("upper95"), l998 = num("lower998"),
       u998 = num("upper998"), cv = num("comparator_value"), cl = num("comparator_lower95"),
       cu = num("comparator_upper95"), den = num("denominator"), unit = num("unit");
  for (size_t r = 0; r < in->num_rows(); ++r) {
    auto method = stats::ParseComparisonMethod(in->text(*in->Find("method"))[r]);
    auto polarity = stats::ParsePolarity(in->text(*in->Find("polarity"))[r]);
    ASSERT_TRUE(method && polarity);
    stats::Comparison c = stats::Compare({value[r], l95[r], u95[r], l998[r], u998[r], den[r]},
                                         {cv[r], cl[r], cu[r], std::isnan(unit[r]) ? 1.0 : unit[r]}, *method,
                                         *polarity);
    EXPECT_EQ(c.significance, want->text(1)[r]) << "case " << r + 1;
    EXPECT_EQ(c.rag, want->text(2)[r]) << "case " << r + 1;
  }
}

TEST(ReferenceBenchmark, Quintiles) {
  ASSERT_TRUE(test_support::HaveData(CasesDir()));
  Result<Table> in = io::ReadTable((CasesDir() / "benchmark_quintile_input.csv").string());
  Result<Table> want = io::ReadTable((CasesDir() / "benchmark_quintile_expected.csv").string());
  ASSERT_TRUE(in && want);
  const auto value = *in->GetNumbers("value");
  const auto& polarity = in->text(*in->Find("polarity"));
  // One indicator per polarity.
  std::map<std::string, std::vector<size_t>> rows;
  for (size_t r = 0; r < in->num_rows(); ++r) rows[polarity[r]].push_back(r);
  for (const auto& [pol, idx] : rows) {
    std::vector<double> v;
    for (size_t r : idx) v.push_back(value[r]);
    auto q = stats::Quintiles(v, *stats::ParsePolarity(pol));
    for (size_t k = 0; k < idx.size(); ++k) {
      EXPECT_EQ(q[k].significance, want->Cell(1, idx[k])) << "case " << idx[k] + 1;
      EXPECT_EQ(q[k].rag, want->Cell(2, idx[k])) << "case " << idx[k] + 1;
    }
  }
}

}  // namespace
}  // namespace nhood::cli
