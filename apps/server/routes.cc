// Every route of `nhood serve`, one row each (Routes() at the bottom), and
// their handlers: parse the input, call nhood::link or the store's directory
// reads, return JSON. No SQL, no role checks, no audit writes here.
#include <array>
#include <cmath>

#include "apps/server/api_json.h"
#include "apps/server/error_mapping.h"
#include "apps/server/json_input.h"
#include "apps/server/openapi.h"
#include "apps/server/oruk_json.h"
#include "apps/server/postcodes.h"
#include "apps/server/report_routes.h"
#include "apps/server/router.h"
#include "nhood/link/casework.h"
#include "nhood/link/uuid.h"

namespace nhood::server {
namespace {

using nlohmann::json;
using link::Action;

constexpr const char* kCookieName = "nhood_session";

Reply Ok(json body, int status = 200) {
  body["ok"] = true;
  return Reply{.status = status, .body = std::move(body), .headers = {}};
}

std::string NewPseudonym() {
  const std::string hex = link::RandomToken();
  std::array<uint8_t, 16> bytes{};
  for (size_t i = 0; i < 16; ++i) bytes[i] = static_cast<uint8_t>(std::stoi(hex.substr(2 * i, 2), nullptr, 16));
  return link::NewUuidV4(bytes);
}

// ---- health, session ----

Result<Reply> Health(App& app, const RequestContext&, const Input&) {
  NHOOD_ASSIGN_OR_RETURN(int version, app.store.SchemaVersion());
  return Ok({{"status", "ok"}, {"schema_version", version}});
}

Result<Reply> LogIn(App& app, const RequestContext& ctx, const Input& in) {
  NHOOD_RETURN_IF_ERROR(RequireObject(in.body));
  NHOOD_ASSIGN_OR_RETURN(std::string username, ReqString(in.body, "username"));
  NHOOD_ASSIGN_OR_RETURN(std::string password, ReqString(in.body, "password"));
  NHOOD_ASSIGN_OR_RETURN(link::LoginResult r,
                         link::Login(app.store,
                                     {.username = username, .password = password, .address = ctx.meta.address,
                                      .user_agent = "", .request_id = ctx.request_id},
                                     ctx.meta.now, app.options.auth));
  if (r.outcome == link::LoginOutcome::kLockedOut) {
    Reply reply{.status = 429,
                .body = ErrorBody(429, "too many failed logins: try again later", "", ctx.request_id),
                .headers = {{"Retry-After", std::to_string(r.retry_after.count())}}};
    return reply;
  }
  if (r.outcome == link::LoginOutcome::kRefused) return Unauthenticated("wrong username or password");
  const link::LoginGrant& g = *r.grant;
  std::string cookie = std::string(kCookieName) + "=" + g.session_token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
                       std::to_string(app.options.auth.absolute.count());
  if (app.tls) cookie += "; Secure";
  Reply reply = Ok({{"csrf_token", g.csrf_token},
                    {"user", {{"id", g.actor.user_id}, {"username", g.actor.username},
                              {"role", std::string(link::RoleName(g.actor.role))}}},
                    {"expires_at", link::FormatTime(g.absolute_expires_at)}});
  reply.headers.push_back({"Set-Cookie", cookie});
  return reply;
}

Result<Reply> LogOut(App& app, const RequestContext& ctx, const Input&) {
  NHOOD_RETURN_IF_ERROR(link::Logout(app.store, ctx.session_token));
  return Reply{.status = 204,
               .body = nullptr,
               .headers = {{"Set-Cookie", std::string(kCookieName) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"}}};
}

// ---- casework ----

Result<Reply> CreateResident(App& app, const RequestContext& ctx, const Input& in) {
  NHOOD_RETURN_IF_ERROR(RequireObject(in.body));
  NHOOD_ASSIGN_OR_RETURN(link::Resident r, ResidentFromJson(in.body, app.postcodes));
  r.pseudonym = NewPseudonym();
  NHOOD_ASSIGN_OR_RETURN(int64_t id, link::CreateResident(app.store, *ctx.actor, r, ctx.meta));
  return Ok({{"id", id}}, 201);
}

Result<Reply> ShowResident(App& app, const RequestContext& ctx, const Input& in) {
  NHOOD_ASSIGN_OR_RETURN(int64_t id, ParseId(in.captures[0], "resident " + in.captures[0]));
  NHOOD_ASSIGN_OR_RETURN(link::Resident r, link::ReadResident(app.store, *ctx.actor, id, ctx.meta));
  return Ok(ResidentJson(r));
}

Result<Reply> CreateReferral(App& app, const RequestContext& ctx, const Input& in) {
  NHOOD_RETURN_IF_ERROR(RequireObject(in.body));
  NHOOD_ASSIGN_OR_RETURN(link::Referral r, ReferralFromJson(in.body));
  NHOOD_ASSIGN_OR_RETURN(int64_t id, link::CreateReferral(app.store, *ctx.actor, r, ctx.meta));
  return Ok({{"id", id}}, 201);
}

Result<Reply> CreateContact(App& app, const RequestContext& ctx, const Input& in) {
  NHOOD_RETURN_IF_ERROR(RequireObject(in.body));
  NHOOD_ASSIGN_OR_RETURN(int64_t referral, ParseId(in.captures[0], "referral " + in.captures[0]));
  NHOOD_ASSIGN_OR_RETURN(link::Contact c, ContactFromJson(in.body));
  c.referral_id = referral;
  NHOOD_ASSIGN_OR_RETURN(int64_t id, link::RecordContact(app.store, *ctx.actor, c, ctx.meta));
  return Ok({{"id", id}}, 201);
}

Result<Reply> ListContacts(App& app, const RequestContext& ctx, const Input& in) {
  NHOOD_ASSIGN_OR_RETURN(int64_t referral, ParseId(in.captures[0], "referral " + in.captures[0]));
  NHOOD_ASSIGN_OR_RETURN(auto contacts, link::ReadContacts(app.store, *ctx.actor, referral, ctx.meta));
  json list = json::array();
  for (const link::Contact& c : contacts) list.push_back(ContactJson(c));
  return Ok({{"contacts", std::move(list)}});
}

Result<Reply> CreateOutcome(App& app, const RequestContext& ctx, const Input& in) {
  NHOOD_RETURN_IF_ERROR(RequireObject(in.body));
  NHOOD_ASSIGN_OR_RETURN(int64_t referral, ParseId(in.captures[0], "referral " + in.captures[0]));
  NHOOD_ASSIGN_OR_RETURN(link::Outcome o, OutcomeFromJson(in.body, link::DateOf(ctx.meta.now)));
  o.referral_id = referral;
  NHOOD_ASSIGN_OR_RETURN(int64_t id, link::RecordOutcome(app.store, *ctx.actor, o, ctx.meta));
  return Ok({{"id", id}}, 201);
}

Result<Reply> ShowCaseload(App& app, const RequestContext& ctx, const Input& in) {
  int64_t after = 0, limit = 100;
  if (auto a = in.Param("after")) {
    NHOOD_ASSIGN_OR_RETURN(after, ParseIntParam(*a, "after"));
  }
  if (auto l = in.Param("limit")) {
    NHOOD_ASSIGN_OR_RETURN(limit, ParseIntParam(*l, "limit"));
  }
  if (limit < 1 || limit > 1000) return InvalidField("limit", "limit must be 1-1000");
  NHOOD_ASSIGN_OR_RETURN(auto items,
                         link::ReadCaseload(app.store, *ctx.actor, after, static_cast<int>(limit), ctx.meta));
  json list = json::array();
  for (const link::CaseloadItem& item : items) list.push_back(CaseloadItemJson(item, ctx.meta.now));
  json body = {{"residents", std::move(list)}};
  if (static_cast<int64_t>(items.size()) == limit) body["next"] = std::to_string(items.back().resident.id);
  return Ok(std::move(body));
}

Result<Reply> ShowAudit(App& app, const RequestContext& ctx, const Input& in) {
  link::AuditQuery q;
  if (auto t = in.Param("record_type")) q.record_type = *t;
  if (auto r = in.Param("record_id")) q.record_id = *r;
  if (auto a = in.Param("after")) {
    NHOOD_ASSIGN_OR_RETURN(q.after_id, ParseIntParam(*a, "after"));
  }
  q.limit = 1000;
  NHOOD_ASSIGN_OR_RETURN(auto events, link::ReadAudit(app.store, *ctx.actor, q, ctx.meta));
  json list = json::array();
  for (const link::AuditEvent& e : events) list.push_back(AuditJson(e));
  return Ok({{"events", std::move(list)}});
}

// ---- the ORUK read API ----

Result<std::pair<int, int>> PageParams(const Input& in) {
  int64_t page = 1, per_page = 50;
  if (auto p = in.Param("page")) {
    NHOOD_ASSIGN_OR_RETURN(page, ParseIntParam(*p, "page"));
  }
  if (auto p = in.Param("per_page")) {
    NHOOD_ASSIGN_OR_RETURN(per_page, ParseIntParam(*p, "per_page"));
  }
  if (page < 1 || page > 1000000) return InvalidField("page", "page must be 1 or more");
  if (per_page < 1 || per_page > 1000) return InvalidField("per_page", "per_page must be 1-1000");
  return std::pair<int, int>(static_cast<int>(page), static_cast<int>(per_page));
}

Result<Reply> OrukRoot(App&, const RequestContext& ctx, const Input&) {
  return Reply{.status = 200,
               .body = {{"version", "3.0"},
                        {"profile", "https://openreferraluk.org/"},
                        {"openapi_url", ctx.base_url + "/oruk/openapi.json"}},
               .headers = {}};
}

Result<Reply> OrukOpenApi(App&, const RequestContext&, const Input&) {
  return Reply{.status = 200, .body = json::parse(OrukOpenApiJson()), .headers = {}};
}

Result<Reply> OrukServices(App& app, const RequestContext&, const Input& in) {
  link::ServiceQuery q;
  NHOOD_ASSIGN_OR_RETURN(auto paging, PageParams(in));
  q.page = paging.first;
  q.per_page = paging.second;
  q.search = in.Param("search");
  q.taxonomy_term_id = in.Param("taxonomy_term_id");
  q.taxonomy_id = in.Param("taxonomy_id");
  q.organization_id = in.Param("organization_id");
  q.modified_after = in.Param("modified_after");
  if (auto v = in.Param("minimum_age")) {
    NHOOD_ASSIGN_OR_RETURN(q.minimum_age, ParseNumberParam(*v, "minimum_age"));
  }
  if (auto v = in.Param("maximum_age")) {
    NHOOD_ASSIGN_OR_RETURN(q.maximum_age, ParseNumberParam(*v, "maximum_age"));
  }
  auto postcode = in.Param("postcode");
  auto proximity = in.Param("proximity");
  if (proximity && !postcode) return InvalidField("proximity", "proximity needs a postcode");
  if (postcode) {
    double metres = kDefaultProximityMetres;
    if (proximity) {
      NHOOD_ASSIGN_OR_RETURN(metres, ParseNumberParam(*proximity, "proximity"));
    }
    if (metres <= 0) return InvalidField("proximity", "proximity must be more than 0 metres");
    NHOOD_ASSIGN_OR_RETURN(LatLong at, ResolvePostcode(app.store, app.postcodes, *postcode));
    q.near = link::ServiceQuery::Near{.latitude = at.latitude, .longitude = at.longitude, .metres = metres};
  }
  NHOOD_ASSIGN_OR_RETURN(auto page, app.store.ListServices(q));
  json contents = json::array();
  for (const link::Service& s : page.contents) {
    std::optional<link::Organization> org;
    if (s.organization_id) {
      auto o = app.store.GetOrganization(*s.organization_id);
      if (o) org = *o;
    }
    contents.push_back(OrukServiceSummary(s, org ? &*org : nullptr));
  }
  return Reply{.status = 200, .body = OrukPage(page, std::move(contents)), .headers = {}};
}

Result<Reply> OrukShowService(App& app, const RequestContext&, const Input& in) {
  if (!link::IsUuid(in.captures[0])) return NotFound("service not found");
  NHOOD_ASSIGN_OR_RETURN(link::Service s, app.store.GetService(in.captures[0]));
  OrukLookups lookups;
  std::optional<link::Organization> org;
  if (s.organization_id) {
    auto o = app.store.GetOrganization(*s.organization_id);
    if (o) org = *o;
  }
  lookups.organization = org ? &*org : nullptr;
  for (const auto& sal : s.service_at_locations) {
    auto l = app.store.GetLocation(sal.location_id);
    if (l) lookups.locations.push_back(*l);
  }
  for (const auto& a : s.attributes) {
    auto t = app.store.GetTaxonomyTerm(a.taxonomy_term_id);
    if (t) lookups.terms.push_back(*t);
  }
  return Reply{.status = 200, .body = OrukService(s, lookups), .headers = {}};
}

Result<Reply> OrukOrganizations(App& app, const RequestContext&, const Input& in) {
  NHOOD_ASSIGN_OR_RETURN(auto paging, PageParams(in));
  NHOOD_ASSIGN_OR_RETURN(auto page, app.store.ListOrganizations(paging.first, paging.second));
  json contents = json::array();
  for (const auto& o : page.contents) contents.push_back(OrukOrganization(o));
  return Reply{.status = 200, .body = OrukPage(page, std::move(contents)), .headers = {}};
}

Result<Reply> OrukShowOrganization(App& app, const RequestContext&, const Input& in) {
  if (!link::IsUuid(in.captures[0])) return NotFound("organization not found");
  NHOOD_ASSIGN_OR_RETURN(auto o, app.store.GetOrganization(in.captures[0]));
  return Reply{.status = 200, .body = OrukOrganization(o), .headers = {}};
}

Result<Reply> OrukTaxonomies(App& app, const RequestContext&, const Input& in) {
  NHOOD_ASSIGN_OR_RETURN(auto paging, PageParams(in));
  NHOOD_ASSIGN_OR_RETURN(auto page, app.store.ListTaxonomies(paging.first, paging.second));
  json contents = json::array();
  for (const auto& t : page.contents) contents.push_back(OrukTaxonomy(t));
  return Reply{.status = 200, .body = OrukPage(page, std::move(contents)), .headers = {}};
}

Result<Reply> OrukShowTaxonomy(App& app, const RequestContext&, const Input& in) {
  if (!link::IsUuid(in.captures[0])) return NotFound("taxonomy not found");
  NHOOD_ASSIGN_OR_RETURN(auto t, app.store.GetTaxonomy(in.captures[0]));
  return Reply{.status = 200, .body = OrukTaxonomy(t), .headers = {}};
}

Result<Reply> OrukTaxonomyTerms(App& app, const RequestContext&, const Input& in) {
  NHOOD_ASSIGN_OR_RETURN(auto paging, PageParams(in));
  link::TaxonomyTermQuery q{.taxonomy_id = in.Param("taxonomy_id"), .parent_id = in.Param("parent_id"),
                            .top_only = in.Param("top_only").value_or("") == "true", .page = paging.first,
                            .per_page = paging.second};
  NHOOD_ASSIGN_OR_RETURN(auto page, app.store.ListTaxonomyTerms(q));
  json contents = json::array();
  for (const auto& t : page.contents) contents.push_back(OrukTaxonomyTerm(t));
  return Reply{.status = 200, .body = OrukPage(page, std::move(contents)), .headers = {}};
}

Result<Reply> OrukShowTaxonomyTerm(App& app, const RequestContext&, const Input& in) {
  if (!link::IsUuid(in.captures[0])) return NotFound("taxonomy term not found");
  NHOOD_ASSIGN_OR_RETURN(auto t, app.store.GetTaxonomyTerm(in.captures[0]));
  return Reply{.status = 200, .body = OrukTaxonomyTerm(t), .headers = {}};
}

json SalJson(App& app, const link::ServiceAtLocation& sal) {
  json j = {{"id", sal.id}, {"service_id", sal.service_id}, {"location_id", sal.location_id}};
  if (auto l = app.store.GetLocation(sal.location_id)) j["location"] = OrukLocation(*l, false);
  if (auto s = app.store.GetService(sal.service_id)) {
    std::optional<link::Organization> org;
    if (s->organization_id) {
      if (auto o = app.store.GetOrganization(*s->organization_id)) org = *o;
    }
    j["service"] = OrukServiceSummary(*s, org ? &*org : nullptr);
  }
  return j;
}

Result<Reply> OrukServiceAtLocations(App& app, const RequestContext&, const Input& in) {
  NHOOD_ASSIGN_OR_RETURN(auto paging, PageParams(in));
  link::ServiceAtLocationQuery q{.service_id = in.Param("service_id"), .location_id = in.Param("location_id"),
                                 .near = std::nullopt, .page = paging.first, .per_page = paging.second};
  auto postcode = in.Param("postcode");
  auto proximity = in.Param("proximity");
  if (proximity && !postcode) return InvalidField("proximity", "proximity needs a postcode");
  if (postcode) {
    double metres = kDefaultProximityMetres;
    if (proximity) {
      NHOOD_ASSIGN_OR_RETURN(metres, ParseNumberParam(*proximity, "proximity"));
    }
    if (metres <= 0) return InvalidField("proximity", "proximity must be more than 0 metres");
    NHOOD_ASSIGN_OR_RETURN(LatLong at, ResolvePostcode(app.store, app.postcodes, *postcode));
    q.near = link::ServiceQuery::Near{.latitude = at.latitude, .longitude = at.longitude, .metres = metres};
  }
  NHOOD_ASSIGN_OR_RETURN(auto page, app.store.ListServiceAtLocations(q));
  json contents = json::array();
  for (const auto& sal : page.contents) contents.push_back(SalJson(app, sal));
  return Reply{.status = 200, .body = OrukPage(page, std::move(contents)), .headers = {}};
}

Result<Reply> OrukShowServiceAtLocation(App& app, const RequestContext&, const Input& in) {
  if (!link::IsUuid(in.captures[0])) return NotFound("service_at_location not found");
  NHOOD_ASSIGN_OR_RETURN(auto sal, app.store.GetServiceAtLocation(in.captures[0]));
  return Reply{.status = 200, .body = SalJson(app, sal), .headers = {}};
}

Route Public(std::string method, std::string path, Handler h) {
  return {std::move(method), std::regex(path), Surface::kPublic, Action::kReadDirectory, "", std::move(h)};
}
Route Oruk(std::string path, Handler h) {
  return {"GET", std::regex("/oruk" + path), Surface::kOruk, Action::kReadDirectory, "", std::move(h)};
}
Route Api(std::string method, std::string path, Action action, std::string record_type, Handler h) {
  return {std::move(method), std::regex("/api/v1" + path), Surface::kAction, action, std::move(record_type),
          std::move(h)};
}

}  // namespace

std::vector<Route> Routes() {  // the only place a path is spelled
  const std::string id = R"((\d{1,19}))", uuid = R"(([0-9A-Za-z-]{1,64}))";
  std::vector<Route> routes = {
      Public("GET", "/healthz", Health),
      Public("POST", "/api/v1/session", LogIn),
      {"DELETE", std::regex("/api/v1/session"), Surface::kSession, Action::kReadDirectory, "session", LogOut},
      Api("POST", "/residents", Action::kWriteResident, "resident", CreateResident),
      Api("GET", "/residents/" + id, Action::kReadResident, "resident", ShowResident),
      Api("POST", "/referrals", Action::kWriteReferral, "referral", CreateReferral),
      Api("POST", "/referrals/" + id + "/contacts", Action::kWriteContact, "referral", CreateContact),
      Api("GET", "/referrals/" + id + "/contacts", Action::kReadContact, "referral", ListContacts),
      Api("POST", "/referrals/" + id + "/outcomes", Action::kWriteOutcome, "referral", CreateOutcome),
      Api("GET", "/caseload", Action::kReadCaseload, "caseload", ShowCaseload),
      Api("GET", "/audit", Action::kReadAudit, "audit", ShowAudit),
      Oruk("/?", OrukRoot),
      Oruk("/openapi.json", OrukOpenApi),
      Oruk("/services", OrukServices),
      Oruk("/services/" + uuid, OrukShowService),
      Oruk("/organizations", OrukOrganizations),
      Oruk("/organizations/" + uuid, OrukShowOrganization),
      Oruk("/taxonomies", OrukTaxonomies),
      Oruk("/taxonomies/" + uuid, OrukShowTaxonomy),
      Oruk("/taxonomy_terms", OrukTaxonomyTerms),
      Oruk("/taxonomy_terms/" + uuid, OrukShowTaxonomyTerm),
      Oruk("/service_at_locations", OrukServiceAtLocations),
      Oruk("/service_at_locations/" + uuid, OrukShowServiceAtLocation),
  };
  for (Route& r : ReportRoutes()) routes.push_back(std::move(r));  // reports (report_routes.cc)
  return routes;
}

}  // namespace nhood::server
