#include "apps/server/explorer/explorer.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <set>

#include "apps/server/explorer/gzip.h"
#include "nhood/base/number.h"
#include "nhood/base/parallel.h"
#include "nhood/io/checksum.h"
#include "nhood/link/dates.h"

namespace nhood::server::explorer {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

json Num(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

// Six significant digits: enough for a map's colours and popups, a third of
// the bytes of full precision.
json Rounded(double v) {
  if (!std::isfinite(v)) return nullptr;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return json(std::strtod(buf, nullptr));
}

// A cell as JSON: a number when it reads as one, null when empty, else text.
json CellJson(const Table& t, size_t c, size_t r, bool round) {
  if (t.is_numeric(c)) return round ? Rounded(t.numbers(c)[r]) : Num(t.numbers(c)[r]);
  const std::string& s = t.text(c)[r];
  if (s.empty()) return nullptr;
  if (s == "true") return true;
  if (s == "false") return false;
  // Codes such as "E01000001" or "01234" stay text.
  if (s.size() > 1 && s[0] == '0' && s[1] != '.') return s;
  if (auto v = ParseNumber(s); v && std::isfinite(*v)) return round ? Rounded(*v) : json(*v);
  return s;
}

json RowJson(const Table& t, size_t r, bool round, const std::set<std::string>& skip = {}) {
  json o = json::object();
  for (size_t c = 0; c < t.num_columns(); ++c) {
    if (!skip.count(t.name(c))) o[t.name(c)] = CellJson(t, c, r, round);
  }
  return o;
}

std::string Slug(const std::string& dir) {
  std::string name = fs::path(dir).lexically_normal().filename().string();
  if (name.empty()) name = fs::path(dir).lexically_normal().parent_path().filename().string();
  std::string out;
  for (char ch : name) {
    const unsigned char c = static_cast<unsigned char>(ch);
    out += std::isalnum(c) ? static_cast<char>(std::tolower(c)) : '-';
  }
  return out.empty() ? "atlas" : out;
}

CachedBody Cache(std::string text) {
  CachedBody b;
  b.etag = "\"" + io::Sha256(text).substr(0, 32) + "\"";
  b.text = std::move(text);
  return b;
}

void Grow(BoundingBox& box, const BoundingBox& b) {
  box[0] = std::min(box[0], b[0]);
  box[1] = std::min(box[1], b[1]);
  box[2] = std::max(box[2], b[2]);
  box[3] = std::max(box[3], b[3]);
}

constexpr BoundingBox kEmptyBox = {1e9, 1e9, -1e9, -1e9};

std::string Collection(const std::vector<const std::string*>& features) {
  size_t bytes = 64;
  for (const std::string* f : features) bytes += f->size() + 1;
  std::string out;
  out.reserve(bytes);
  out += "{\"type\":\"FeatureCollection\",\"features\":[";
  for (size_t i = 0; i < features.size(); ++i) {
    if (i) out += ',';
    out += *features[i];
  }
  out += "]}";
  return out;
}

std::string Feature(const std::string& id, const std::string& properties, const std::string& geometry) {
  return "{\"type\":\"Feature\",\"id\":" + json(id).dump() + ",\"properties\":" + properties +
         ",\"geometry\":" + geometry + "}";
}

// Columns that colour the map besides the indicators, and whether a higher
// value is worse.
const std::vector<std::pair<std::string, bool>>& ColourMeasures() {
  static const std::vector<std::pair<std::string, bool>> kMeasures = {
      {"imd_score", true},   {"core20_share", true}, {"double_disadvantage_share", true},
      {"hotspot_share", true}, {"risk_score", true}, {"tier", false}};
  return kMeasures;
}

std::vector<double> Column(const Table& t, const std::string& name) {
  std::vector<double> v;
  auto c = t.Find(name);
  if (!c) return v;
  for (size_t r = 0; r < t.num_rows(); ++r) {
    const json j = CellJson(t, *c, r, false);
    v.push_back(j.is_number() ? j.get<double>() : atlas::kNoValue);
  }
  return v;
}

size_t LsoaBand() { return io::ZoomBandOf(kLsoaMinZoom); }

Status Build(LoadedAtlas& a, io::AtlasOutput& out) {
  a.data.title = out.title;
  a.data.neighbourhoods = std::move(out.neighbourhoods);
  a.data.lsoas = std::move(out.lsoas);
  a.neighbourhoods_csv = std::move(out.neighbourhoods_csv);
  std::vector<atlas::ExplorerIndicator> declared;
  for (const io::AtlasIndicatorInfo& i : out.indicators) {
    declared.push_back({.key = i.column, .name = i.label, .england = i.england, .higher_is_worse = i.higher_is_worse,
                        .standardised = i.standardised, .unit = i.unit, .method = i.method, .source = i.source});
  }
  a.data.indicators = atlas::DetectIndicators(a.data.neighbourhoods, declared);
  NHOOD_ASSIGN_OR_RETURN(atlas::ProfileIndex profiles, atlas::ProfileIndex::Build(a.data));
  a.profiles.emplace(std::move(profiles));
  a.search = atlas::SearchIndex::Build(a.data);

  const Table& nb = a.data.neighbourhoods;
  const Table& l = a.data.lsoas;
  const size_t bands = io::ExplorerZoomBands().size();
  a.bbox = kEmptyBox;

  // Neighbourhoods. The map's layers carry only what it colours and shows
  // (the name, authority, population and the colourable columns, rounded);
  // the download ("NAME/download") every column at full precision, with the
  // stored boundaries.
  std::set<std::string> lean = {"name", "local_authority_name", "population"};
  for (const atlas::ExplorerIndicator& i : a.data.indicators) lean.insert(i.key);
  for (const auto& [key, worse] : ColourMeasures()) lean.insert(key);
  std::set<std::string> not_lean;
  for (const std::string& c : nb.names()) {
    if (!lean.count(c)) not_lean.insert(c);
  }
  const io::LayerGeometry& ng = out.neighbourhood_geometry;
  std::vector<std::vector<std::string>> nb_features(bands);
  std::vector<std::string> nb_download;
  for (size_t f = 0; f < ng.ids.size(); ++f) {
    auto row = a.profiles->Row(ng.ids[f]);
    if (!row) return InvalidArgument(out.dir + "/atlas.gpkg: neighbourhood " + ng.ids[f] + " is not in neighbourhoods.csv");
    json props = RowJson(nb, *row, true, not_lean);
    props["name"] = a.profiles->Name(*row);
    const std::string p = props.dump();
    for (size_t b = 0; b < bands; ++b) nb_features[b].push_back(Feature(ng.ids[f], p, ng.geometry[b][f]));
    json full = RowJson(nb, *row, false);
    full["name"] = a.profiles->Name(*row);
    nb_download.push_back(Feature(ng.ids[f], full.dump(), ng.geometry[bands - 1][f]));
    a.neighbourhood_bbox[ng.ids[f]] = ng.bbox[f];
    Grow(a.bbox, ng.bbox[f]);
  }
  auto collect = [](const std::vector<std::string>& features, const std::vector<size_t>* subset = nullptr) {
    std::vector<const std::string*> v;
    if (subset) {
      for (size_t i : *subset) v.push_back(&features[i]);
    } else {
      for (const std::string& f : features) v.push_back(&f);
    }
    return Collection(v);
  };
  for (size_t b = 0; b < bands; ++b) a.layers["neighbourhoods/" + std::to_string(b)] = Cache(collect(nb_features[b]));
  // From the LSOA band, also per local authority (the first one a
  // neighbourhood names), so the map fetches only the authorities in view.
  {
    std::map<std::string, std::vector<size_t>> by_authority;
    const auto nb_la = nb.Find("local_authority");
    for (size_t f = 0; f < ng.ids.size(); ++f) {
      std::string authority = nb_la ? nb.Cell(*nb_la, *a.profiles->Row(ng.ids[f])) : "";
      authority = authority.substr(0, authority.find(';'));
      by_authority[authority].push_back(f);
    }
    for (size_t b = LsoaBand(); b < bands; ++b) {
      for (const auto& [authority, idx] : by_authority) {
        a.layers["neighbourhoods/" + std::to_string(b) + "/" + authority] = Cache(collect(nb_features[b], &idx));
      }
    }
  }
  a.layers["neighbourhoods/download"] = Cache(collect(nb_download));
  nb_features.clear();
  nb_download.clear();

  // LSOAs: boundaries per local authority from the LSOA band, every column;
  // the hot-spot and double-disadvantage subsets at every band with their
  // code, name, neighbourhood and flags (every column in the download).
  const io::LayerGeometry& lg = out.lsoa_geometry;
  std::unordered_map<std::string, size_t> geometry_of;
  for (size_t f = 0; f < lg.ids.size(); ++f) geometry_of[lg.ids[f]] = f;
  const size_t code = *atlas::LsoaCodeColumn(l);
  const auto name = atlas::LsoaNameColumn(l);
  const auto la = l.Find("local_authority"), la_name = l.Find("local_authority_name");
  const auto cluster = l.Find("hotspot_cluster"), dd = l.Find("double_disadvantage");
  const size_t first = LsoaBand();
  std::vector<std::vector<std::string>> full(bands), flagged(bands);
  std::map<std::string, std::vector<size_t>> by_la;  // LA -> feature indices
  std::vector<size_t> hot, doubly;
  std::map<std::string, std::string> la_names;
  for (size_t r = 0; r < l.num_rows(); ++r) {
    auto g = geometry_of.find(l.Cell(code, r));
    if (g == geometry_of.end()) continue;  // an LSOA without a boundary is only listed
    const size_t index = full[first].size();
    const std::string& id = lg.ids[g->second];
    const std::string p = RowJson(l, r, true).dump();
    const bool is_hot = cluster && l.Cell(*cluster, r) == "High-High";
    const bool is_dd = dd && l.Cell(*dd, r) == "true";
    json small = {{"name", name ? l.Cell(*name, r) : id},
                  {"neighbourhood_id", l.Cell(*l.Find("neighbourhood_id"), r)},
                  {"hotspot_cluster", cluster ? l.Cell(*cluster, r) : ""},
                  {"double_disadvantage", is_dd}};
    const std::string sp = small.dump();
    for (size_t b = 0; b < bands; ++b) {
      const std::string& geo = lg.geometry[b][g->second];
      full[b].push_back(b >= first ? Feature(id, p, geo) : "");
      flagged[b].push_back((is_hot || is_dd) && !geo.empty() ? Feature(id, sp, geo) : "");
    }
    const std::string authority = la ? l.Cell(*la, r) : "";
    by_la[authority].push_back(index);
    if (la_name) la_names.emplace(authority, l.Cell(*la_name, r));
    a.lsoa_bbox[id] = lg.bbox[g->second];
    auto [it, fresh] = a.la_bbox.emplace(authority, kEmptyBox);
    Grow(it->second, lg.bbox[g->second]);
    if (is_hot) hot.push_back(index);
    if (is_dd) doubly.push_back(index);
  }
  for (size_t b = 0; b < bands; ++b) {
    if (b >= first) {
      for (const auto& [authority, idx] : by_la) {
        a.layers["lsoas/" + std::to_string(b) + "/" + authority] = Cache(collect(full[b], &idx));
      }
    }
    a.layers["hotspots/" + std::to_string(b)] = Cache(collect(flagged[b], &hot));
    a.layers["double_disadvantage/" + std::to_string(b)] = Cache(collect(flagged[b], &doubly));
  }
  a.layers["hotspots/download"] = Cache(collect(full[bands - 1], &hot));
  a.layers["double_disadvantage/download"] = Cache(collect(full[bands - 1], &doubly));

  // Every layer gzipped once, on every core (a few seconds for England).
  {
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<CachedBody*> bodies;
    for (auto& [key, body] : a.layers) bodies.push_back(&body);
    std::atomic<bool> failed{false};
    ParallelFor(bodies.size(), 0, [&](size_t i) {
      CachedBody& b = *bodies[i];
      Result<std::string> z = Gzip(b.text);
      if (!z) {
        failed = true;
        return;
      }
      b.gzip = std::move(*z);
      b.gzip_etag = b.etag.substr(0, b.etag.size() - 1) + "-gzip\"";
    });
    if (failed) return Error{StatusCode::kInternal, out.dir + ": cannot gzip the map layers"};
    a.gzip_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }

  // What the map page needs to start.
  json m = {{"atlas", a.slug}, {"title", a.data.title}};
  m["bbox"] = {a.bbox[0], a.bbox[1], a.bbox[2], a.bbox[3]};
  m["zoom_bands"] = json::array();
  for (const io::ZoomBand& z : io::ExplorerZoomBands()) m["zoom_bands"].push_back({{"min_zoom", z.min_zoom}});
  m["lsoa_min_zoom"] = kLsoaMinZoom;
  m["layers"] = {"neighbourhoods", "lsoas", "hotspots", "double_disadvantage"};
  m["counts"] = {{"neighbourhoods", nb.num_rows()}, {"lsoas", l.num_rows()}, {"hotspot_lsoas", hot.size()},
                 {"double_disadvantage_lsoas", doubly.size()}};
  json colour = json::array();
  for (const atlas::ExplorerIndicator& i : a.data.indicators) {
    colour.push_back({{"key", i.key}, {"name", i.name}, {"england", Num(i.england)},
                      {"higher_is_worse", i.higher_is_worse}, {"standardised", i.standardised},
                      {"unit", i.unit}, {"method", i.method}, {"source", i.source},
                      {"breaks", atlas::ClassBreaks(Column(nb, i.key), 5)}});
  }
  const atlas::Profile any = nb.num_rows() ? *a.profiles->Get(nb.Cell(*nb.Find("neighbourhood_id"), 0)) : atlas::Profile{};
  for (const auto& [key, worse] : ColourMeasures()) {
    if (!nb.Find(key)) continue;
    std::string name = key;
    for (const atlas::Measure& me : any.measures) {
      if (me.key == key) name = me.name;
    }
    colour.push_back({{"key", key}, {"name", name}, {"england", nullptr}, {"higher_is_worse", worse},
                      {"standardised", false}, {"unit", ""}, {"method", ""}, {"source", ""},
                      {"breaks", atlas::ClassBreaks(Column(nb, key), 5)}});
  }
  m["indicators"] = std::move(colour);
  m["local_authorities"] = json::array();
  for (const auto& [authority, box] : a.la_bbox) {
    m["local_authorities"].push_back({{"code", authority}, {"name", la_names[authority]},
                                      {"bbox", {box[0], box[1], box[2], box[3]}}});
  }
  a.meta = std::move(m);
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<Explorer>> Explorer::Load(const std::vector<std::string>& dirs) {
  auto e = std::make_unique<Explorer>();
  std::set<std::string> slugs;
  for (const std::string& dir : dirs) {
    const auto t0 = std::chrono::steady_clock::now();
    // LSOA boundaries from the LSOA band only, but hot spots and double
    // disadvantage at every band (they are map layers at every zoom).
    io::AtlasReadOptions options;
    options.lsoa_first_band = [](const Table& l, size_t r) -> size_t {
      const auto cluster = l.Find("hotspot_cluster"), dd = l.Find("double_disadvantage");
      const bool flagged = (cluster && l.Cell(*cluster, r) == "High-High") || (dd && l.Cell(*dd, r) == "true");
      return flagged ? 0 : LsoaBand();
    };
    NHOOD_ASSIGN_OR_RETURN(io::AtlasOutput out, io::ReadAtlasOutput(dir, options));
    auto a = std::make_unique<LoadedAtlas>();
    a->slug = Slug(dir);
    for (int k = 2; slugs.count(a->slug); ++k) a->slug = Slug(dir) + "-" + std::to_string(k);
    slugs.insert(a->slug);
    NHOOD_RETURN_IF_ERROR(Build(*a, out));
    a->load_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    e->atlases_.push_back(std::move(a));
  }
  json list = json::array();
  for (const auto& a : e->atlases_) list.push_back({{"atlas", a->slug}, {"title", a->data.title}});
  for (auto& a : e->atlases_) a->meta["atlases"] = list;
  return e;
}

Result<const LoadedAtlas*> Explorer::Find(const std::string& slug) const {
  if (atlases_.empty()) return NotFound("no atlas loaded: start nhood serve with --atlas DIR");
  if (slug.empty()) return atlases_.front().get();
  for (const auto& a : atlases_) {
    if (a->slug == slug) return a.get();
  }
  return NotFound("atlas " + slug + " not found");
}

json ProfileJson(const LoadedAtlas& a, const atlas::Profile& p, const std::optional<NeighbourhoodReach>& reach) {
  json j = {{"atlas", a.slug},
            {"id", p.id},
            {"name", p.name},
            {"local_authority", p.local_authority},
            {"local_authority_name", p.local_authority_name},
            {"population", Num(p.population)}};
  json ind = json::array();
  for (const atlas::IndicatorValue& v : p.indicators) {
    json s = nullptr;
    if (v.spine.drawn) {
      s = {{"worst", Num(v.spine.worst)}, {"q25", Num(v.spine.q25)}, {"q75", Num(v.spine.q75)},
           {"best", Num(v.spine.best)}, {"position", Num(v.spine.position)},
           {"q25_position", v.spine.q25_position}, {"q75_position", v.spine.q75_position},
           {"worst_position", v.spine.worst_position}, {"best_position", v.spine.best_position}};
    }
    ind.push_back({{"key", v.key}, {"name", v.name}, {"value", Num(v.value)}, {"lower95", Num(v.lower95)},
                   {"upper95", Num(v.upper95)}, {"england", Num(v.england)}, {"comparison", v.comparison},
                   {"standardised", v.standardised}, {"higher_is_worse", v.higher_is_worse}, {"unit", v.unit},
                   {"method", v.method}, {"source", v.source}, {"spine", s}});
  }
  j["indicators"] = std::move(ind);
  json measures = json::array();
  for (const atlas::Measure& m : p.measures) measures.push_back({{"key", m.key}, {"name", m.name}, {"value", Num(m.value)}});
  j["measures"] = std::move(measures);
  json lsoas = json::array();
  for (size_t r = 0; r < p.lsoas.num_rows(); ++r) lsoas.push_back(RowJson(p.lsoas, r, false));
  j["lsoas"] = std::move(lsoas);
  if (auto b = a.neighbourhood_bbox.find(p.id); b != a.neighbourhood_bbox.end()) {
    j["bbox"] = {b->second[0], b->second[1], b->second[2], b->second[3]};
  }
  if (reach) {
    j["link_reach"] = {{"residents", reach->residents ? json(*reach->residents) : json(nullptr)},
                       {"suppressed", reach->suppressed},
                       {"suppress_below", reach->suppress_below},
                       {"as_of", link::FormatTime(reach->as_of)}};
  }
  return j;
}

}  // namespace nhood::server::explorer
