#include "apps/server/explorer/pages.h"

#include <kainjow/mustache.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

namespace nhood::server::explorer {
namespace internal {
std::string_view EmbeddedAsset(std::string_view name);
}  // namespace internal

namespace {

using nlohmann::json;
namespace mustache = kainjow::mustache;

constexpr const char* kTemplates[] = {"map.mustache", "profile.mustache", "compare.mustache"};

// JSON as mustache data: objects, lists, strings and booleans; numbers as
// the shortest text (pages prepare their own shown numbers); null as false.
mustache::data ToMustache(const json& j) {
  switch (j.type()) {
    case json::value_t::object: {
      mustache::data d{mustache::data::type::object};
      for (const auto& [k, v] : j.items()) d.set(k, ToMustache(v));
      return d;
    }
    case json::value_t::array: {
      mustache::data d{mustache::data::type::list};
      for (const json& v : j) d.push_back(ToMustache(v));
      return d;
    }
    case json::value_t::string:
      return mustache::data(j.get<std::string>());
    case json::value_t::boolean:
      return mustache::data(j.get<bool>());
    case json::value_t::null:
      return mustache::data(false);
    default:
      return mustache::data(j.dump());
  }
}

Result<std::string> Render(const char* name, const json& data) {
  mustache::mustache t{std::string(Asset(name))};
  if (!t.is_valid()) return Error{StatusCode::kInternal, std::string(name) + ": " + t.error_message()};
  return t.render(ToMustache(data));
}

std::string Fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string Thousands(double v) {
  std::string s = Fixed(std::round(v), 0);
  const bool neg = !s.empty() && s[0] == '-';
  for (int i = static_cast<int>(s.size()) - 3; i > (neg ? 1 : 0); i -= 3) s.insert(static_cast<size_t>(i), ",");
  return s;
}

std::string Px(double fraction) { return Fixed(fraction * 240, 1); }

std::string ComparisonClass(const std::string& c) {
  if (c == "Worse" || c == "Worst") return "worse";
  if (c == "Better" || c == "Best") return "better";
  if (c == "Similar") return "similar";
  return "none";
}

std::string Interval(const json& i) {
  if (!i["lower95"].is_number() || !i["upper95"].is_number()) return "";
  return ShowNumber(i["lower95"]) + " to " + ShowNumber(i["upper95"]);
}

json IndicatorRows(const json& p) {
  json rows = json::array();
  for (const json& i : p["indicators"]) {
    json r = {{"name", i["name"]},
              {"value", ShowNumber(i["value"])},
              {"interval", Interval(i)},
              {"england", ShowNumber(i["england"])},
              {"comparison", i["comparison"]},
              {"comparison_class", ComparisonClass(i["comparison"])},
              {"spine", false}};
    const json& s = i["spine"];
    if (s.is_object()) {
      const double lo = std::min(s["worst_position"].get<double>(), s["best_position"].get<double>());
      const double hi = std::max(s["worst_position"].get<double>(), s["best_position"].get<double>());
      const double q0 = s["q25_position"], q1 = s["q75_position"];
      json spine = {{"range_x", Px(lo)},
                    {"range_w", Px(hi - lo)},
                    {"iqr_x", Px(q0)},
                    {"iqr_w", Px(q1 - q0)},
                    {"has_value", s["position"].is_number()},
                    {"comparison_class", ComparisonClass(i["comparison"])},
                    {"label", i["name"].get<std::string>() + ": " + ShowNumber(i["value"]) + ", England " +
                                  ShowNumber(i["england"]) + ", " + i["comparison"].get<std::string>() +
                                  "; atlas range " + ShowNumber(s["worst"]) + " (worst) to " +
                                  ShowNumber(s["best"]) + " (best)"}};
      if (s["position"].is_number()) spine["cx"] = Px(s["position"].get<double>());
      r["spine"] = std::move(spine);
    }
    rows.push_back(std::move(r));
  }
  return rows;
}

// LSOA columns shown on the profile: all but the neighbourhood and
// authority (the page's own) and the hot-spot test statistics (in the CSV).
bool ShownLsoaColumn(const std::string& c) {
  static const std::set<std::string> kHidden = {"neighbourhood_id", "local_authority", "local_authority_name",
                                                "hotspot_moran_i", "hotspot_moran_p_sim", "hotspot_moran_p_fdr",
                                                "hotspot_gistar_z", "hotspot_gistar_p_sim"};
  return !kHidden.count(c);
}

// Headers for the LSOA table's usual columns; others show their own name.
std::string LsoaLabel(const std::string& column) {
  static const std::vector<std::pair<std::string, std::string>> kLabels = {
      {"lsoa11_code", "LSOA 2011"}, {"lsoa21_code", "LSOA 2021"}, {"lsoa11_name", "Name"}, {"lsoa21_name", "Name"},
      {"population", "Population"}, {"imd_score", "IMD score"}, {"imd_decile_national", "IMD decile (England)"},
      {"core20", "Core20"}, {"ward17_code", "Ward code"}, {"ward17_name", "Ward"}, {"ward24_code", "Ward code"},
      {"ward24_name", "Ward"}, {"double_disadvantage", "Left-behind ward"}, {"hotspot_value", "Hot-spot value"},
      {"hotspot_cluster", "Hot-spot cluster"}};
  for (const auto& [k, v] : kLabels) {
    if (k == column) return v;
  }
  return column;
}

std::string Url(const LoadedAtlas& a, const std::string& path) { return path + "?atlas=" + a.slug; }

}  // namespace

std::string_view Asset(std::string_view name) { return internal::EmbeddedAsset(name); }

Status CheckTemplates() {
  for (const char* name : kTemplates) {
    if (Asset(name).empty()) return Error{StatusCode::kInternal, std::string(name) + ": not embedded in this build"};
    mustache::mustache t{std::string(Asset(name))};
    if (!t.is_valid()) return Error{StatusCode::kInternal, std::string(name) + ": " + t.error_message()};
  }
  return Status::Ok();
}

std::string ShowNumber(const json& v) {
  if (!v.is_number()) return "";
  const double x = v.get<double>();
  if (!std::isfinite(x)) return "";
  const double ax = std::abs(x);
  if (ax >= 1000) return Thousands(x);
  if (x == std::round(x)) return Fixed(x, 0);
  if (ax >= 100) return Fixed(x, 1);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", x);
  return buf;
}

Result<std::string> MapPage(const Explorer& e, const LoadedAtlas& a) {
  json d = {{"atlas", a.slug},
            {"title", a.data.title},
            {"neighbourhoods", Thousands(a.meta["counts"]["neighbourhoods"].get<double>())},
            {"lsoas", Thousands(a.meta["counts"]["lsoas"].get<double>())},
            {"hotspot_lsoas", Thousands(a.meta["counts"]["hotspot_lsoas"].get<double>())},
            {"dd_lsoas", Thousands(a.meta["counts"]["double_disadvantage_lsoas"].get<double>())},
            {"meta", a.meta.dump()}};  // HTML-escaped into an attribute by the template
  json others = json::array();
  for (const auto& o : e.atlases()) {
    if (o.get() != &a) others.push_back({{"atlas", o->slug}, {"title", o->data.title}});
  }
  d["other_atlases"] = std::move(others);
  return Render("map.mustache", d);
}

Result<std::string> ProfilePage(const LoadedAtlas& a, const json& p) {
  const std::string id = p["id"];
  json d = {{"atlas_title", a.data.title},
            {"name", p["name"]},
            {"id", id},
            {"la_name", p["local_authority_name"]},
            {"la_code", p["local_authority"]},
            {"population", p["population"].is_number() ? Thousands(p["population"].get<double>()) : ""},
            {"lsoa_count", std::to_string(p["lsoas"].size())},
            {"map_url", Url(a, "/atlas/") + "&n=" + id},
            {"compare_url", Url(a, "/atlas/compare") + "&a=" + id},
            {"json_url", Url(a, "/api/v1/atlas/neighbourhoods/" + id)},
            {"csv_url", Url(a, "/api/v1/atlas/neighbourhoods/" + id + ".csv")},
            {"lsoas_csv_url", Url(a, "/api/v1/atlas/neighbourhoods/" + id + "/lsoas.csv")},
            {"lsoas_geojson_url", Url(a, "/api/v1/atlas/layers/lsoas.geojson") + "&la=" +
                                      p["local_authority"].get<std::string>() + "&download=1"},
            {"indicators", IndicatorRows(p)}};
  // Each indicator's unit, method and source, when the atlas wrote
  // indicators.csv (older atlases: none; the report holds them).
  json methods = json::array();
  for (const json& i : p["indicators"]) {
    if (i.value("method", "").empty()) continue;
    methods.push_back({{"name", i["name"]}, {"unit", i["unit"]}, {"method", i["method"]}, {"source", i["source"]}});
  }
  d["has_methods"] = !methods.empty();
  d["methods"] = std::move(methods);
  if (p.contains("link_reach")) {
    const json& r = p["link_reach"];
    const int below = r["suppress_below"].get<int>();
    const std::string most = std::to_string(below - 1);
    d["reach"] = {{"residents", r["residents"].is_number() ? Thousands(r["residents"].get<double>())
                                                            : "1 to " + most + " (too few to show)"},
                  {"withheld", "1 to " + most},
                  {"as_of", r["as_of"]}};
  }
  json measures = json::array();
  for (const json& m : p["measures"]) measures.push_back({{"name", m["name"]}, {"value", ShowNumber(m["value"])}});
  d["measures"] = std::move(measures);
  // The LSOA table's columns in the file's order, the code and name first.
  std::vector<std::string> keys;
  const Table& lt = a.data.lsoas;
  if (auto c = atlas::LsoaCodeColumn(lt)) keys.push_back(lt.name(*c));
  if (auto c = atlas::LsoaNameColumn(lt)) keys.push_back(lt.name(*c));
  for (const std::string& c : lt.names()) {
    if (ShownLsoaColumn(c) && std::find(keys.begin(), keys.end(), c) == keys.end()) keys.push_back(c);
  }
  json columns = json::array(), rows = json::array();
  for (const std::string& k : keys) columns.push_back(LsoaLabel(k));
  for (const json& l : p["lsoas"]) {
    json cells = json::array();
    for (const std::string& c : keys) {
      const json& v = l.contains(c) ? l[c] : json(nullptr);
      cells.push_back(v.is_number() ? ShowNumber(v) : v.is_string() ? v.get<std::string>() : v.is_boolean() ? (v.get<bool>() ? "yes" : "no") : "");
    }
    rows.push_back({{"cells", std::move(cells)}});
  }
  d["lsoa_columns"] = std::move(columns);
  d["lsoa_rows"] = std::move(rows);
  return Render("profile.mustache", d);
}

Result<std::string> ComparePage(const LoadedAtlas& a, const json& first, const json& second) {
  const std::string ida = first.is_object() ? first["id"].get<std::string>() : "";
  const std::string idb = second.is_object() ? second["id"].get<std::string>() : "";
  const std::string pair = "&a=" + ida + "&b=" + idb;
  json d = {{"atlas", a.slug},
            {"atlas_title", a.data.title},
            {"a", ida},
            {"b", idb},
            {"map_url", Url(a, "/atlas/")},
            {"json_url", Url(a, "/api/v1/atlas/compare") + pair},
            {"csv_url", Url(a, "/api/v1/atlas/compare.csv") + pair},
            {"both", false}};
  json options = json::array();
  const Table& nb = a.data.neighbourhoods;
  const auto id_col = nb.Find("neighbourhood_id");
  for (size_t r = 0; id_col && r < nb.num_rows(); ++r) {
    options.push_back({{"id", nb.Cell(*id_col, r)}, {"name", a.profiles->Name(r)}});
  }
  d["options"] = std::move(options);
  if (first.is_object() && second.is_object()) {
    json both = {{"a_name", first["name"]}, {"b_name", second["name"]},
                 {"a_url", Url(a, "/atlas/neighbourhoods/" + ida)}, {"b_url", Url(a, "/atlas/neighbourhoods/" + idb)},
                 {"map_url", d["map_url"]}, {"csv_url", d["csv_url"]}, {"json_url", d["json_url"]}};
    json rows = json::array();
    for (size_t k = 0; k < first["indicators"].size(); ++k) {
      const json& x = first["indicators"][k];
      const json& y = second["indicators"][k];
      rows.push_back({{"name", x["name"]}, {"england", ShowNumber(x["england"])},
                      {"a_value", ShowNumber(x["value"])}, {"a_interval", Interval(x)},
                      {"a_comparison", x["comparison"]}, {"a_class", ComparisonClass(x["comparison"])}, {"a_badge", true},
                      {"b_value", ShowNumber(y["value"])}, {"b_interval", Interval(y)},
                      {"b_comparison", y["comparison"]}, {"b_class", ComparisonClass(y["comparison"])}, {"b_badge", true}});
    }
    for (size_t k = 0; k < first["measures"].size() && k < second["measures"].size(); ++k) {
      rows.push_back({{"name", first["measures"][k]["name"]}, {"england", ""},
                      {"a_value", ShowNumber(first["measures"][k]["value"])}, {"a_interval", ""}, {"a_badge", false},
                      {"b_value", ShowNumber(second["measures"][k]["value"])}, {"b_interval", ""}, {"b_badge", false}});
    }
    both["rows"] = std::move(rows);
    d["both"] = std::move(both);
  }
  return Render("compare.mustache", d);
}

}  // namespace nhood::server::explorer
