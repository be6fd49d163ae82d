#include "apps/server/explorer/explorer_routes.h"

#include <algorithm>
#include <regex>
#include <unordered_map>

#include "apps/server/explorer/explorer.h"
#include "apps/server/explorer/gzip.h"
#include "apps/server/explorer/pages.h"
#include "nhood/base/number.h"
#include "nhood/io/atlas_output.h"
#include "nhood/io/checksum.h"

namespace nhood::server::explorer {
namespace {

using nlohmann::json;

constexpr const char* kDataCache = "public, max-age=300";
constexpr const char* kLayerCache = "public, max-age=3600";
constexpr const char* kAssetCache = "public, max-age=86400";

Result<const LoadedAtlas*> AtlasOf(const App& app, const Input& in) {
  if (!app.explorer) return NotFound("no atlas loaded: start nhood serve with --atlas DIR");
  return app.explorer->Find(in.Param("atlas").value_or(""));
}

std::string Query(const LoadedAtlas& a) { return "?atlas=" + a.slug; }

Reply JsonReply(json body) {
  if (body.is_object()) body["ok"] = true;
  return Reply{.status = 200, .body = std::move(body), .headers = {{"Cache-Control", kDataCache}}};
}

Reply TextReply(std::string type, std::string text, const char* cache, std::string filename = "") {
  Reply r{.status = 200, .body = nullptr, .headers = {{"Cache-Control", cache}}, .content_type = std::move(type),
          .text = std::move(text)};
  if (!filename.empty()) r.headers.push_back({"Content-Disposition", "attachment; filename=\"" + filename + "\""});
  return r;
}

// A cached body, or 304 when the client holds it already.
Reply Cached(const Input& in, const CachedBody& b, const std::string& type, const char* cache, std::string filename) {
  if (in.Header("If-None-Match") == b.etag) {
    return Reply{.status = 304, .body = nullptr, .headers = {{"Cache-Control", cache}, {"ETag", b.etag}},
                 .content_type = type, .text = ""};
  }
  Reply r = TextReply(type, b.text, cache, std::move(filename));
  r.headers.push_back({"ETag", b.etag});
  return r;
}

// A map layer: gzipped when the client accepts gzip (Content-Encoding: gzip,
// its own ETag), else as is; Vary: Accept-Encoding either way, so caches
// keep the two apart.
Reply CachedLayer(const Input& in, const CachedBody& b, const std::string& type, const char* cache,
                  std::string filename) {
  const bool gzip = !b.gzip.empty() && AcceptsGzip(in.Header("Accept-Encoding"));
  const std::string& etag = gzip ? b.gzip_etag : b.etag;
  Reply r;
  if (in.Header("If-None-Match") == etag) {
    r = Reply{.status = 304, .body = nullptr, .headers = {{"Cache-Control", cache}, {"ETag", etag}},
              .content_type = type, .text = ""};
  } else {
    r = TextReply(type, gzip ? b.gzip : b.text, cache, std::move(filename));
    r.headers.push_back({"ETag", etag});
    if (gzip) r.headers.push_back({"Content-Encoding", "gzip"});
  }
  r.headers.push_back({"Vary", "Accept-Encoding"});
  return r;
}

Reply Page(std::string html, std::string alternate) {
  return Reply{.status = 200,
               .body = nullptr,
               .headers = {{"Cache-Control", kDataCache},
                           {"Link", "<" + alternate + ">; rel=\"alternate\"; type=\"application/json\""}},
               .content_type = "text/html; charset=utf-8",
               .text = std::move(html)};
}

Result<json> Profile(const LoadedAtlas& a, const std::string& id) {
  NHOOD_ASSIGN_OR_RETURN(atlas::Profile p, a.profiles->Get(id));
  return ProfileJson(a, p);
}

// The profile with the link service's reach there when serve has --db
// (explorer_reach.h: an aggregate, suppressed below --suppress-below).
Result<json> ProfileWithReach(App& app, const RequestContext& ctx, const LoadedAtlas& a, const std::string& id) {
  NHOOD_ASSIGN_OR_RETURN(atlas::Profile p, a.profiles->Get(id));
  if (app.options.db.empty()) return ProfileJson(a, p);
  NHOOD_ASSIGN_OR_RETURN(ReachCounts::Snapshot counts, app.explorer->reach().Get(app.store, ctx.meta));
  NeighbourhoodReach reach = ReachIn(p.lsoas, *counts.counts, {.below = std::max(5, app.options.suppress_below)});
  reach.as_of = counts.as_of;
  return ProfileJson(a, p, reach);
}

Result<std::string> RequiredParam(const Input& in, const std::string& name) {
  auto v = in.Param(name);
  if (!v || v->empty()) return InvalidField(name, name + " is required");
  return *v;
}

// ---- JSON ----

Result<Reply> Meta(App& app, const RequestContext&, const Input& in) {
  NHOOD_ASSIGN_OR_RETURN(const LoadedAtlas* a, AtlasOf(app, in));
  return JsonReply(a->meta);
}

Result<Reply> Search(App& app, const RequestContext&, const Input& in) {
  NHOOD_ASSIGN_OR_RETURN(const LoadedAtlas* a, AtlasOf(app, in));
  const std::string q = in.Param("q").value_or("");
  json list = json::array();
  for (const atlas::SearchHit& h : a->search.Search(q)) {
    json hit = {{"kind", h.kind}, {"id", h.id}, {"name", h.name},
                {"neighbourhood_id", h.neighbourhood_id.empty() ? json(nullptr) : json(h.neighbourhood_id)}};
    const auto& boxes = h.kind == "lsoa" ? a->lsoa_bbox : h.kind == "lad" ? a->la_bbox : a->neighbourhood_bbox;
    auto b = boxes.find(h.kind == "lsoa" || h.kind == "lad" ? h.id : h.neighbourhood_id);
    if (b != boxes.end()) hit["bbox"] = {b->second[0], b->second[1], b->second[2], b->second[3]};
    list.push_back(std::move(hit));
  }
  return JsonReply(std::move(list));
}

Result<Reply> ShowProfile(App& app, const RequestContext& ctx, const Input& in) {
  NHOOD_ASSIGN_OR_RETURN(const LoadedAtlas* a, AtlasOf(app, in));
  NHOOD_ASSIGN_OR_RETURN(json p, ProfileWithReach(app, ctx, *a, in.captures[0]));
  return JsonReply(std::move(p));
}

Result<Reply> Compare(App& app, const RequestContext& ctx, const Input& in) {
  NHOOD_ASSIGN_OR_RETURN(const LoadedAtlas* a, AtlasOf(app, in));
  NHOOD_ASSIGN_OR_RETURN(std::string first, RequiredParam(in, "a"));
  NHOOD_ASSIGN_OR_RETURN(std::string second, RequiredParam(in, "b"));
  NHOOD_ASSIGN_OR_RETURN(json pa, ProfileWithReach(app, ctx, *a, first));
  NHOOD_ASSIGN_OR_RETURN(json pb, ProfileWithReach(app, ctx, *a, second));
  return JsonReply({{"atlas", a->slug}, {"neighbourhoods", {std::move(pa), std::move(pb)}}});
}

// ---- downloads ----

Table IndicatorTable(const json& p) {
  Table t;
  std::vector<std::string> key, name, value, lower, upper, england, comparison;
  auto cell = [](const json& v) { return v.is_number() ? FormatNumber(v.get<double>()) : std::string(); };
  for (const json& i : p["indicators"]) {
    key.push_back(i["key"]);
    name.push_back(i["name"]);
    value.push_back(cell(i["value"]));
    lower.push_back(cell(i["lower95"]));
    upper.push_back(cell(i["upper95"]));
    england.push_back(cell(i["england"]));
    comparison.push_back(i["comparison"]);
  }
  for (const json& m : p["measures"]) {
    key.push_back(m["key"]);
    name.push_back(m["name"]);
    value.push_back(cell(m["value"]));
    lower.emplace_back();
    upper.emplace_back();
    england.emplace_back();
    comparison.emplace_back();
  }
  (void)t.AddText("key", key);
  (void)t.AddText("name", name);
  (void)t.AddText("value", value);
  (void)t.AddText("lower95", lower);
  (void)t.AddText("upper95", upper);
  (void)t.AddText("england", england);
  (void)t.AddText("comparison", comparison);
  return t;
}

Result<Reply> ProfileCsv(App& app, const RequestContext&, const Input& in) {
  NHOOD_ASSIGN_OR_RETURN(const LoadedAtlas* a, AtlasOf(app, in));
  NHOOD_ASSIGN_OR_RETURN(json p, Profile(*a, in.captures[0]));
  Table t = IndicatorTable(p);
  std::vector<std::string> id(t.num_rows(), in.captures[0]);
  Table out;
  (void)out.AddText("neighbourhood_id", id);
  for (size_t c = 0; c < t.num_columns(); ++c) (void)out.AddText(t.name(c), t.text(c));
  NHOOD_ASSIGN_OR_RETURN(std::string csv, io::CsvText(out));
  return TextReply("text/csv; charset=utf-8", std::move(csv), kDataCache, in.captures[0] + ".csv");
}

Result<Reply> LsoasCsv(App& app, const RequestContext&, const Input& in) {
  NHOOD_ASSIGN_OR_RETURN(const LoadedAtlas* a, AtlasOf(app, in));
  NHOOD_ASSIGN_OR_RETURN(atlas::Profile p, a->profiles->Get(in.captures[0]));
  NHOOD_ASSIGN_OR_RETURN(std::string csv, io::CsvText(p.lsoas));
  return TextReply("text/csv; charset=utf-8", std::move(csv), kDataCache, in.captures[0] + "_lsoas.csv");
}

Result<Reply> NeighbourhoodsCsv(App& app, const RequestContext&, const Input& in) {
  NHOOD_ASSIGN_OR_RETURN(const LoadedAtlas* a, AtlasOf(app, in));
  return TextReply("text/csv; charset=utf-8", a->neighbourhoods_csv, kDataCache, a->slug + "_neighbourhoods.csv");
}

Result<Reply> CompareCsv(App& app, const RequestContext&, const Input& in) {
  NHOOD_ASSIGN_OR_RETURN(const LoadedAtlas* a, AtlasOf(app, in));
  NHOOD_ASSIGN_OR_RETURN(std::string first, RequiredParam(in, "a"));
  NHOOD_ASSIGN_OR_RETURN(std::string second, RequiredParam(in, "b"));
  NHOOD_ASSIGN_OR_RETURN(json pa, Profile(*a, first));
  NHOOD_ASSIGN_OR_RETURN(json pb, Profile(*a, second));
  const Table ta = IndicatorTable(pa), tb = IndicatorTable(pb);
  Table out;
  (void)out.AddText("key", ta.text(0));
  (void)out.AddText("name", ta.text(1));
  (void)out.AddText("england", ta.text(5));
  for (const auto& [t, id] : {std::pair{&ta, first}, std::pair{&tb, second}}) {
    for (size_t c : {2, 3, 4, 6}) (void)out.AddText(id + "_" + t->name(c), t->text(c));
  }
  NHOOD_ASSIGN_OR_RETURN(std::string csv, io::CsvText(out));
  return TextReply("text/csv; charset=utf-8", std::move(csv), kDataCache, first + "_vs_" + second + ".csv");
}

Result<Reply> Layer(App& app, const RequestContext&, const Input& in) {
  NHOOD_ASSIGN_OR_RETURN(const LoadedAtlas* a, AtlasOf(app, in));
  const std::string& layer = in.captures[0];
  int zoom = 12;  // downloads default to the stored boundaries
  if (auto z = in.Param("zoom")) {
    if (!std::regex_match(*z, std::regex("\\d{1,2}"))) return InvalidField("zoom", "zoom must be a whole number 0-99");
    zoom = std::stoi(*z);
  }
  NHOOD_ASSIGN_OR_RETURN(const bool download, in.BoolParam("download"));
  size_t band = io::ZoomBandOf(zoom);
  if (layer == "lsoas") band = std::max(band, io::ZoomBandOf(kLsoaMinZoom));
  std::string key = layer + "/" + (download && layer != "lsoas" ? "download" : std::to_string(band));
  std::string filename = a->slug + "_" + layer;
  if (layer == "neighbourhoods" && !download && in.Param("la")) {
    band = std::max(band, io::ZoomBandOf(kLsoaMinZoom));
    key = layer + "/" + std::to_string(band) + "/" + *in.Param("la");
    if (!a->layers.count(key)) return NotFound("local authority " + *in.Param("la") + " not found");
  }
  if (layer == "lsoas") {
    auto la = in.Param("la");
    if (!la || la->empty()) {
      return InvalidField("la", "LSOA boundaries are served per local authority: give la=CODE "
                                "(local_authorities in /api/v1/atlas)");
    }
    key += "/" + *la;
    filename += "_" + *la;
    if (!a->layers.count(key)) return NotFound("local authority " + *la + " not found");
  }
  auto it = a->layers.find(key);
  if (it == a->layers.end()) return NotFound("layer " + layer + " not found");
  return CachedLayer(in, it->second, "application/geo+json", kLayerCache, download ? filename + ".geojson" : "");
}

// ---- pages and assets ----

Result<Reply> MapView(App& app, const RequestContext&, const Input& in) {
  NHOOD_ASSIGN_OR_RETURN(const LoadedAtlas* a, AtlasOf(app, in));
  NHOOD_ASSIGN_OR_RETURN(std::string html, MapPage(*app.explorer, *a));
  return Page(std::move(html), "/api/v1/atlas" + Query(*a));
}

Result<Reply> ProfileView(App& app, const RequestContext& ctx, const Input& in) {
  NHOOD_ASSIGN_OR_RETURN(const LoadedAtlas* a, AtlasOf(app, in));
  NHOOD_ASSIGN_OR_RETURN(json p, ProfileWithReach(app, ctx, *a, in.captures[0]));
  NHOOD_ASSIGN_OR_RETURN(std::string html, ProfilePage(*a, p));
  return Page(std::move(html), "/api/v1/atlas/neighbourhoods/" + in.captures[0] + Query(*a));
}

Result<Reply> CompareView(App& app, const RequestContext&, const Input& in) {
  NHOOD_ASSIGN_OR_RETURN(const LoadedAtlas* a, AtlasOf(app, in));
  const std::string first = in.Param("a").value_or(""), second = in.Param("b").value_or("");
  json pa = nullptr, pb = nullptr;
  if (!first.empty()) {
    NHOOD_ASSIGN_OR_RETURN(pa, Profile(*a, first));
  }
  if (!second.empty()) {
    NHOOD_ASSIGN_OR_RETURN(pb, Profile(*a, second));
  }
  NHOOD_ASSIGN_OR_RETURN(std::string html, ComparePage(*a, pa, pb));
  return Page(std::move(html), "/api/v1/atlas/compare" + Query(*a) + "&a=" + first + "&b=" + second);
}

// The assets' ETags, computed once (the assets are constants of the build).
const std::unordered_map<std::string, std::string>& AssetTags() {
  static const auto* const kTags = [] {
    auto* tags = new std::unordered_map<std::string, std::string>();
    for (const char* n : {"explorer.js", "explorer.css", "leaflet.js", "leaflet.css", "layers.png", "layers-2x.png"}) {
      tags->emplace(n, "\"" + io::Sha256(std::string(Asset(n))).substr(0, 32) + "\"");
    }
    return tags;
  }();
  return *kTags;
}

Result<Reply> StaticAsset(App&, const RequestContext&, const Input& in) {
  const std::string& name = in.captures[0];
  const std::string_view body = Asset(name);
  if (body.empty() || name.find(".mustache") != std::string::npos) return NotFound("asset " + name + " not found");
  std::string type = "application/octet-stream";
  if (name.size() > 3 && name.substr(name.size() - 3) == ".js") type = "text/javascript; charset=utf-8";
  if (name.size() > 4 && name.substr(name.size() - 4) == ".css") type = "text/css; charset=utf-8";
  if (name.size() > 4 && name.substr(name.size() - 4) == ".png") type = "image/png";
  const auto& tags = AssetTags();
  auto tag = tags.find(name);
  CachedBody b{.text = std::string(body),
               .etag = tag != tags.end() ? tag->second : "\"" + io::Sha256(std::string(body)).substr(0, 32) + "\""};
  return Cached(in, b, type, kAssetCache, "");
}

Route Get(const std::string& path, Handler h) {
  return {"GET", std::regex(path), Surface::kPublic, link::Action::kReadDirectory, "", std::move(h)};
}

}  // namespace

std::vector<Route> ExplorerRoutes() {
  const std::string id = R"(([A-Za-z0-9_-]{1,64}))";
  const std::string layer = R"((neighbourhoods|lsoas|hotspots|double_disadvantage))";
  return {
      Get("/atlas/?", MapView),
      Get("/atlas/neighbourhoods/" + id, ProfileView),
      Get("/atlas/compare", CompareView),
      Get(R"(/static/explorer/([A-Za-z0-9_.-]{1,64}))", StaticAsset),
      Get("/api/v1/atlas", Meta),
      Get("/api/v1/atlas/search", Search),
      Get("/api/v1/atlas/neighbourhoods\\.csv", NeighbourhoodsCsv),
      Get("/api/v1/atlas/neighbourhoods/" + id + "\\.csv", ProfileCsv),
      Get("/api/v1/atlas/neighbourhoods/" + id + "/lsoas\\.csv", LsoasCsv),
      Get("/api/v1/atlas/neighbourhoods/" + id, ShowProfile),
      Get("/api/v1/atlas/compare", Compare),
      Get("/api/v1/atlas/compare\\.csv", CompareCsv),
      Get("/api/v1/atlas/layers/" + layer + "\\.geojson", Layer),
  };
}

}  // namespace nhood::server::explorer
