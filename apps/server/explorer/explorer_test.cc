// The explorer's routes through Router::Dispatch (no socket), on a small
// atlas output directory written by the test: JSON shapes, errors, ETags,
// downloads and pages.
#include <gtest/gtest.h>
#include <unistd.h>

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "apps/server/explorer/explorer.h"
#include "apps/server/explorer/explorer_routes.h"
#include "apps/server/explorer/gzip.h"
#include "apps/server/explorer/pages.h"
#include "apps/server/router.h"
#include "nhood/io/polygon_io.h"
#include "nhood/link/uuid.h"
#include "nhood/link/user.h"
#include "nhood/store/open_store.h"

namespace nhood::server::explorer {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

geo::Polygon Square(double x, double y, double side) {
  geo::Polygon p;
  p.parts.push_back({{{x, y}, {x + side, y}, {x + side, y + side}, {x, y + side}, {x, y}}});
  return p;
}

class ExplorerRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("nhood_explorer_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    const fs::path atlas = dir_ / "north-east";
    fs::create_directories(atlas);
    std::ofstream(atlas / "neighbourhoods.csv")
        << "neighbourhood_id,local_authority,local_authority_name,population,lsoas,imd_score,hotspot_share,"
           "bad,bad_lower95_0cl,bad_upper95_0cl,bad_vs_england,bad_health_sr,bad_health_sr_lower95_0cl,"
           "bad_health_sr_upper95_0cl,risk_score,priority,tier\n"
           "E06000047-001,E06000047,County Durham,3000,2,40,0.5,0.1,0.09,0.11,Worse,130,120,140,1,1,1\n"
           "E06000047-002,E06000047,County Durham,2000,1,10,0,0.04,0.03,0.05,Better,90,80,101,-1,2,2\n";
    std::ofstream(atlas / "lsoas.csv")
        << "lsoa11_code,lsoa11_name,neighbourhood_id,local_authority,local_authority_name,population,ward17_code,"
           "ward17_name,double_disadvantage,hotspot_cluster\n"
           "E01000001,County Durham 001A,E06000047-001,E06000047,County Durham,1500,E05000001,Horden,true,High-High\n"
           "E01000002,County Durham 001B,E06000047-001,E06000047,County Durham,1500,E05000001,Horden,true,"
           "Not significant\n"
           "E01000003,County Durham 002A,E06000047-002,E06000047,County Durham,2000,E05000002,Peterlee East,false,"
           "Not significant\n";
    std::ofstream(atlas / "report.html")
        << "<title>nhood atlas: North East</title><script type=\"application/json\" id=\"profiles\">"
           R"({"indicators":[{"england":0.05,"higher_is_worse":true,"label":"Bad or very bad health"}]})"
           "</script>";
    geo::PolygonLayer nb, ls;
    nb.ids = {"E06000047-001", "E06000047-002"};
    nb.polygons = {Square(-1.5, 54.7, 0.1), Square(-1.4, 54.7, 0.1)};
    nb.crs = "EPSG:4326";
    ls.ids = {"E01000001", "E01000002", "E01000003"};
    ls.polygons = {Square(-1.5, 54.7, 0.05), Square(-1.45, 54.7, 0.05), Square(-1.4, 54.7, 0.1)};
    ls.crs = "EPSG:4326";
    Table nb_attr, ls_attr;
    ASSERT_TRUE(nb_attr.AddText("neighbourhood_id", nb.ids).ok());
    ASSERT_TRUE(ls_attr.AddText("lsoa11_code", ls.ids).ok());
    ASSERT_TRUE(io::WriteLayers((atlas / "atlas.gpkg").string(),
                                {{&ls, &ls_attr, "lsoas"}, {&nb, &nb_attr, "neighbourhoods"}}).ok());
    auto loaded = Explorer::Load({atlas.string()});
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    explorer_ = std::move(*loaded);
    auto store = store::OpenStore((dir_ / "empty.db").string());
    ASSERT_TRUE(store.ok()) << store.error().message;
    store_ = std::move(*store);
    app_ = std::make_unique<App>(App{.store = *store_, .options = options_, .explorer = explorer_.get()});
  }
  void TearDown() override {
    app_.reset();
    store_.reset();
    fs::remove_all(dir_);
  }
  httplib::Response Get(const std::string& path, const httplib::Params& params = {},
                        const httplib::Headers& headers = {}) {
    httplib::Request req;
    req.method = "GET";
    req.path = path;
    req.params = params;
    req.headers = headers;
    httplib::Response res;
    router_.Dispatch(*app_, req, res);
    return res;
  }
  // A user and `n` residents living in `lsoa` (the link service's store).
  void AddResidents(const std::string& lsoa, int n) {
    if (user_ == 0) {
      auto u = store_->AddUser({.username = "worker", .display_name = "Worker", .role = link::Role::kLinkWorker,
                                .password_hash = "$argon2id$v=19$m=65536,t=2,p=1$x$y"});
      ASSERT_TRUE(u.ok()) << u.error().message;
      user_ = *u;
    }
    for (int i = 0; i < n; ++i) {
      link::Resident r;
      r.pseudonym = link::NewUuidV4(rng_);
      r.name = "Resident " + std::to_string(i);
      r.lsoa = lsoa;
      r.created_by = user_;
      auto id = store_->AddResident(r);
      ASSERT_TRUE(id.ok()) << id.error().message;
    }
  }
  fs::path dir_;
  ServeOptions options_;
  int64_t user_ = 0;
  Rng rng_{7};
  std::unique_ptr<Explorer> explorer_;
  std::unique_ptr<link::Store> store_;
  std::unique_ptr<App> app_;
  Router router_{ExplorerRoutes()};
};

TEST_F(ExplorerRoutesTest, SearchFindsAWardByNameWithItsNeighbourhood) {
  auto res = Get("/api/v1/atlas/search", {{"q", "horden"}});
  ASSERT_EQ(res.status, 200) << res.body;
  const json hits = json::parse(res.body);
  ASSERT_TRUE(hits.is_array());
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0]["kind"], "ward");
  EXPECT_EQ(hits[0]["id"], "E05000001");
  EXPECT_EQ(hits[0]["name"], "Horden");
  EXPECT_EQ(hits[0]["neighbourhood_id"], "E06000047-001");
  EXPECT_EQ(hits[0]["bbox"].size(), 4u);
  const json lad = json::parse(Get("/api/v1/atlas/search", {{"q", "County Durham"}}).body);
  ASSERT_FALSE(lad.empty());
  EXPECT_EQ(lad[0]["kind"], "lad");
  EXPECT_TRUE(json::parse(Get("/api/v1/atlas/search", {{"q", "x"}}).body).empty());
}

TEST_F(ExplorerRoutesTest, ProfileHasTheAcceptanceFields) {
  auto res = Get("/api/v1/atlas/neighbourhoods/E06000047-001");
  ASSERT_EQ(res.status, 200) << res.body;
  const json p = json::parse(res.body);
  EXPECT_EQ(p["ok"], true);
  EXPECT_EQ(p["id"], "E06000047-001");
  EXPECT_EQ(p["name"], "E06000047-001");
  EXPECT_EQ(p["local_authority"], "E06000047");
  EXPECT_EQ(p["local_authority_name"], "County Durham");
  EXPECT_EQ(p["population"], 3000);
  ASSERT_EQ(p["indicators"].size(), 2u);
  const json& bad = p["indicators"][0];
  EXPECT_EQ(bad["key"], "bad");
  EXPECT_EQ(bad["name"], "Bad or very bad health");
  EXPECT_EQ(bad["value"], 0.1);
  EXPECT_EQ(bad["lower95"], 0.09);
  EXPECT_EQ(bad["upper95"], 0.11);
  EXPECT_EQ(bad["england"], 0.05);
  EXPECT_EQ(bad["comparison"], "Worse");
  const json& sr = p["indicators"][1];
  EXPECT_EQ(sr["key"], "bad_health_sr");
  EXPECT_EQ(sr["england"], 100);
  EXPECT_EQ(sr["standardised"], true);
  EXPECT_EQ(sr["comparison"], "Worse");  // 120-140 above 100
  ASSERT_EQ(p["lsoas"].size(), 2u);
  EXPECT_EQ(p["lsoas"][0]["lsoa11_code"], "E01000001");
  EXPECT_EQ(Get("/api/v1/atlas/neighbourhoods/E06000047-002").status, 200);
  EXPECT_EQ(json::parse(Get("/api/v1/atlas/neighbourhoods/E06000047-002").body)["indicators"][1]["comparison"],
            "Similar");
}

TEST_F(ExplorerRoutesTest, ErrorsHaveTheOneShape) {
  auto missing = Get("/api/v1/atlas/neighbourhoods/E06000047-999");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(json::parse(missing.body)["error"], "neighbourhood E06000047-999 not found");
  auto no_atlas = Get("/api/v1/atlas", {{"atlas", "nowhere"}});
  EXPECT_EQ(no_atlas.status, 404);
  auto no_la = Get("/api/v1/atlas/layers/lsoas.geojson");
  EXPECT_EQ(no_la.status, 422);
  EXPECT_EQ(json::parse(no_la.body)["field"], "la");
  auto bad_zoom = Get("/api/v1/atlas/layers/neighbourhoods.geojson", {{"zoom", "far"}});
  EXPECT_EQ(bad_zoom.status, 422);
  auto bad_download = Get("/api/v1/atlas/layers/neighbourhoods.geojson", {{"download", "yes"}});
  EXPECT_EQ(bad_download.status, 422);
  EXPECT_EQ(json::parse(bad_download.body)["field"], "download");
  auto compare = Get("/api/v1/atlas/compare", {{"a", "E06000047-001"}});
  EXPECT_EQ(compare.status, 422);
  EXPECT_EQ(json::parse(compare.body)["field"], "b");
  EXPECT_EQ(Get("/static/explorer/map.mustache").status, 404);  // templates are not assets
}

TEST_F(ExplorerRoutesTest, LayersCarryETagsAndAnswer304) {
  auto res = Get("/api/v1/atlas/layers/neighbourhoods.geojson", {{"zoom", "6"}});
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.get_header_value("Content-Type"), "application/geo+json");
  EXPECT_EQ(res.get_header_value("Cache-Control"), "public, max-age=3600");
  const std::string etag = res.get_header_value("ETag");
  ASSERT_FALSE(etag.empty());
  const json g = json::parse(res.body);
  ASSERT_EQ(g["features"].size(), 2u);
  EXPECT_EQ(g["features"][0]["id"], "E06000047-001");
  EXPECT_EQ(g["features"][0]["properties"]["bad"], 0.1);
  EXPECT_FALSE(g["features"][0]["properties"].contains("bad_lower95_0cl"));  // only in the download
  auto again = Get("/api/v1/atlas/layers/neighbourhoods.geojson", {{"zoom", "6"}}, {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  auto fine = Get("/api/v1/atlas/layers/neighbourhoods.geojson", {{"zoom", "13"}});
  EXPECT_NE(fine.get_header_value("ETag"), etag);
  auto download = Get("/api/v1/atlas/layers/neighbourhoods.geojson", {{"download", "1"}});
  EXPECT_NE(download.get_header_value("Content-Disposition").find("attachment"), std::string::npos);
  EXPECT_EQ(json::parse(download.body)["features"][0]["properties"]["bad_lower95_0cl"], 0.09);
  const json per_la =
      json::parse(Get("/api/v1/atlas/layers/neighbourhoods.geojson", {{"la", "E06000047"}, {"zoom", "12"}}).body);
  EXPECT_EQ(per_la["features"].size(), 2u);
  EXPECT_EQ(Get("/api/v1/atlas/layers/neighbourhoods.geojson", {{"la", "E09999999"}}).status, 404);
  const json lsoas = json::parse(Get("/api/v1/atlas/layers/lsoas.geojson", {{"la", "E06000047"}, {"zoom", "5"}}).body);
  EXPECT_EQ(lsoas["features"].size(), 3u);
  const json hot = json::parse(Get("/api/v1/atlas/layers/hotspots.geojson", {{"zoom", "5"}}).body);
  ASSERT_EQ(hot["features"].size(), 1u);
  EXPECT_EQ(hot["features"][0]["id"], "E01000001");
  const json dd = json::parse(Get("/api/v1/atlas/layers/double_disadvantage.geojson", {{"zoom", "9"}}).body);
  EXPECT_EQ(dd["features"].size(), 2u);
  EXPECT_EQ(Get("/api/v1/atlas/layers/lsoas.geojson", {{"la", "E09999999"}}).status, 404);
}

TEST_F(ExplorerRoutesTest, LayersAreGzippedWhenTheClientAcceptsIt) {
  const httplib::Params z6 = {{"zoom", "6"}};
  auto plain = Get("/api/v1/atlas/layers/neighbourhoods.geojson", z6);
  ASSERT_EQ(plain.status, 200);
  EXPECT_FALSE(plain.has_header("Content-Encoding"));
  EXPECT_EQ(plain.get_header_value("Vary"), "Accept-Encoding");
  auto gz = Get("/api/v1/atlas/layers/neighbourhoods.geojson", z6, {{"Accept-Encoding", "gzip, deflate, br"}});
  ASSERT_EQ(gz.status, 200);
  EXPECT_EQ(gz.get_header_value("Content-Encoding"), "gzip");
  EXPECT_EQ(gz.get_header_value("Content-Type"), "application/geo+json");
  EXPECT_EQ(gz.get_header_value("Cache-Control"), "public, max-age=3600");
  EXPECT_EQ(gz.get_header_value("Vary"), "Accept-Encoding");
  ASSERT_GE(gz.body.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(gz.body[0]), 0x1f);  // the gzip magic
  EXPECT_EQ(static_cast<unsigned char>(gz.body[1]), 0x8b);
  auto inflated = Gunzip(gz.body);
  ASSERT_TRUE(inflated.ok()) << inflated.error().message;
  EXPECT_EQ(*inflated, plain.body);
  // Its own ETag, and 304 for it; the plain ETag does not match the gzip one.
  const std::string etag = gz.get_header_value("ETag");
  EXPECT_NE(etag, plain.get_header_value("ETag"));
  EXPECT_EQ(Get("/api/v1/atlas/layers/neighbourhoods.geojson", z6,
                {{"Accept-Encoding", "gzip"}, {"If-None-Match", etag}}).status, 304);
  EXPECT_EQ(Get("/api/v1/atlas/layers/neighbourhoods.geojson", z6,
                {{"Accept-Encoding", "gzip"}, {"If-None-Match", plain.get_header_value("ETag")}}).status, 200);
  // A refused gzip gets the plain body.
  auto refused = Get("/api/v1/atlas/layers/neighbourhoods.geojson", z6, {{"Accept-Encoding", "gzip;q=0, *"}});
  EXPECT_FALSE(refused.has_header("Content-Encoding"));
  EXPECT_EQ(refused.body, plain.body);
  // Downloads and per-authority LSOA layers too.
  auto lsoas = Get("/api/v1/atlas/layers/lsoas.geojson", {{"la", "E06000047"}, {"download", "1"}},
                   {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(lsoas.get_header_value("Content-Encoding"), "gzip");
  EXPECT_EQ(json::parse(*Gunzip(lsoas.body))["features"].size(), 3u);
}

TEST(ExplorerGzip, AcceptEncoding) {
  EXPECT_TRUE(AcceptsGzip("gzip"));
  EXPECT_TRUE(AcceptsGzip("deflate, GZIP;q=0.5"));
  EXPECT_TRUE(AcceptsGzip("br;q=1.0, x-gzip"));
  EXPECT_TRUE(AcceptsGzip("*"));
  EXPECT_FALSE(AcceptsGzip(""));
  EXPECT_FALSE(AcceptsGzip("identity"));
  EXPECT_FALSE(AcceptsGzip("br, deflate"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0"));
  EXPECT_FALSE(AcceptsGzip("gzip; q=0.0, *;q=1"));
  EXPECT_FALSE(AcceptsGzip("*;q=0"));
}

TEST(ExplorerGzip, RoundTripsAndRefusesGarbage) {
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "{\"type\":\"Feature\",\"id\":" + std::to_string(i) + "},";
  auto z = Gzip(text);
  ASSERT_TRUE(z.ok());
  EXPECT_LT(z->size() * 5, text.size());
  auto back = Gunzip(*z);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, text);
  EXPECT_FALSE(Gunzip("not gzip").ok());
  EXPECT_FALSE(Gunzip(z->substr(0, z->size() / 2)).ok());
  EXPECT_EQ(*Gunzip(*Gzip("")), "");
}

TEST_F(ExplorerRoutesTest, NoLinkReachWithoutTheStore) {
  AddResidents("E01000003", 7);  // residents in the store, but serve has no --db: nothing is read
  const json p = json::parse(Get("/api/v1/atlas/neighbourhoods/E06000047-002").body);
  EXPECT_FALSE(p.contains("link_reach"));
  EXPECT_EQ(Get("/atlas/neighbourhoods/E06000047-002").body.find("id=\"link-reach\""), std::string::npos);
}

TEST_F(ExplorerRoutesTest, LinkReachCountsFiveOrMoreOnly) {
  options_.db = (dir_ / "empty.db").string();  // as `nhood serve --db … --atlas …`
  AddResidents("E01000001", 2);  // neighbourhood -001: 2 + 2 = 4, withheld
  AddResidents("E01000002", 2);
  AddResidents("E01000003", 5);  // neighbourhood -002: 5, shown
  AddResidents("E01099999", 3);  // an LSOA outside the atlas: in no neighbourhood
  const json four = json::parse(Get("/api/v1/atlas/neighbourhoods/E06000047-001").body);
  ASSERT_TRUE(four.contains("link_reach")) << four.dump();
  EXPECT_TRUE(four["link_reach"]["residents"].is_null());
  EXPECT_EQ(four["link_reach"]["suppressed"], true);
  EXPECT_EQ(four["link_reach"]["suppress_below"], 5);
  const json five = json::parse(Get("/api/v1/atlas/neighbourhoods/E06000047-002").body);
  EXPECT_EQ(five["link_reach"]["residents"], 5);
  EXPECT_EQ(five["link_reach"]["suppressed"], false);
  EXPECT_EQ(five["link_reach"]["as_of"].get<std::string>().size(), 20u);  // YYYY-MM-DDTHH:MM:SSZ
  const std::string page = Get("/atlas/neighbourhoods/E06000047-001").body;
  EXPECT_NE(page.find("id=\"link-reach\""), std::string::npos);
  EXPECT_NE(page.find("1 to 4 (too few to show)"), std::string::npos);
  EXPECT_EQ(page.find("<strong>4</strong>"), std::string::npos);
  EXPECT_NE(Get("/atlas/neighbourhoods/E06000047-002").body.find("<strong>5</strong> of its residents"),
            std::string::npos);
  const json both = json::parse(Get("/api/v1/atlas/compare", {{"a", "E06000047-001"}, {"b", "E06000047-002"}}).body);
  EXPECT_EQ(both["neighbourhoods"][1]["link_reach"]["residents"], 5);
  // One aggregate read of the store, audited once (the counts are kept for a
  // minute), with no user and nothing personal.
  auto audit = store_->ListAudit({.record_type = "report", .record_id = "atlas_reach"});
  ASSERT_TRUE(audit.ok()) << audit.error().message;
  ASSERT_EQ(audit->size(), 1u);
  EXPECT_EQ((*audit)[0].action, "read_reports");
  EXPECT_FALSE((*audit)[0].user_id.has_value());
  EXPECT_EQ((*audit)[0].detail.find("Resident"), std::string::npos);
}

TEST(ExplorerReach, CountsAreReadAgainAfterMaxAge) {
  const fs::path dir = fs::temp_directory_path() / ("nhood_explorer_reach_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto store = store::OpenStore((dir / "reach.db").string());
  ASSERT_TRUE(store.ok()) << store.error().message;
  auto u = (*store)->AddUser({.username = "w", .display_name = "W", .role = link::Role::kLinkWorker,
                              .password_hash = "$argon2id$v=19$m=65536,t=2,p=1$x$y"});
  ASSERT_TRUE(u.ok());
  Rng rng(3);
  auto add = [&](const std::string& lsoa) {
    link::Resident r;
    r.pseudonym = link::NewUuidV4(rng);
    r.name = "R";
    r.lsoa = lsoa;
    r.created_by = *u;
    ASSERT_TRUE((*store)->AddResident(r).ok());
  };
  for (int i = 0; i < 5; ++i) add("E01000001");
  ReachCounts reach(std::chrono::seconds(60));
  const link::Time t0 = link::Time(std::chrono::seconds(1'767'225'600));
  auto first = reach.Get(**store, {.now = t0});
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->counts->at("E01000001"), 5);
  add("E01000001");
  EXPECT_EQ(reach.Get(**store, {.now = t0 + std::chrono::seconds(59)})->counts->at("E01000001"), 5);
  auto later = reach.Get(**store, {.now = t0 + std::chrono::seconds(60)});
  EXPECT_EQ(later->counts->at("E01000001"), 6);
  EXPECT_EQ(later->as_of, t0 + std::chrono::seconds(60));
  // ReachIn: the rule's threshold, zero shown.
  Table lsoas;
  ASSERT_TRUE(lsoas.AddText("lsoa21_code", {"E01000001", "E01000002"}).ok());
  EXPECT_EQ(ReachIn(lsoas, {{"E01000001", 6}}, {.below = 5}).residents, 6);
  EXPECT_FALSE(ReachIn(lsoas, {{"E01000001", 6}}, {.below = 10}).residents.has_value());
  EXPECT_TRUE(ReachIn(lsoas, {{"E01000001", 6}}, {.below = 10}).suppressed);
  EXPECT_EQ(ReachIn(lsoas, {}, {.below = 5}).residents, 0);
  EXPECT_EQ(ReachIn(lsoas, {{"E01000002", 1}}, {.below = 5}).residents, std::nullopt);
  store->reset();
  fs::remove_all(dir);
}

// An atlas that wrote indicators.csv: the explorer takes names, units,
// methods and sources from it, not from the report.
TEST_F(ExplorerRoutesTest, IndicatorsCsvIsPreferredAndShown) {
  const fs::path atlas = dir_ / "with-indicators";
  fs::copy(dir_ / "north-east", atlas);
  std::ofstream(atlas / "indicators.csv")
      << "key,name,unit,england,higher_is_worse,standardised,method,source\n"
         "bad,Bad health from indicators.csv,proportion,0.05,true,false,Wilson score 95% interval (Wilson 1927),"
         "census/ts037.csv\n"
         "bad_health_sr,Bad health ratio,ratio (England = 100),100,true,true,indirectly standardised for age,"
         "census/ts037.csv\n";
  auto loaded = Explorer::Load({atlas.string()});
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  App app{.store = *store_, .options = options_, .explorer = loaded->get()};
  auto get = [&](const std::string& path) {
    httplib::Request req;
    req.method = "GET";
    req.path = path;
    httplib::Response res;
    router_.Dispatch(app, req, res);
    return res;
  };
  const json meta = json::parse(get("/api/v1/atlas").body);
  ASSERT_GE(meta["indicators"].size(), 2u);
  EXPECT_EQ(meta["indicators"][0]["name"], "Bad health from indicators.csv");
  EXPECT_EQ(meta["indicators"][0]["unit"], "proportion");
  EXPECT_EQ(meta["indicators"][1]["key"], "bad_health_sr");
  EXPECT_EQ(meta["indicators"][1]["standardised"], true);
  const json p = json::parse(get("/api/v1/atlas/neighbourhoods/E06000047-001").body);
  EXPECT_EQ(p["indicators"][0]["method"], "Wilson score 95% interval (Wilson 1927)");
  EXPECT_EQ(p["indicators"][0]["source"], "census/ts037.csv");
  const std::string page = get("/atlas/neighbourhoods/E06000047-001").body;
  EXPECT_NE(page.find("id=\"methods\""), std::string::npos);
  EXPECT_NE(page.find("<td>Wilson score 95% interval (Wilson 1927)</td>"), std::string::npos);
  // The old directory (no indicators.csv): the report's labels, no methods table.
  const std::string old = Get("/atlas/neighbourhoods/E06000047-001").body;
  EXPECT_NE(old.find("Bad or very bad health"), std::string::npos);
  EXPECT_EQ(old.find("id=\"methods\""), std::string::npos);
}

TEST_F(ExplorerRoutesTest, CsvDownloads) {
  auto profile = Get("/api/v1/atlas/neighbourhoods/E06000047-001.csv");
  ASSERT_EQ(profile.status, 200) << profile.body;
  EXPECT_EQ(profile.get_header_value("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(profile.body.substr(0, profile.body.find('\n')),
            "neighbourhood_id,key,name,value,lower95,upper95,england,comparison");
  EXPECT_NE(profile.body.find("E06000047-001,bad,Bad or very bad health,0.1,0.09,0.11,0.05,Worse\n"), std::string::npos);
  auto lsoas = Get("/api/v1/atlas/neighbourhoods/E06000047-001/lsoas.csv");
  EXPECT_EQ(std::count(lsoas.body.begin(), lsoas.body.end(), '\n'), 3);
  auto all = Get("/api/v1/atlas/neighbourhoods.csv");
  EXPECT_EQ(all.body.substr(0, 17), "neighbourhood_id,");
  auto compare = Get("/api/v1/atlas/compare.csv", {{"a", "E06000047-001"}, {"b", "E06000047-002"}});
  ASSERT_EQ(compare.status, 200) << compare.body;
  EXPECT_NE(compare.body.find("E06000047-002_comparison"), std::string::npos);
}

TEST_F(ExplorerRoutesTest, PagesRenderWithTheirJsonTwin) {
  auto map = Get("/atlas/");
  ASSERT_EQ(map.status, 200) << map.body;
  EXPECT_EQ(map.get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(map.body.find("data-atlas=\"north-east\""), std::string::npos);
  EXPECT_NE(map.get_header_value("Link").find("</api/v1/atlas?atlas=north-east>"), std::string::npos);
  auto profile = Get("/atlas/neighbourhoods/E06000047-001");
  ASSERT_EQ(profile.status, 200) << profile.body;
  EXPECT_NE(profile.body.find("<svg class=\"spine\""), std::string::npos);
  EXPECT_NE(profile.body.find("<circle class=\"dot worse\""), std::string::npos);
  EXPECT_NE(profile.body.find("County Durham 001A"), std::string::npos);
  auto compare = Get("/atlas/compare", {{"a", "E06000047-001"}, {"b", "E06000047-002"}});
  ASSERT_EQ(compare.status, 200) << compare.body;
  EXPECT_NE(compare.body.find("id=\"compare\""), std::string::npos);
  auto meta = json::parse(Get("/api/v1/atlas").body);
  EXPECT_EQ(meta["title"], "North East");
  EXPECT_EQ(meta["local_authorities"][0]["code"], "E06000047");
  EXPECT_EQ(meta["indicators"][0]["breaks"].size(), 4u);
  EXPECT_FALSE(Get("/static/explorer/explorer.js").body.empty());
}

// `nhood serve` itself: a usage error exits 2, an unreadable atlas 1 naming
// the file, and neither starts listening.
int Serve(const std::string& args, std::string* err) {
  const fs::path log = fs::temp_directory_path() / ("nhood_explorer_serve_" + std::to_string(::getpid()) + ".log");
  const std::string cmd = std::string(NHOOD_BINARY) + " serve " + args + " --listen 127.0.0.1:0 >/dev/null 2>" +
                          log.string() + " </dev/null";
  const int rc = std::system(cmd.c_str());
  std::ifstream in(log);
  err->assign(std::istreambuf_iterator<char>(in), {});
  fs::remove(log);
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

TEST(ExplorerServe, UsageAndDataErrors) {
  std::string err;
  EXPECT_EQ(Serve("", &err), 2);
  EXPECT_NE(err.find("give --db (the link service), --atlas DIR (the explorer) or both"), std::string::npos) << err;
  const fs::path empty = fs::temp_directory_path() / ("nhood_explorer_empty_" + std::to_string(::getpid()));
  fs::create_directories(empty);
  EXPECT_EQ(Serve("--atlas " + empty.string(), &err), 1);
  EXPECT_NE(err.find((empty / "neighbourhoods.csv").string()), std::string::npos) << err;
  std::ofstream(empty / "neighbourhoods.csv") << "neighbourhood_id,population\nN1,10\nN1,20\n";
  std::ofstream(empty / "lsoas.csv") << "lsoa11_code,neighbourhood_id\nE01000001,N1\n";
  EXPECT_EQ(Serve("--atlas " + empty.string(), &err), 1);
  EXPECT_NE(err.find("neighbourhoods.csv"), std::string::npos) << err;
  EXPECT_NE(err.find("N1"), std::string::npos) << err;  // the repeated id
  fs::remove_all(empty);
}

TEST(ExplorerTemplates, ParseAndUseNoUnescapedOrLambdas) {
  EXPECT_TRUE(CheckTemplates().ok()) << CheckTemplates().message();
  for (const char* name : {"map.mustache", "profile.mustache", "compare.mustache"}) {
    const std::string t(Asset(name));
    EXPECT_EQ(t.find("{{{"), std::string::npos) << name;
    EXPECT_EQ(t.find("{{&"), std::string::npos) << name;
  }
}

TEST(ExplorerNumbers, ShownAsPeopleRead) {
  EXPECT_EQ(ShowNumber(json(13677.0)), "13,677");
  EXPECT_EQ(ShowNumber(json(0.069619)), "0.0696");
  EXPECT_EQ(ShowNumber(json(116.98)), "117.0");
  EXPECT_EQ(ShowNumber(json(3.0)), "3");
  EXPECT_EQ(ShowNumber(json(nullptr)), "");
}

}  // namespace
}  // namespace nhood::server::explorer
