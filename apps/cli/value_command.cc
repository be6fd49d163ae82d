#include "apps/cli/value_command.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string_view>
#include <unordered_map>

#include <toml++/toml.h>

#include "apps/cli/atlas_inputs.h"
#include "apps/cli/config.h"
#include "nhood/base/number.h"
#include "nhood/base/table.h"
#include "nhood/evaluate/gdp_deflator.h"
#include "nhood/evaluate/spend_ledger.h"
#include "nhood/evaluate/sroi_report.h"
#include "nhood/evaluate/wellby.h"
#include "nhood/io/polygon_io.h"
#include "nhood/io/table_io.h"
#include "nhood/io/version.h"
#include "nhood/report/plot_charts.h"

namespace nhood::cli {

namespace {

namespace ev = nhood::evaluate;

constexpr const char* kWellbySource =
    "HM Treasury, Wellbeing Guidance for Appraisal: Supplementary Green Book Guidance (July 2021): "
    "£13,000 per WELLBY in 2019 prices, range £10,000-£16,000";

std::string CommandLine(const std::vector<std::string>* args) {
  std::string s = "nhood";
  if (args) {
    for (const auto& a : *args) s += " " + a;
  }
  return s;
}

bool OutputExtensionOk(const std::string& path) {
  const std::string e = io::Extension(path);
  return e == "csv" || e == "xlsx" || e == "ods" || e == "json";
}

int UsageError(const std::string& message) {
  std::fprintf(stderr, "nhood: %s\n", message.c_str());
  return 2;
}

int DataError(const std::string& message) {
  std::fprintf(stderr, "nhood: %s\n", message.c_str());
  return 1;
}

std::string Money(double v) {
  if (!std::isfinite(v)) return "n/a";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

// `FILE_stem` + suffix + extension: out/sroi.csv -> out/sroi_sensitivity.csv.
std::string Sibling(const std::string& output, const std::string& suffix) {
  std::filesystem::path p(output);
  return (p.parent_path() / (p.stem().string() + suffix + p.extension().string())).string();
}

// ---- nhood value wellby ----

struct WellbyArgs {
  double people = 0;
  std::optional<double> ls_change, change;
  std::string measure;
  int years = 0;
  int price_year = ev::kWellbyPriceYear;
  double discount = ev::kHealthDiscountRate;
  std::string output;
  const std::vector<std::string>* command_line = nullptr;
};

int RunWellby(const WellbyArgs& a) {
  if (a.ls_change.has_value() == a.change.has_value()) {
    return UsageError(
        "value wellby: give either --ls-change D (life-satisfaction points) or --change D with --measure M");
  }
  if (a.change && a.measure.empty()) return UsageError("value wellby: --change needs --measure (e.g. swemwbs)");
  if (!a.output.empty() && !OutputExtensionOk(a.output)) {
    return UsageError("--output " + a.output + ": use a .csv, .xlsx, .ods or .json file");
  }
  double ls = 0;
  std::string conversion;
  if (a.change) {
    Result<ev::ExchangeRate> rate = ev::FindExchangeRate(a.measure);
    if (!rate) return DataError("value wellby: --measure: " + rate.error().message);
    Result<double> converted = ev::ToLifeSatisfaction(a.measure, *a.change);
    if (!converted) return DataError("value wellby: --change: " + converted.error().message);
    ls = *converted;
    conversion = FormatNumber(*a.change) + " points of " + rate->scale + " x " + FormatNumber(rate->ls_per_point) +
                 " (" + rate->source + ") = " + FormatNumber(ls) + " life-satisfaction points";
  } else {
    ls = *a.ls_change;
  }
  Result<ev::WellbyValuation> v =
      ev::ValueWellbys(a.people, ls, a.years, {.price_year = a.price_year, .discount_rate = a.discount});
  if (!v) return DataError("value wellby: " + v.error().message);
  Table t;
  Status s = t.AddNumbers("central", {v->central});
  if (s.ok()) s = t.AddNumbers("low", {v->low});
  if (s.ok()) s = t.AddNumbers("high", {v->high});
  if (!s.ok()) return DataError(s.message());
  if (!a.output.empty()) {
    Status w = io::WriteTable(t, a.output);
    if (!w.ok()) return DataError(w.message());
    Status p = io::WriteProvenance(a.output, {},
                                   {{"command", CommandLine(a.command_line)},
                                    {"people", FormatNumber(a.people)},
                                    {"life_satisfaction_change", FormatNumber(ls)},
                                    {"conversion", conversion.empty() ? "none (life satisfaction given)" : conversion},
                                    {"years", std::to_string(a.years)},
                                    {"discount_rate", FormatNumber(a.discount)},
                                    {"discounting", "Green Book: year 0 undiscounted, years 0..Y-1"},
                                    {"price_year", std::to_string(a.price_year)},
                                    {"wellby_value", kWellbySource},
                                    {"deflators", ev::GdpDeflatorSource()},
                                    {"methods", "docs/methods.md#wellby-valuation"}});
    if (!p.ok()) std::fprintf(stderr, "nhood: warning: %s\n", p.message().c_str());
  }
  std::printf("central,low,high\n%s,%s,%s\n", FormatNumber(v->central).c_str(), FormatNumber(v->low).c_str(),
              FormatNumber(v->high).c_str());
  if (!conversion.empty()) std::fprintf(stderr, "nhood: %s\n", conversion.c_str());
  std::fprintf(stderr,
               "nhood: %s WELLBYs (%s after discounting at %s%% a year, year 0 undiscounted) x £%s per WELLBY "
               "(%d prices; range £%s-£%s)\n",
               FormatNumber(v->wellbys).c_str(), FormatNumber(v->discounted_wellbys).c_str(),
               FormatNumber(a.discount * 100).c_str(), Money(v->value_central).c_str(), a.price_year,
               Money(v->value_low).c_str(), Money(v->value_high).c_str());
  if (!a.output.empty()) std::fprintf(stderr, "nhood: wrote %s\n", a.output.c_str());
  return 0;
}

// ---- nhood value sroi: the configuration ----

// Reads typed values from one TOML table, with errors naming the file, the
// line, the place (`where`) and the key.
class ConfigReader {
 public:
  ConfigReader(const std::string& file, const toml::table& table, std::string where)
      : file_(file), table_(table), where_(std::move(where)) {}

  Error Fail(const toml::node* node, std::string_view key, const std::string& what) const {
    std::string line = node ? "line " + std::to_string(node->source().begin.line) + ": " : "";
    return InvalidArgument(file_ + ": " + line + where_ + (key.empty() ? "" : ": " + std::string(key)) + ": " + what);
  }

  Status OnlyKeys(std::initializer_list<std::string_view> allowed) const {
    for (auto&& [k, v] : table_) {
      bool ok = false;
      for (auto a : allowed) ok = ok || k.str() == a;
      if (!ok) {
        std::string list;
        for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
        return Fail(&v, k.str(), "unknown key (allowed: " + list + ")");
      }
    }
    return Status::Ok();
  }

  Result<std::optional<double>> Number(std::string_view key) const {
    const toml::node* n = table_.get(key);
    if (!n) return std::optional<double>();
    if (!n->is_number()) return Fail(n, key, "expected a number");
    return std::optional<double>(n->value<double>().value_or(std::nan("")));
  }

  Result<double> RequiredNumber(std::string_view key, const std::string& allowed) const {
    NHOOD_ASSIGN_OR_RETURN(std::optional<double> v, Number(key));
    if (!v) return Fail(nullptr, key, "required (" + allowed + ")");
    return *v;
  }

  Result<std::optional<int>> Integer(std::string_view key) const {
    const toml::node* n = table_.get(key);
    if (!n) return std::optional<int>();
    if (!n->is_integer()) return Fail(n, key, "expected a whole number");
    const int64_t v = n->value<int64_t>().value_or(0);
    if (v < -1000000 || v > 1000000) return Fail(n, key, "out of range");
    return std::optional<int>(static_cast<int>(v));
  }

  Result<std::optional<std::string>> String(std::string_view key) const {
    const toml::node* n = table_.get(key);
    if (!n) return std::optional<std::string>();
    if (!n->is_string()) return Fail(n, key, "expected a string");
    return std::optional<std::string>(n->value<std::string>().value_or(""));
  }

  Result<std::optional<ev::SroiRange>> Range(std::string_view key) const {
    const toml::node* n = table_.get(key);
    if (!n) return std::optional<ev::SroiRange>();
    const toml::array* a = n->as_array();
    if (!a || a->size() != 2 || !(*a)[0].is_number() || !(*a)[1].is_number()) {
      return Fail(n, key, "expected [low, high], two numbers");
    }
    return std::optional<ev::SroiRange>(
        ev::SroiRange{(*a)[0].value<double>().value_or(0), (*a)[1].value<double>().value_or(0)});
  }

  const toml::node* Node(std::string_view key) const { return table_.get(key); }

 private:
  const std::string& file_;
  const toml::table& table_;
  std::string where_;
};

Status ReadOutcome(const std::string& file, const toml::table& t, size_t index, int price_year, ev::SroiOutcome* o) {
  ConfigReader r(file, t, "outcome " + std::to_string(index + 1));
  NHOOD_ASSIGN_OR_RETURN(std::optional<std::string> name, r.String("name"));
  if (!name || name->empty()) return r.Fail(nullptr, "name", "required (a non-empty string)");
  o->name = *name;
  ConfigReader rn(file, t, "outcome " + std::to_string(index + 1) + " ('" + *name + "')");
  NHOOD_RETURN_IF_ERROR(rn.OnlyKeys(
      {"name", "quantity", "proxy", "proxy_price_year", "wellby_ls_change", "wellbeing_change", "wellbeing_measure",
       "deadweight", "attribution", "displacement", "drop_off", "duration", "quantity_range", "proxy_range",
       "deadweight_range", "attribution_range", "displacement_range", "drop_off_range", "duration_range"}));
  NHOOD_ASSIGN_OR_RETURN(o->quantity, rn.RequiredNumber("quantity", "units achieving the outcome, 0 or more"));
  const char* proportion = "a proportion from 0 to 1; 0 states that none applies";
  NHOOD_ASSIGN_OR_RETURN(o->deadweight, rn.RequiredNumber("deadweight", proportion));
  NHOOD_ASSIGN_OR_RETURN(o->attribution, rn.RequiredNumber("attribution", proportion));
  NHOOD_ASSIGN_OR_RETURN(o->displacement, rn.RequiredNumber("displacement", proportion));
  NHOOD_ASSIGN_OR_RETURN(o->drop_off, rn.RequiredNumber("drop_off", proportion));
  NHOOD_ASSIGN_OR_RETURN(std::optional<int> duration, rn.Integer("duration"));
  if (!duration) return rn.Fail(nullptr, "duration", "required (whole years from 1 to 100)");
  o->duration = *duration;
  NHOOD_ASSIGN_OR_RETURN(o->quantity_range, rn.Range("quantity_range"));
  NHOOD_ASSIGN_OR_RETURN(o->proxy_range, rn.Range("proxy_range"));
  NHOOD_ASSIGN_OR_RETURN(o->deadweight_range, rn.Range("deadweight_range"));
  NHOOD_ASSIGN_OR_RETURN(o->attribution_range, rn.Range("attribution_range"));
  NHOOD_ASSIGN_OR_RETURN(o->displacement_range, rn.Range("displacement_range"));
  NHOOD_ASSIGN_OR_RETURN(o->drop_off_range, rn.Range("drop_off_range"));
  NHOOD_ASSIGN_OR_RETURN(o->duration_range, rn.Range("duration_range"));

  NHOOD_ASSIGN_OR_RETURN(std::optional<double> proxy, rn.Number("proxy"));
  NHOOD_ASSIGN_OR_RETURN(std::optional<double> wellby_ls, rn.Number("wellby_ls_change"));
  NHOOD_ASSIGN_OR_RETURN(std::optional<double> change, rn.Number("wellbeing_change"));
  NHOOD_ASSIGN_OR_RETURN(std::optional<std::string> measure, rn.String("wellbeing_measure"));
  const int sources = (proxy ? 1 : 0) + (wellby_ls ? 1 : 0) + (change ? 1 : 0);
  if (sources != 1) {
    return rn.Fail(nullptr, "",
                   "give exactly one of proxy (£ per unit per year), wellby_ls_change (life-satisfaction points) "
                   "or wellbeing_change with wellbeing_measure");
  }
  if (measure && !change) return rn.Fail(rn.Node("wellbeing_measure"), "wellbeing_measure", "needs wellbeing_change");
  if (proxy) {
    NHOOD_ASSIGN_OR_RETURN(std::optional<int> proxy_year, rn.Integer("proxy_price_year"));
    const int from = proxy_year.value_or(price_year);
    Result<double> f = ev::UprateFactor(from, price_year);
    if (!f) return rn.Fail(rn.Node("proxy_price_year"), "proxy_price_year", f.error().message);
    o->proxy = *proxy * *f;
    o->proxy_source = from == price_year ? "financial proxy, " + std::to_string(price_year) + " prices"
                                         : "financial proxy £" + FormatNumber(*proxy) + " in " + std::to_string(from) +
                                               " prices, uprated by GDP deflator to " + std::to_string(price_year);
    if (o->proxy_range && from != price_year) {
      o->proxy_range->low *= *f;
      o->proxy_range->high *= *f;
    }
    return Status::Ok();
  }
  if (rn.Node("proxy_price_year")) {
    return rn.Fail(rn.Node("proxy_price_year"), "proxy_price_year", "only with proxy (WELLBYs are in 2019 prices)");
  }
  if (o->proxy_range) {
    return rn.Fail(rn.Node("proxy_range"), "proxy_range",
                   "not with a WELLBY proxy: its range is the Green Book's £10,000-£16,000 per WELLBY");
  }
  double ls = 0;
  std::string how;
  if (wellby_ls) {
    ls = *wellby_ls;
    how = FormatNumber(ls) + " life-satisfaction points";
  } else {
    if (!measure) return rn.Fail(nullptr, "wellbeing_measure", "required with wellbeing_change (e.g. \"swemwbs\")");
    Result<ev::ExchangeRate> rate = ev::FindExchangeRate(*measure);
    if (!rate) return rn.Fail(rn.Node("wellbeing_measure"), "wellbeing_measure", rate.error().message);
    ls = *change * rate->ls_per_point;
    how = FormatNumber(*change) + " points of " + rate->scale + " x " + FormatNumber(rate->ls_per_point) + " = " +
          FormatNumber(ls) + " life-satisfaction points";
  }
  if (!(ls > 0) || ls > 10) {
    return rn.Fail(nullptr, wellby_ls ? "wellby_ls_change" : "wellbeing_change",
                   "the life-satisfaction change " + FormatNumber(ls) + " must be above 0 and at most 10");
  }
  Result<ev::WellbyValuation> per_unit = ev::ValueWellbys(1, ls, 1, {.price_year = price_year});
  if (!per_unit) return rn.Fail(nullptr, "wellby_ls_change", per_unit.error().message);
  o->proxy = per_unit->central;
  o->proxy_range = ev::SroiRange{per_unit->low, per_unit->high};
  o->proxy_range_label = "Green Book WELLBY range £10,000-£16,000 (2019)";
  o->proxy_source = "WELLBY: " + how + " x £" + Money(per_unit->value_central) + " per WELLBY (£13,000 in 2019 " +
                    "prices, restated in " + std::to_string(price_year) + " prices)";
  return Status::Ok();
}

}  // namespace

Result<evaluate::SroiInput> LoadSroiConfig(const std::string& path) {
  NHOOD_ASSIGN_OR_RETURN(toml::table root, LoadConfig(path));
  ConfigReader top(path, root, "top level");
  NHOOD_RETURN_IF_ERROR(top.OnlyKeys({"sroi", "outcome"}));
  const toml::table* sroi = root["sroi"].as_table();
  if (!sroi) return top.Fail(nullptr, "[sroi]", "required table (investment, price_year, ...)");
  ConfigReader r(path, *sroi, "[sroi]");
  NHOOD_RETURN_IF_ERROR(r.OnlyKeys({"name", "investment", "price_year", "discount_rate", "sensitivity_relative",
                                    "investment_range", "discount_rate_range"}));
  NHOOD_ASSIGN_OR_RETURN(std::optional<std::string> name, r.String("name"));
  ev::SroiInput in;
  in.name = name.value_or("");
  NHOOD_ASSIGN_OR_RETURN(in.investment, r.RequiredNumber("investment", "£ invested, more than 0"));
  NHOOD_ASSIGN_OR_RETURN(std::optional<int> price_year, r.Integer("price_year"));
  if (!price_year) return r.Fail(nullptr, "price_year", "required (the year whose prices the values are in)");
  Result<double> known = ev::GdpDeflator(*price_year);
  if (!known) return r.Fail(r.Node("price_year"), "price_year", known.error().message);
  NHOOD_ASSIGN_OR_RETURN(std::optional<double> rate, r.Number("discount_rate"));
  in.discount_rate = rate.value_or(ev::kStandardDiscountRate);
  NHOOD_ASSIGN_OR_RETURN(std::optional<double> rel, r.Number("sensitivity_relative"));
  in.sensitivity_relative = rel.value_or(0.5);
  NHOOD_ASSIGN_OR_RETURN(in.investment_range, r.Range("investment_range"));
  NHOOD_ASSIGN_OR_RETURN(in.discount_rate_range, r.Range("discount_rate_range"));
  const toml::node* outcomes = root.get("outcome");
  const toml::array* list = outcomes ? outcomes->as_array() : nullptr;
  if (!list || list->empty() || !list->is_array_of_tables()) {
    return top.Fail(outcomes, "[[outcome]]", "required: one [[outcome]] table per outcome");
  }
  for (size_t i = 0; i < list->size(); ++i) {
    ev::SroiOutcome o;
    NHOOD_RETURN_IF_ERROR(ReadOutcome(path, *(*list)[i].as_table(), i, *price_year, &o));
    in.outcomes.push_back(std::move(o));
  }
  // The value checks (ranges of every number) are the library's; name the file.
  ev::SroiInput probe = in;
  Result<ev::SroiResult> check = ev::ComputeSroi(probe);
  if (!check) return InvalidArgument(path + ": " + check.error().message);
  return in;
}

namespace {

struct SroiArgs {
  std::string config, output, report;
  const std::vector<std::string>* command_line = nullptr;
};

int RunSroi(const SroiArgs& a) {
  if (!OutputExtensionOk(a.output))
    return UsageError("--output " + a.output + ": use a .csv, .xlsx, .ods or .json file");
  if (!a.report.empty() && io::Extension(a.report) != "html")
    return UsageError("--report " + a.report + ": use an .html file");
  Result<ev::SroiInput> in = LoadSroiConfig(a.config);
  if (!in) return DataError(in.error().message);
  Result<ev::SroiResult> r = ev::ComputeSroi(*in);
  if (!r) return DataError(a.config + ": " + r.error().message);
  Table chain;
  {
    Table::Text outcome, description;
    Table::Numbers step, rate, value;
    for (const auto& s : r->chain) {
      outcome.push_back(s.outcome);
      step.push_back(s.step);
      description.push_back(s.description);
      rate.push_back(s.rate);
      value.push_back(s.value);
    }
    Status s = chain.AddText("outcome", outcome);
    if (s.ok()) s = chain.AddNumbers("step", step);
    if (s.ok()) s = chain.AddText("description", description);
    if (s.ok()) s = chain.AddNumbers("rate", rate);
    if (s.ok()) s = chain.AddNumbers("value", value);
    if (!s.ok()) return DataError(s.message());
  }
  Table sens;
  {
    Table::Text assumption, outcome, range;
    Table::Numbers rank, base, low, high, ratio_base, at_low, at_high, swing;
    for (const auto& s : r->sensitivity) {
      rank.push_back(s.rank);
      assumption.push_back(s.assumption);
      outcome.push_back(s.outcome);
      base.push_back(s.base);
      low.push_back(s.low);
      high.push_back(s.high);
      range.push_back(s.range);
      ratio_base.push_back(r->ratio);
      at_low.push_back(s.ratio_at_low);
      at_high.push_back(s.ratio_at_high);
      swing.push_back(s.swing);
    }
    Status s = sens.AddNumbers("rank", rank);
    if (s.ok()) s = sens.AddText("assumption", assumption);
    if (s.ok()) s = sens.AddText("outcome", outcome);
    if (s.ok()) s = sens.AddNumbers("base", base);
    if (s.ok()) s = sens.AddNumbers("low", low);
    if (s.ok()) s = sens.AddNumbers("high", high);
    if (s.ok()) s = sens.AddText("range", range);
    if (s.ok()) s = sens.AddNumbers("ratio_base", ratio_base);
    if (s.ok()) s = sens.AddNumbers("ratio_at_low", at_low);
    if (s.ok()) s = sens.AddNumbers("ratio_at_high", at_high);
    if (s.ok()) s = sens.AddNumbers("swing", swing);
    if (!s.ok()) return DataError(s.message());
  }
  const std::string sens_path = Sibling(a.output, "_sensitivity");
  const std::string discounting =
      "SROI Guide: the first year of each outcome is discounted once (years 1..duration)";
  Status w = io::WriteTable(sens, sens_path);
  if (w.ok() && !a.report.empty()) {
    const std::time_t now = std::time(nullptr);
    char when[32];
    std::strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", std::gmtime(&now));
    const std::string title = "nhood value sroi: " + (in->name.empty() ? ShownPath(a.config) : in->name);
    w = io::WriteTextFile(
        a.report,
        report::EmbedPlotCharts(ev::RenderSroiReport({.title = title,
                              .generated = std::string("Generated ") + when + " by nhood " + io::VersionString() + ".",
                              .input = &*in,
                              .result = &*r,
                              .provenance = {"configuration: " + ShownPath(a.config),
                                             "tables: " + ShownPath(a.output) + " (the chain) and " +
                                                 ShownPath(sens_path) + " (the sensitivity)",
                                             "discounting: " + discounting, "WELLBY value: " + std::string(kWellbySource),
                                             std::string("deflators: ") + ev::GdpDeflatorSource(), "nhood " + io::VersionString()}})));
  }
  if (w.ok()) w = io::WriteTable(chain, a.output);
  if (!w.ok()) {
    std::error_code ec;
    std::filesystem::remove(sens_path, ec);
    if (!a.report.empty()) std::filesystem::remove(a.report, ec);
    return DataError(w.message());
  }
  const std::vector<std::pair<std::string, std::string>> fields = {
      {"command", CommandLine(a.command_line)},
      {"discount_rate", FormatNumber(in->discount_rate)},
      {"discounting", discounting},
      {"sensitivity", "one assumption at a time at its low and high; default +-" +
                          FormatNumber(in->sensitivity_relative * 100) + "% for SROI assumptions without a range"},
      {"wellby_value", kWellbySource},
      {"deflators", ev::GdpDeflatorSource()},
      {"methods", "docs/methods.md#social-return-on-investment-sroi"}};
  std::vector<std::string> written = {a.output, sens_path};
  if (!a.report.empty()) written.push_back(a.report);
  for (const auto& out : written) {
    Status p = io::WriteProvenance(out, {a.config}, fields);
    if (!p.ok()) std::fprintf(stderr, "nhood: warning: %s\n", p.message().c_str());
  }
  for (const auto& s : r->chain) {
    std::string rate = std::isfinite(s.rate) ? FormatNumber(s.rate * 100) + "%" : "";
    const bool money = s.description.rfind("SROI ratio", 0) != 0 && s.description.rfind("payback", 0) != 0;
    std::printf("%-24s %2d  %-90s %7s  %s\n", s.outcome.c_str(), s.step, s.description.c_str(), rate.c_str(),
                money ? ("£" + Money(s.value)).c_str() : FormatNumber(std::round(s.value * 100) / 100).c_str());
  }
  double lo = r->ratio, hi = r->ratio;
  for (const auto& s : r->sensitivity) {
    lo = std::min({lo, s.ratio_at_low, s.ratio_at_high});
    hi = std::max({hi, s.ratio_at_low, s.ratio_at_high});
  }
  std::fprintf(stderr,
               "nhood: sroi: present value £%s for £%s invested: %.2f : 1 (one-at-a-time sensitivity %.2f to %.2f)\n",
               Money(r->present_value).c_str(), Money(r->investment).c_str(), r->ratio, lo, hi);
  if (!r->sensitivity.empty()) {
    const auto& top = r->sensitivity.front();
    std::fprintf(stderr, "nhood: sroi: largest swing: %s (%s), %.2f to %.2f\n", top.assumption.c_str(),
                 top.outcome.c_str(), top.ratio_at_low, top.ratio_at_high);
  }
  std::fprintf(stderr, "nhood: wrote %s and %s\n", a.output.c_str(), sens_path.c_str());
  if (!a.report.empty()) std::fprintf(stderr, "nhood: wrote %s; open it in a browser\n", a.report.c_str());
  return 0;
}

// ---- nhood value ledger ----

struct LedgerArgs {
  std::string spend, amount = "amount", community_led = "community_led", neighbourhood = "neighbourhood_id";
  std::string neighbourhoods, nb_id = "neighbourhood_id", nb_population = "population", nb_class = "tier";
  double ics_budget = 0;
  double goal = ev::kCommunityLedGoalShare;
  std::string output;
  const std::vector<std::string>* command_line = nullptr;
};

Result<bool> ParseYesNo(const Table& t, size_t col, size_t row) {
  std::string v = t.Cell(col, row);
  for (char& c : v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  while (!v.empty() && v.back() == ' ') v.pop_back();
  while (!v.empty() && v.front() == ' ') v.erase(v.begin());
  if (v == "yes" || v == "y" || v == "true" || v == "1") return true;
  if (v == "no" || v == "n" || v == "false" || v == "0") return false;
  return InvalidArgument(t.RowLocation(row) + ", column '" + t.name(col) + "': '" + t.Cell(col, row) +
                         "' is not yes or no (allowed: yes, no, true, false, 1, 0)");
}

struct LedgerRun {
  Table summary;
  std::optional<Table> by_class;
  ev::SpendSummary totals;
};

Result<LedgerRun> ComputeLedger(const LedgerArgs& a) {
  NHOOD_ASSIGN_OR_RETURN(Table spend, io::ReadTable(a.spend));
  NHOOD_ASSIGN_OR_RETURN(Table::Numbers amounts, spend.GetNumbers(a.amount));
  NHOOD_ASSIGN_OR_RETURN(size_t led_col, spend.Require(a.community_led));
  NHOOD_ASSIGN_OR_RETURN(size_t amount_col, spend.Require(a.amount));
  std::optional<size_t> nb_col;
  if (!a.neighbourhoods.empty()) {
    NHOOD_ASSIGN_OR_RETURN(size_t c, spend.Require(a.neighbourhood));
    nb_col = c;
  }
  std::vector<ev::SpendItem> items(spend.num_rows());
  for (size_t r = 0; r < spend.num_rows(); ++r) {
    if (!std::isfinite(amounts[r]) || amounts[r] < 0) {
      return InvalidArgument(spend.RowLocation(r) + ", column '" + spend.name(amount_col) + "': '" +
                             spend.Cell(amount_col, r) + "' is not an amount of 0 or more (£)");
    }
    items[r].amount = amounts[r];
    NHOOD_ASSIGN_OR_RETURN(items[r].community_led, ParseYesNo(spend, led_col, r));
    if (nb_col) items[r].neighbourhood = spend.Cell(*nb_col, r);
  }
  Result<ev::SpendSummary> sum = ev::SummariseSpend(items, {.ics_budget = a.ics_budget, .share = a.goal});
  if (!sum) return InvalidArgument("value ledger: " + sum.error().message);
  LedgerRun run;
  run.totals = *sum;
  const std::pair<const char*, double> rows[] = {
      {"items", static_cast<double>(sum->items)},
      {"community_led_items", static_cast<double>(sum->community_led_items)},
      {"total_spend", sum->total_spend},
      {"community_led_spend", sum->community_led_spend},
      {"ics_budget", sum->ics_budget},
      {"goal_share", sum->goal_share},
      {"goal_amount", sum->goal_amount},
      {"community_led_share", sum->community_led_share},
      {"gap_to_goal", sum->gap_to_goal},
      {"goal_met", sum->goal_met ? 1.0 : 0.0},
  };
  Table::Text measure;
  Table::Numbers value;
  for (const auto& [m, v] : rows) {
    measure.push_back(m);
    value.push_back(v);
  }
  NHOOD_RETURN_IF_ERROR(run.summary.AddText("measure", measure));
  NHOOD_RETURN_IF_ERROR(run.summary.AddNumbers("value", value));
  if (a.neighbourhoods.empty()) return run;

  NHOOD_ASSIGN_OR_RETURN(Table nb, io::ReadTable(a.neighbourhoods));
  NHOOD_ASSIGN_OR_RETURN(size_t id_col, nb.Require(a.nb_id));
  NHOOD_ASSIGN_OR_RETURN(size_t class_col, nb.Require(a.nb_class));
  NHOOD_ASSIGN_OR_RETURN(Table::Numbers pop, nb.GetNumbers(a.nb_population));
  NHOOD_ASSIGN_OR_RETURN(size_t pop_col, nb.Require(a.nb_population));
  std::vector<ev::NeighbourhoodClass> classes(nb.num_rows());
  std::unordered_map<std::string, size_t> known;
  for (size_t r = 0; r < nb.num_rows(); ++r) {
    if (!std::isfinite(pop[r]) || pop[r] < 0) {
      return InvalidArgument(nb.RowLocation(r) + ", column '" + nb.name(pop_col) + "': '" + nb.Cell(pop_col, r) +
                             "' is not a population of 0 or more");
    }
    classes[r] = {nb.Cell(id_col, r), nb.Cell(class_col, r), pop[r]};
    if (!known.emplace(classes[r].id, r).second) {
      return InvalidArgument(nb.RowLocation(r) + ", column '" + nb.name(id_col) + "': '" + classes[r].id +
                             "' appears more than once");
    }
  }
  for (size_t r = 0; r < items.size(); ++r) {
    if (!items[r].neighbourhood.empty() && !known.count(items[r].neighbourhood)) {
      return NotFound(spend.RowLocation(r) + ", column '" + spend.name(*nb_col) + "': '" + items[r].neighbourhood +
                      "' is not a neighbourhood of " + a.neighbourhoods);
    }
  }
  Result<std::vector<ev::ClassSpend>> by = ev::SpendByClass(items, classes);
  if (!by) return InvalidArgument("value ledger: " + by.error().message);
  Table t;
  Table::Text cls;
  Table::Numbers count, population, led, total, led_head, total_head;
  for (const auto& c : *by) {
    cls.push_back(c.cls);
    count.push_back(static_cast<double>(c.neighbourhoods));
    population.push_back(c.population);
    led.push_back(c.community_led_spend);
    total.push_back(c.total_spend);
    led_head.push_back(c.community_led_per_head);
    total_head.push_back(c.total_per_head);
  }
  NHOOD_RETURN_IF_ERROR(t.AddText(a.nb_class, cls));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("neighbourhoods", count));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("population", population));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("community_led_spend", led));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("total_spend", total));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("community_led_per_head", led_head));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("total_per_head", total_head));
  run.by_class = std::move(t);
  return run;
}

int RunLedger(const LedgerArgs& a) {
  if (!OutputExtensionOk(a.output))
    return UsageError("--output " + a.output + ": use a .csv, .xlsx, .ods or .json file");
  Result<LedgerRun> run = ComputeLedger(a);
  if (!run) return DataError(run.error().message);
  const std::string class_path = Sibling(a.output, "_by_class");
  Status w = run->by_class ? io::WriteTable(*run->by_class, class_path) : Status::Ok();
  if (w.ok()) w = io::WriteTable(run->summary, a.output);
  if (!w.ok()) {
    std::error_code ec;
    if (run->by_class) std::filesystem::remove(class_path, ec);
    return DataError(w.message());
  }
  std::vector<std::string> inputs = {a.spend};
  if (!a.neighbourhoods.empty()) inputs.push_back(a.neighbourhoods);
  const std::vector<std::pair<std::string, std::string>> fields = {
      {"command", CommandLine(a.command_line)},
      {"ics_budget", FormatNumber(a.ics_budget)},
      {"goal_share", FormatNumber(a.goal)},
      {"goal", "Local Trust: 1% of an ICS budget on community-led work"},
      {"methods", "docs/methods.md#community-led-spend-ledger"}};
  Status p = io::WriteProvenance(a.output, inputs, fields);
  if (p.ok() && run->by_class) p = io::WriteProvenance(class_path, inputs, fields);
  if (!p.ok()) std::fprintf(stderr, "nhood: warning: %s\n", p.message().c_str());
  const ev::SpendSummary& s = run->totals;
  std::fprintf(stderr,
               "nhood: ledger: £%s community-led of £%s spent (%zu of %zu items) = %.3f%% of the £%s ICS budget; "
               "goal %.3g%% = £%s: %s\n",
               Money(s.community_led_spend).c_str(), Money(s.total_spend).c_str(), s.community_led_items, s.items,
               s.community_led_share * 100, Money(s.ics_budget).c_str(), s.goal_share * 100,
               Money(s.goal_amount).c_str(), s.goal_met ? "met" : ("£" + Money(s.gap_to_goal) + " short").c_str());
  std::fprintf(stderr, "nhood: wrote %s%s\n", a.output.c_str(), run->by_class ? (" and " + class_path).c_str() : "");
  return 0;
}

}  // namespace

void SetupValueCommand(CLI::App& app, int* exit_code, const std::vector<std::string>* args) {
  CLI::App* value = app.add_subcommand("value", "What outcomes are worth: WELLBYs, SROI, community-led spend");
  value->require_subcommand(1);
  value->footer(
      "Examples:\n"
      "  nhood value wellby --people 1 --ls-change 0.2 --years 1          # the Green Book example: £2,600\n"
      "  nhood value wellby --people 120 --change 1.5 --measure swemwbs --years 3 --price-year 2024 -o wellby.csv\n"
      "  nhood value sroi --config examples/sroi-example.toml -o out/sroi.csv\n"
      "  nhood value ledger --spend spend.csv --ics-budget 2400000000 --neighbourhoods out/atlas/neighbourhoods.csv "
      "\\\n"
      "      -o out/ledger.csv\n"
      "Sources and formulas: docs/methods.md (Valuation).");

  auto w = std::make_shared<WellbyArgs>();
  w->command_line = args;
  CLI::App* wellby = value->add_subcommand("wellby", "£ value of a life-satisfaction change (HM Treasury WELLBY)");
  wellby->footer(
      "A WELLBY is one point of life satisfaction (0-10) for one person for one year. HM Treasury's Wellbeing\n"
      "Guidance for Appraisal (2021) values it at £13,000 in 2019 prices (range £10,000-£16,000).\n"
      "  value = people x change x sum over years t = 0..Y-1 of 1/(1 + discount)^t x £ per WELLBY\n"
      "Year 0 is not discounted (Green Book), so one year is worth its face value.\n"
      "Prints and, with -o, writes central,low,high in pounds (--price-year prices; HM Treasury GDP\n"
      "deflators, December 2025 release, 1990-2024).\n"
      "Other measures convert to life satisfaction only through published exchange rates (WellWorth, after\n"
      "Mukuria et al. 2015; docs/methods.md):\n"
      "  swemwbs 0.26, wemwbs 0.13, ons4_total 0.25 life-satisfaction points per point; others are refused.\n"
      "Examples:\n"
      "  nhood value wellby --people 1 --ls-change 0.2 --years 1\n"
      "      central,low,high\n"
      "      2600,2000,3200\n"
      "  nhood value wellby --people 250 --ls-change 0.3 --years 3 --price-year 2023 --discount 0.015 -o v.csv\n"
      "  nhood value wellby --people 80 --change 2 --measure swemwbs --years 1\n"
      "Use a causal effect (a comparison group or difference-in-differences), not a raw before/after change.");
  wellby->add_option("--people", w->people, "number of people whose life satisfaction changes (> 0)")->required();
  auto* ls = wellby->add_option("--ls-change", w->ls_change, "change in life satisfaction per person, 0-10 points");
  auto* change = wellby->add_option("--change", w->change, "change on another measure (with --measure)");
  wellby->add_option("--measure", w->measure, "measure of --change: swemwbs, wemwbs, ons4_total, life_satisfaction")
      ->needs(change);
  ls->excludes(change);
  wellby->add_option("--years", w->years, "whole years the change lasts (>= 1)")->required();
  wellby->add_option("--price-year", w->price_year, "prices of the result (1990-2024)")->capture_default_str();
  wellby->add_option("--discount", w->discount, "discount rate a year (Green Book health rate)")->capture_default_str();
  wellby->add_option("--output,-o", w->output, "also write central,low,high to .csv, .xlsx, .ods or .json");
  wellby->callback([w, exit_code] { *exit_code = RunWellby(*w); });

  auto s = std::make_shared<SroiArgs>();
  s->command_line = args;
  CLI::App* sroi =
      value->add_subcommand("sroi", "Social return on investment with the adjustment chain and sensitivity");
  sroi->footer(
      "Reads a TOML configuration (examples/sroi-example.toml), validated before any work:\n"
      "  [sroi]       investment (£), price_year, discount_rate (default 0.035, SROI Guide: year 1\n"
      "               discounted once), sensitivity_relative (default 0.5), investment_range, discount_rate_range\n"
      "  [[outcome]]  name, quantity, one proxy (proxy £ per unit per year [+ proxy_price_year] | wellby_ls_change |\n"
      "               wellbeing_change + wellbeing_measure), deadweight, attribution, displacement, drop_off\n"
      "               (proportions 0-1, all required), duration (years), optional <key>_range = [low, high]\n"
      "Chain per outcome: gross = quantity x proxy; x (1 - deadweight); x (1 - attribution);\n"
      "x (1 - displacement) = year-1 impact; year t = impact x (1 - drop_off)^(t-1); present value.\n"
      "Writes FILE (the chain, step by step, and the totals: present value, ratio, payback) and\n"
      "FILE_sensitivity (each assumption at its low and high, ranked by swing: the bars of a tornado chart).\n"
      "With --report, also one self-contained HTML page (nothing fetched): the totals, the chain\n"
      "table and the tornado chart (Observable Plot, embedded; inline SVG without scripts) with its table.\n"
      "Example:\n"
      "  nhood value sroi --config examples/sroi-example.toml -o out/sroi.csv --report out/sroi.html");
  sroi->add_option("--config", s->config, "SROI configuration (.toml)")->required();
  sroi->add_option("--output,-o", s->output, "chain table (.csv, .xlsx, .ods or .json)")->required();
  sroi->add_option("--report", s->report, "also write the HTML report: chain table and tornado chart (.html)");
  sroi->callback([s, exit_code] { *exit_code = RunSroi(*s); });
  auto l = std::make_shared<LedgerArgs>();
  l->command_line = args;
  CLI::App* ledger =
      value->add_subcommand("ledger", "Community-led spend against 1% of an ICS budget, per head by class");
  ledger->footer(
      "Reads a spend table (one row per investment: amount in £, community_led yes/no, optionally the\n"
      "neighbourhood it went to) and sets community-led spend against the goal of 1% of the ICS budget\n"
      "(Local Trust). Writes FILE (measure,value: totals, goal, share, gap). With --neighbourhoods (an atlas\n"
      "neighbourhoods.csv) also FILE_by_class: spend and spend per head by neighbourhood class (--class,\n"
      "default the atlas risk tier); spend without a neighbourhood is its own row.\n"
      "Example:\n"
      "  nhood value ledger --spend spend.csv --ics-budget 2400000000 \\\n"
      "      --neighbourhoods out/atlas/neighbourhoods.csv --class tier -o out/ledger.csv");
  ledger->add_option("--spend", l->spend, "spend table (.csv, .xlsx, .ods)")->required();
  ledger->add_option("--amount", l->amount, "column of amounts in £")->capture_default_str();
  ledger->add_option("--community-led", l->community_led, "column saying yes/no: community-led")->capture_default_str();
  ledger->add_option("--neighbourhood", l->neighbourhood, "column of neighbourhood ids (with --neighbourhoods)")
      ->capture_default_str();
  ledger->add_option("--ics-budget", l->ics_budget, "ICS budget in £ for the same period")->required();
  ledger->add_option("--goal", l->goal, "goal as a share of the budget")->capture_default_str();
  ledger->add_option("--neighbourhoods", l->neighbourhoods, "atlas neighbourhoods.csv (id, population, class)");
  ledger->add_option("--neighbourhoods-id", l->nb_id, "id column of --neighbourhoods")->capture_default_str();
  ledger->add_option("--population", l->nb_population, "population column of --neighbourhoods")->capture_default_str();
  ledger->add_option("--class", l->nb_class, "class column of --neighbourhoods")->capture_default_str();
  ledger->add_option("--output,-o", l->output, "summary table (.csv, .xlsx, .ods or .json)")->required();
  ledger->callback([l, exit_code] { *exit_code = RunLedger(*l); });
}

}  // namespace nhood::cli
