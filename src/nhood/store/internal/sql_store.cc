#include "nhood/store/internal/sql_store.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <numbers>
#include <optional>
#include <set>

#include "nhood/store/internal/migrations.h"

namespace nhood::store::internal {
namespace {

using namespace nhood::link;

// ---- parameters ----
class Params {
 public:
  Params& operator<<(const std::string& s) { v_.emplace_back(s); return *this; }
  Params& operator<<(const char* s) { v_.emplace_back(std::string(s)); return *this; }
  Params& operator<<(std::string_view s) { v_.emplace_back(std::string(s)); return *this; }
  Params& operator<<(const std::optional<std::string>& s) {
    if (s) v_.emplace_back(*s); else v_.emplace_back(std::monostate{});
    return *this;
  }
  Params& operator<<(int64_t x) { v_.emplace_back(x); return *this; }
  Params& operator<<(int x) { v_.emplace_back(int64_t{x}); return *this; }
  Params& operator<<(bool b) { v_.emplace_back(int64_t{b ? 1 : 0}); return *this; }
  Params& operator<<(double d) { v_.emplace_back(d); return *this; }
  Params& operator<<(const std::optional<int64_t>& x) {
    if (x) v_.emplace_back(*x); else v_.emplace_back(std::monostate{});
    return *this;
  }
  Params& operator<<(const std::optional<int>& x) {
    if (x) v_.emplace_back(int64_t{*x}); else v_.emplace_back(std::monostate{});
    return *this;
  }
  Params& operator<<(const std::optional<double>& x) {
    if (x) v_.emplace_back(*x); else v_.emplace_back(std::monostate{});
    return *this;
  }
  Params& operator<<(Time t) { v_.emplace_back(ToUnixSeconds(t)); return *this; }
  Params& operator<<(Date d) { v_.emplace_back(FormatDate(d)); return *this; }
  Params& operator<<(const std::optional<Date>& d) {
    if (d) v_.emplace_back(FormatDate(*d)); else v_.emplace_back(std::monostate{});
    return *this;
  }
  std::span<const Value> span() const { return v_; }
  size_t size() const { return v_.size(); }

 private:
  std::vector<Value> v_;
};

// ---- reading a row left to right ----
class Cursor {
 public:
  explicit Cursor(const Row& r) : r_(r) {}
  std::string S() { return r_.Text(i_++); }
  std::optional<std::string> OS() {
    if (r_.IsNull(i_)) { ++i_; return std::nullopt; }
    return r_.Text(i_++);
  }
  int64_t I() { return r_.Int(i_++, &ok_); }
  std::optional<int64_t> OI() {
    if (r_.IsNull(i_)) { ++i_; return std::nullopt; }
    return r_.Int(i_++, &ok_);
  }
  std::optional<int> OInt() {
    std::optional<int64_t> x = OI();
    if (!x) return std::nullopt;
    return static_cast<int>(*x);
  }
  double D() { return r_.Double(i_++, &ok_); }
  std::optional<double> OD() {
    if (r_.IsNull(i_)) { ++i_; return std::nullopt; }
    return r_.Double(i_++, &ok_);
  }
  bool B() { return I() != 0; }
  Time T() { return FromUnixSeconds(I()); }
  Date Dt() {
    Result<Date> d = ParseDate(S());
    if (!d) { ok_ = false; return Date{}; }
    return *d;
  }
  std::optional<Date> ODt() {
    std::optional<std::string> s = OS();
    if (!s) return std::nullopt;
    Result<Date> d = ParseDate(*s);
    if (!d) { ok_ = false; return std::nullopt; }
    return *d;
  }
  template <typename E>
  E En(Result<E> (*parse)(std::string_view)) {
    Result<E> e = parse(S());
    if (!e) { ok_ = false; return E{}; }
    return *e;
  }
  bool ok() const { return ok_; }
  bool NextIsNull() const { return r_.IsNull(i_); }

 private:
  const Row& r_;
  size_t i_ = 0;
  bool ok_ = true;
};

Error Corrupt(const std::string& what) { return Internal("store: unreadable " + what + " row"); }

constexpr char kSep = '\x1f';  // unit separator between list items in one column
std::string JoinList(const std::vector<std::string>& xs) {
  std::string out;
  for (size_t i = 0; i < xs.size(); ++i) {
    if (i) out.push_back(kSep);
    out += xs[i];
  }
  return out;
}
std::vector<std::string> SplitList(const std::string& s) {
  std::vector<std::string> out;
  if (s.empty()) return out;
  size_t start = 0;
  while (true) {
    size_t p = s.find(kSep, start);
    out.push_back(s.substr(start, p == std::string::npos ? std::string::npos : p - start));
    if (p == std::string::npos) break;
    start = p + 1;
  }
  return out;
}
std::string JoinInts(const std::vector<int>& xs) {
  std::string out;
  for (size_t i = 0; i < xs.size(); ++i) {
    if (i) out.push_back(',');
    out += std::to_string(xs[i]);
  }
  return out;
}
bool SplitInts(const std::string& s, std::vector<int>* out) {
  out->clear();
  if (s.empty()) return true;
  size_t start = 0;
  while (true) {
    size_t p = s.find(',', start);
    std::string part = s.substr(start, p == std::string::npos ? std::string::npos : p - start);
    char* end = nullptr;
    long v = std::strtol(part.c_str(), &end, 10);
    if (part.empty() || *end) return false;
    out->push_back(static_cast<int>(v));
    if (p == std::string::npos) return true;
    start = p + 1;
  }
}

// "%x%" for a case-insensitive LIKE, with the pattern characters escaped.
std::string LikePattern(const std::string& needle) {
  std::string out = "%";
  for (char c : needle) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  out.push_back('%');
  return out;
}

std::string Placeholders(size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += i ? ", ?" : "?";
  return out;
}

int Limit(int limit) { return limit <= 0 ? 100 : std::min(limit, 10000); }
int PerPage(int per_page) { return std::clamp(per_page, 1, 1000); }
int PageNumber(int page) { return std::max(page, 1); }

Time Now() { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); }

// INSERT … ON CONFLICT (key) DO UPDATE SET every other column.
std::string Upsert(const std::string& table, const std::vector<std::string>& cols, const std::string& key = "id") {
  std::string sql = "INSERT INTO " + table + " (";
  for (size_t i = 0; i < cols.size(); ++i) sql += (i ? ", " : "") + cols[i];
  sql += ") VALUES (" + Placeholders(cols.size()) + ") ON CONFLICT (" + key + ") DO UPDATE SET ";
  bool first = true;
  for (const std::string& c : cols) {
    if (c == key) continue;
    sql += (first ? "" : ", ") + c + " = excluded." + c;
    first = false;
  }
  return sql;
}
std::string Insert(const std::string& table, const std::vector<std::string>& cols, bool returning_id) {
  std::string sql = "INSERT INTO " + table + " (";
  for (size_t i = 0; i < cols.size(); ++i) sql += (i ? ", " : "") + cols[i];
  sql += ") VALUES (" + Placeholders(cols.size()) + ")";
  if (returning_id) sql += " RETURNING id";
  return sql;
}
std::string ColumnList(const std::vector<std::string>& cols, const std::string& prefix = "") {
  std::string out;
  for (size_t i = 0; i < cols.size(); ++i) out += (i ? ", " : "") + prefix + cols[i];
  return out;
}

Result<int64_t> InsertId(Connection& c, const std::string& sql, const Params& p) {
  NHOOD_ASSIGN_OR_RETURN(QueryResult r, c.Query(sql, p.span()));
  if (r.rows.empty()) return Internal("store: INSERT returned no id");
  bool ok = true;
  int64_t id = r.rows[0].Int(0, &ok);
  if (!ok) return Internal("store: INSERT returned a bad id");
  return id;
}

Status Exec(Connection& c, const std::string& sql, const Params& p) { return c.Query(sql, p.span()).status(); }

Result<int64_t> Count(Connection& c, const std::string& sql, const Params& p) {
  NHOOD_ASSIGN_OR_RETURN(QueryResult r, c.Query(sql, p.span()));
  bool ok = true;
  int64_t n = r.rows.empty() ? 0 : r.rows[0].Int(0, &ok);
  if (!ok) return Internal("store: bad count");
  return n;
}

Status NotFoundUnless(int64_t affected, const std::string& what) {
  if (affected == 0) return NotFound(what + " not found");
  return Status::Ok();
}

// ---- column lists and row readers ----
const std::vector<std::string> kOrgCols = {"id", "name", "description", "email", "website", "logo", "uri",
                                           "parent_organization_id"};
const std::vector<std::string> kOrgIdCols = {"id", "organization_id", "identifier_scheme", "identifier_type",
                                             "identifier", "position"};
const std::vector<std::string> kLocationCols = {"id", "location_type", "name", "description", "latitude",
                                                "longitude", "external_identifier", "external_identifier_type"};
const std::vector<std::string> kAddressCols = {"id", "location_id", "attention", "address_1", "address_2", "city",
                                               "region", "state_province", "postal_code", "country",
                                               "address_type", "position"};
const std::vector<std::string> kAccessCols = {"id", "location_id", "description", "details", "url", "position"};
const std::vector<std::string> kServiceCols = {
    "id", "organization_id", "name", "alternate_name", "description", "url", "email", "status",
    "eligibility_description", "minimum_age", "maximum_age", "fees", "accreditations", "assured_date",
    "assurer_email", "alert", "last_modified"};
const std::vector<std::string> kScheduleCols = {"id", "service_id", "valid_from", "valid_to", "dtstart", "freq",
                                                "interval_count", "byday", "bymonthday", "opens_at", "closes_at",
                                                "description", "schedule_link", "attending_type", "notes",
                                                "position"};
const std::vector<std::string> kAreaCols = {"id", "service_id", "name", "description", "extent", "extent_type",
                                            "uri", "position"};
const std::vector<std::string> kLanguageCols = {"id", "service_id", "name", "code", "note", "position"};
const std::vector<std::string> kCostCols = {"id", "service_id", "valid_from", "valid_to", "option", "currency",
                                            "amount", "amount_description", "position"};
const std::vector<std::string> kServiceContactCols = {"id", "service_id", "name", "title", "department", "email",
                                                      "position"};
const std::vector<std::string> kPhoneCols = {"id", "contact_id", "number", "extension", "type", "description",
                                             "position"};
const std::vector<std::string> kSalCols = {"id", "service_id", "location_id", "description", "position"};
const std::vector<std::string> kAttributeCols = {"id", "service_id", "taxonomy_term_id", "link_type", "value",
                                                 "position"};
const std::vector<std::string> kTaxonomyCols = {"id", "name", "description", "uri", "version"};
const std::vector<std::string> kTermCols = {"id", "code", "name", "description", "parent_id", "taxonomy",
                                            "taxonomy_id", "term_uri"};

Organization ReadOrg(Cursor& c) {
  Organization o;
  o.id = c.S(); o.name = c.S(); o.description = c.S(); o.email = c.OS(); o.website = c.OS(); o.logo = c.OS();
  o.uri = c.OS(); o.parent_organization_id = c.OS();
  return o;
}
Location ReadLocation(Cursor& c) {
  Location l;
  l.id = c.S(); l.location_type = c.En(ParseLocationType); l.name = c.OS(); l.description = c.OS();
  l.latitude = c.OD(); l.longitude = c.OD(); l.external_identifier = c.OS(); l.external_identifier_type = c.OS();
  return l;
}
Service ReadService(Cursor& c) {
  Service s;
  s.id = c.S(); s.organization_id = c.OS(); s.name = c.S(); s.alternate_name = c.OS(); s.description = c.OS();
  s.url = c.OS(); s.email = c.OS(); s.status = c.En(ParseServiceStatus); s.eligibility_description = c.OS();
  s.minimum_age = c.OD(); s.maximum_age = c.OD(); s.fees = c.OS(); s.accreditations = c.OS();
  s.assured_date = c.OS(); s.assurer_email = c.OS(); s.alert = c.OS(); s.last_modified = c.S();
  return s;
}
ServiceAtLocation ReadSal(Cursor& c) {
  ServiceAtLocation x;
  x.id = c.S(); x.service_id = c.S(); x.location_id = c.S(); x.description = c.OS();
  return x;
}
Taxonomy ReadTaxonomy(Cursor& c) {
  Taxonomy t;
  t.id = c.S(); t.name = c.S(); t.description = c.S(); t.uri = c.OS(); t.version = c.OS();
  return t;
}
TaxonomyTerm ReadTerm(Cursor& c) {
  TaxonomyTerm t;
  t.id = c.S(); t.code = c.OS(); t.name = c.S(); t.description = c.S(); t.parent_id = c.OS(); t.taxonomy = c.OS();
  t.taxonomy_id = c.OS(); t.term_uri = c.OS();
  return t;
}

const std::vector<std::string> kUserCols = {"id", "username", "display_name", "role", "password_hash", "team_id",
                                            "active", "created_at"};
User ReadUser(Cursor& c) {
  User u;
  u.id = c.I(); u.username = c.S(); u.display_name = c.S(); u.role = c.En(ParseRole); u.password_hash = c.S();
  u.team_id = c.OI(); u.active = c.B(); u.created_at = c.T();
  return u;
}
const std::vector<std::string> kSessionCols = {"token_hash", "user_id", "csrf_token_hash", "created_at",
                                               "last_seen_at", "idle_expires_at", "absolute_expires_at",
                                               "address", "user_agent"};
Session ReadSession(Cursor& c) {
  Session s;
  s.token_hash = c.S(); s.user_id = c.I(); s.csrf_token_hash = c.S(); s.created_at = c.T(); s.last_seen_at = c.T();
  s.idle_expires_at = c.T(); s.absolute_expires_at = c.T(); s.address = c.S(); s.user_agent = c.S();
  return s;
}
const std::vector<std::string> kAuditCols = {"id", "at", "user_id", "username", "action", "record_type",
                                             "record_id", "outcome", "detail", "address", "request_id"};
AuditEvent ReadAudit(Cursor& c, bool* ok) {
  AuditEvent e;
  e.id = c.I(); e.at = c.T(); e.user_id = c.OI(); e.username = c.S(); e.action = c.S(); e.record_type = c.S();
  e.record_id = c.S();
  std::string outcome = c.S();
  if (outcome == "allowed") e.outcome = AuditOutcome::kAllowed;
  else if (outcome == "refused") e.outcome = AuditOutcome::kRefused;
  else *ok = false;
  e.detail = c.S(); e.address = c.S(); e.request_id = c.S();
  return e;
}

const std::vector<std::string> kResidentCols = {
    "id", "pseudonym", "name", "date_of_birth", "sex", "ethnicity", "postcode", "lsoa", "gp_practice",
    "contact_preferred", "contact_phone", "contact_email", "contact_address", "contact_ok_to_leave_message",
    "contact_notes", "created_by", "created_at", "updated_at", "erased"};
Resident ReadResident(Cursor& c) {
  Resident r;
  r.id = c.I(); r.pseudonym = c.S(); r.name = c.S(); r.date_of_birth = c.ODt(); r.sex = c.En(ParseSex);
  r.ethnicity = c.OS(); r.postcode = c.OS(); r.lsoa = c.OS(); r.gp_practice = c.OS();
  std::optional<std::string> pref = c.OS();
  if (pref) {
    Result<ContactMode> m = ParseContactMode(*pref);
    if (m) r.contact.preferred = *m;
  }
  r.contact.phone = c.OS(); r.contact.email = c.OS(); r.contact.address = c.OS();
  r.contact.ok_to_leave_message = c.B(); r.contact.notes = c.OS(); r.created_by = c.I(); r.created_at = c.T();
  r.updated_at = c.T(); r.erased = c.B();
  return r;
}
void BindResidentFields(Params& p, const Resident& r) {
  p << r.name << r.date_of_birth << SexName(r.sex) << r.ethnicity << r.postcode << r.lsoa << r.gp_practice
    << (r.contact.preferred ? std::optional<std::string>(std::string(ContactModeName(*r.contact.preferred)))
                            : std::nullopt)
    << r.contact.phone << r.contact.email << r.contact.address << r.contact.ok_to_leave_message << r.contact.notes;
}

const std::vector<std::string> kConsentCols = {"id", "resident_id", "kind", "given", "date", "recorded_by",
                                               "recorded_at", "note"};
Consent ReadConsent(Cursor& c) {
  Consent x;
  x.id = c.I(); x.resident_id = c.I(); x.kind = c.En(ParseConsentKind); x.given = c.B(); x.date = c.Dt();
  x.recorded_by = c.I(); x.recorded_at = c.T(); x.note = c.OS();
  return x;
}
const std::vector<std::string> kReferralCols = {"id", "resident_id", "source", "referrer_name",
                                                "referrer_organisation", "reasons", "status", "assigned_to",
                                                "received_at", "received_by", "updated_at"};
Referral ReadReferral(Cursor& c) {
  Referral r;
  r.id = c.I(); r.resident_id = c.I(); r.source = c.En(ParseReferralSource); r.referrer_name = c.OS();
  r.referrer_organisation = c.OS(); r.reasons = SplitList(c.S()); r.status = c.En(ParseReferralStatus);
  r.assigned_to = c.OI(); r.received_at = c.T(); r.received_by = c.I(); r.updated_at = c.T();
  return r;
}
const std::vector<std::string> kTransitionCols = {"id", "referral_id", "from_status", "to_status", "at", "by_user",
                                                  "note"};
Transition ReadTransition(Cursor& c) {
  Transition t;
  t.id = c.I(); t.referral_id = c.I(); t.from = c.En(ParseReferralStatus); t.to = c.En(ParseReferralStatus);
  t.at = c.T(); t.by = c.I(); t.note = c.OS();
  return t;
}
const std::vector<std::string> kContactCols = {"id", "referral_id", "resident_id", "date", "mode", "minutes",
                                               "worker_id", "volunteer_id", "notes", "created_by", "created_at"};
Contact ReadContact(Cursor& c) {
  Contact x;
  x.id = c.I(); x.referral_id = c.I(); x.resident_id = c.I(); x.date = c.Dt(); x.mode = c.En(ParseContactKind);
  x.minutes = static_cast<int>(c.I()); x.worker_id = c.OI(); x.volunteer_id = c.OI(); x.notes = c.OS();
  x.created_by = c.I(); x.created_at = c.T();
  return x;
}
const std::vector<std::string> kNeedCols = {"id", "referral_id", "resident_id", "category", "description",
                                            "identified_on", "recorded_by"};
Need ReadNeed(Cursor& c) {
  Need n;
  n.id = c.I(); n.referral_id = c.I(); n.resident_id = c.I(); n.category = c.S(); n.description = c.OS();
  n.identified_on = c.Dt(); n.recorded_by = c.I();
  return n;
}
const std::vector<std::string> kGoalCols = {"id", "referral_id", "resident_id", "what_matters", "status", "set_on",
                                            "reviewed_on", "recorded_by"};
Goal ReadGoal(Cursor& c) {
  Goal g;
  g.id = c.I(); g.referral_id = c.I(); g.resident_id = c.I(); g.what_matters = c.S();
  g.status = c.En(ParseGoalStatus); g.set_on = c.Dt(); g.reviewed_on = c.ODt(); g.recorded_by = c.I();
  return g;
}
const std::vector<std::string> kOnwardCols = {"id", "referral_id", "resident_id", "service_id", "status",
                                              "sent_on", "status_on", "outcome", "created_by", "updated_at"};
OnwardReferral ReadOnward(Cursor& c) {
  OnwardReferral o;
  o.id = c.I(); o.referral_id = c.I(); o.resident_id = c.I(); o.service_id = c.S();
  o.status = c.En(ParseOnwardStatus); o.sent_on = c.Dt(); o.status_on = c.ODt(); o.outcome = c.OS();
  o.created_by = c.I(); o.updated_at = c.T();
  return o;
}
const std::vector<std::string> kOutcomeCols = {"id", "referral_id", "resident_id", "measure", "timepoint", "date",
                                               "items", "concerns", "recorded_by", "recorded_at"};
Outcome ReadOutcome(Cursor& c, bool* ok) {
  Outcome o;
  o.id = c.I(); o.referral_id = c.I(); o.resident_id = c.I(); o.measure = c.En(ParseMeasure);
  o.timepoint = c.En(ParseTimepoint); o.date = c.Dt();
  if (!SplitInts(c.S(), &o.items)) *ok = false;
  o.concerns = SplitList(c.S()); o.recorded_by = c.I(); o.recorded_at = c.T();
  return o;
}
const std::vector<std::string> kVolunteerCols = {"id", "user_id", "name", "active", "started_on"};
Volunteer ReadVolunteer(Cursor& c) {
  Volunteer v;
  v.id = c.I(); v.user_id = c.OI(); v.name = c.S(); v.active = c.B(); v.started_on = c.ODt();
  return v;
}
const std::vector<std::string> kHoursCols = {"id", "volunteer_id", "date", "hours", "activity", "recorded_by"};
VolunteerHours ReadHours(Cursor& c) {
  VolunteerHours h;
  h.id = c.I(); h.volunteer_id = c.I(); h.date = c.Dt(); h.hours = c.D(); h.activity = c.OS(); h.recorded_by = c.I();
  return h;
}

// Reads every row with `read`, failing on an unreadable one.
template <typename T, typename F>
Result<std::vector<T>> ReadAll(const QueryResult& r, F&& read, const std::string& what) {
  std::vector<T> out;
  out.reserve(r.rows.size());
  for (const Row& row : r.rows) {
    Cursor c(row);
    out.push_back(read(c));
    if (!c.ok()) return Corrupt(what);
  }
  return out;
}

template <typename T, typename F>
Result<T> ReadOne(const QueryResult& r, F&& read, const std::string& what, const std::string& not_found) {
  if (r.rows.empty()) return NotFound(not_found + " not found");
  Cursor c(r.rows[0]);
  T out = read(c);
  if (!c.ok()) return Corrupt(what);
  return out;
}

// A WHERE clause built from the filters present (PostgreSQL cannot type a
// parameter that appears only in "? IS NULL").
class Where {
 public:
  Where& Add(const std::string& condition) { parts_.push_back(condition); return *this; }
  std::string sql() const {
    std::string out;
    for (size_t i = 0; i < parts_.size(); ++i) out += (i ? " AND " : " WHERE ") + parts_[i];
    return out;
  }

 private:
  std::vector<std::string> parts_;
};

// The referral's resident; kNotFound for an unknown referral,
// kFailedPrecondition when `resident_id` is given and differs.
Result<int64_t> ReferralResident(Connection& c, int64_t referral_id, int64_t resident_id) {
  Params p;
  p << referral_id;
  NHOOD_ASSIGN_OR_RETURN(QueryResult r, c.Query("SELECT resident_id FROM referral WHERE id = ?", p.span()));
  if (r.rows.empty()) return NotFound("referral " + std::to_string(referral_id) + " not found");
  bool ok = true;
  int64_t owner = r.rows[0].Int(0, &ok);
  if (!ok) return Corrupt("referral");
  if (resident_id != 0 && resident_id != owner) {
    return FailedPrecondition("referral " + std::to_string(referral_id) + " is not resident " +
                              std::to_string(resident_id) + "'s");
  }
  return owner;
}

struct Box {
  double lat_lo, lat_hi, lon_lo, lon_hi;
};
Box BoxAround(const ServiceQuery::Near& n) {
  const double dlat = n.metres / 111000.0 * 1.01 + 1e-6;
  const double c = std::max(std::cos(n.latitude * std::numbers::pi / 180.0), 0.01);
  const double dlon = dlat / c;
  return {n.latitude - dlat, n.latitude + dlat, n.longitude - dlon, n.longitude + dlon};
}

// Ids (as the first column of `sql`'s rows) whose coordinates (columns 2, 3)
// lie within `near`.
Result<std::set<std::string>> IdsNear(Connection& c, const std::string& sql, const ServiceQuery::Near& near) {
  Box b = BoxAround(near);
  Params p;
  p << b.lat_lo << b.lat_hi << b.lon_lo << b.lon_hi;
  NHOOD_ASSIGN_OR_RETURN(QueryResult r, c.Query(sql, p.span()));
  std::set<std::string> out;
  for (const Row& row : r.rows) {
    bool ok = true;
    double lat = row.Double(1, &ok), lon = row.Double(2, &ok);
    if (!ok) return Corrupt("location");
    if (DistanceMetres(near.latitude, near.longitude, lat, lon) <= near.metres) out.insert(row.Text(0));
  }
  return out;
}

}  // namespace

// ---- transactions ----
inline Status StatusOf(const Status& s) { return s; }
template <typename T>
Status StatusOf(const Result<T>& r) {
  return r.status();
}

template <typename R, typename F>
R SqlStore::Run(bool write, F&& f) {
  if (bound_) return f(*bound_);
  if (write && committer_) {
    // Acknowledged only once the batch holding this work has committed.
    std::optional<R> out;
    Status s = committer_->Run([&](Connection& c) -> Status {
      out.emplace(f(c));
      return StatusOf(*out);
    });
    if (!s.ok()) return s.error();
    return std::move(*out);
  }
  NHOOD_ASSIGN_OR_RETURN(Pool::Lease c, pool_->Acquire());
  if (!write && dialect_ == Dialect::kPostgres) {
    // Under READ COMMITTED every statement takes its own snapshot, in a
    // transaction or not, so BEGIN/COMMIT around reads only costs two round
    // trips to the server (a caseload read makes four such calls).
    return f(*c);
  }
  NHOOD_RETURN_IF_ERROR(c->Exec(write && dialect_ == Dialect::kSqlite ? "BEGIN IMMEDIATE" : "BEGIN"));
  R r = f(*c);
  if (!r.ok()) {
    (void)c->Exec("ROLLBACK");
    return r;
  }
  Status commit = c->Exec("COMMIT");
  if (!commit.ok()) {
    (void)c->Exec("ROLLBACK");
    return commit.error();
  }
  return r;
}

Result<int> SqlStore::SchemaVersion() {
  return Run<Result<int>>(false, [](Connection& c) { return CurrentSchemaVersion(c); });
}

Status SqlStore::InTransaction(const std::function<Status(link::Store&)>& fn) {
  if (bound_) return fn(*this);
  return Run<Status>(true, [&](Connection& c) {
    SqlStore bound(pool_, dialect_, committer_, &c);
    return fn(bound);
  });
}

// ---- directory ----
Status SqlStore::PutOrganization(const Organization& o) {
  return Run<Status>(true, [&](Connection& c) -> Status {
    Params p;
    p << o.id << o.name << o.description << o.email << o.website << o.logo << o.uri << o.parent_organization_id;
    NHOOD_RETURN_IF_ERROR(Exec(c, Upsert("organization", kOrgCols), p));
    Params d;
    d << o.id;
    NHOOD_RETURN_IF_ERROR(Exec(c, "DELETE FROM organization_identifier WHERE organization_id = ?", d));
    for (size_t i = 0; i < o.organization_identifiers.size(); ++i) {
      const auto& x = o.organization_identifiers[i];
      Params q;
      q << x.id << o.id << x.identifier_scheme << x.identifier_type << x.identifier << static_cast<int64_t>(i);
      NHOOD_RETURN_IF_ERROR(Exec(c, Insert("organization_identifier", kOrgIdCols, false), q));
    }
    return Status::Ok();
  });
}

Result<Organization> SqlStore::GetOrganization(const std::string& id) {
  return Run<Result<Organization>>(false, [&](Connection& c) -> Result<Organization> {
    Params p;
    p << id;
    NHOOD_ASSIGN_OR_RETURN(QueryResult r,
                           c.Query("SELECT " + ColumnList(kOrgCols) + " FROM organization WHERE id = ?", p.span()));
    NHOOD_ASSIGN_OR_RETURN(Organization o, ReadOne<Organization>(r, ReadOrg, "organization", "organization " + id));
    NHOOD_ASSIGN_OR_RETURN(
        QueryResult ids,
        c.Query("SELECT id, identifier_scheme, identifier_type, identifier FROM organization_identifier "
                "WHERE organization_id = ? ORDER BY position",
                p.span()));
    for (const Row& row : ids.rows) {
      Cursor k(row);
      Organization::Identifier x;
      x.id = k.S(); x.identifier_scheme = k.OS(); x.identifier_type = k.S(); x.identifier = k.S();
      o.organization_identifiers.push_back(std::move(x));
    }
    return o;
  });
}

Result<Page<Organization>> SqlStore::ListOrganizations(int page, int per_page) {
  page = PageNumber(page);
  per_page = PerPage(per_page);
  NHOOD_ASSIGN_OR_RETURN(std::vector<std::string> ids, (Run<Result<std::vector<std::string>>>(
      false, [&](Connection& c) -> Result<std::vector<std::string>> {
        Params p;
        p << int64_t{per_page} << static_cast<int64_t>(page - 1) * per_page;
        NHOOD_ASSIGN_OR_RETURN(QueryResult r,
                               c.Query("SELECT id FROM organization ORDER BY name, id LIMIT ? OFFSET ?", p.span()));
        std::vector<std::string> out;
        for (const Row& row : r.rows) out.push_back(row.Text(0));
        return out;
      })));
  Page<Organization> out;
  out.page_number = page;
  out.size = per_page;
  NHOOD_ASSIGN_OR_RETURN(out.total_items, (Run<Result<int64_t>>(false, [&](Connection& c) {
                           return Count(c, "SELECT COUNT(*) FROM organization", Params());
                         })));
  for (const std::string& id : ids) {
    NHOOD_ASSIGN_OR_RETURN(Organization o, GetOrganization(id));
    out.contents.push_back(std::move(o));
  }
  return out;
}

Status SqlStore::PutLocation(const Location& l) {
  return Run<Status>(true, [&](Connection& c) -> Status {
    Params p;
    p << l.id << LocationTypeName(l.location_type) << l.name << l.description << l.latitude << l.longitude
      << l.external_identifier << l.external_identifier_type;
    NHOOD_RETURN_IF_ERROR(Exec(c, Upsert("location", kLocationCols), p));
    Params d;
    d << l.id;
    NHOOD_RETURN_IF_ERROR(Exec(c, "DELETE FROM address WHERE location_id = ?", d));
    NHOOD_RETURN_IF_ERROR(Exec(c, "DELETE FROM accessibility WHERE location_id = ?", d));
    for (size_t i = 0; i < l.addresses.size(); ++i) {
      const Address& a = l.addresses[i];
      Params q;
      q << a.id << l.id << a.attention << a.address_1 << a.address_2 << a.city << a.region << a.state_province
        << a.postal_code << a.country << LocationTypeName(a.address_type) << static_cast<int64_t>(i);
      NHOOD_RETURN_IF_ERROR(Exec(c, Insert("address", kAddressCols, false), q));
    }
    for (size_t i = 0; i < l.accessibility.size(); ++i) {
      const Accessibility& a = l.accessibility[i];
      Params q;
      q << a.id << l.id << a.description << a.details << a.url << static_cast<int64_t>(i);
      NHOOD_RETURN_IF_ERROR(Exec(c, Insert("accessibility", kAccessCols, false), q));
    }
    return Status::Ok();
  });
}

Result<Location> SqlStore::GetLocation(const std::string& id) {
  return Run<Result<Location>>(false, [&](Connection& c) -> Result<Location> {
    Params p;
    p << id;
    NHOOD_ASSIGN_OR_RETURN(QueryResult r,
                           c.Query("SELECT " + ColumnList(kLocationCols) + " FROM location WHERE id = ?", p.span()));
    NHOOD_ASSIGN_OR_RETURN(Location l, ReadOne<Location>(r, ReadLocation, "location", "location " + id));
    NHOOD_ASSIGN_OR_RETURN(
        QueryResult a,
        c.Query("SELECT id, attention, address_1, address_2, city, region, state_province, postal_code, country, "
                "address_type FROM address WHERE location_id = ? ORDER BY position",
                p.span()));
    for (const Row& row : a.rows) {
      Cursor k(row);
      Address x;
      x.id = k.S(); x.attention = k.OS(); x.address_1 = k.S(); x.address_2 = k.OS(); x.city = k.S();
      x.region = k.OS(); x.state_province = k.S(); x.postal_code = k.S(); x.country = k.S();
      x.address_type = k.En(ParseLocationType);
      if (!k.ok()) return Corrupt("address");
      l.addresses.push_back(std::move(x));
    }
    NHOOD_ASSIGN_OR_RETURN(
        QueryResult acc,
        c.Query("SELECT id, description, details, url FROM accessibility WHERE location_id = ? ORDER BY position",
                p.span()));
    for (const Row& row : acc.rows) {
      Cursor k(row);
      Accessibility x;
      x.id = k.S(); x.description = k.OS(); x.details = k.OS(); x.url = k.OS();
      l.accessibility.push_back(std::move(x));
    }
    return l;
  });
}

Status SqlStore::PutService(const Service& s) {
  return Run<Status>(true, [&](Connection& c) -> Status {
    Params p;
    p << s.id << s.organization_id << s.name << s.alternate_name << s.description << s.url << s.email
      << ServiceStatusName(s.status) << s.eligibility_description << s.minimum_age << s.maximum_age << s.fees
      << s.accreditations << s.assured_date << s.assurer_email << s.alert
      << (s.last_modified.empty() ? FormatTime(Now()) : s.last_modified);
    NHOOD_RETURN_IF_ERROR(Exec(c, Upsert("service", kServiceCols), p));
    Params d;
    d << s.id;
    for (const char* table : {"schedule", "service_area", "language", "cost_option", "service_contact",
                              "service_at_location", "attribute"}) {
      NHOOD_RETURN_IF_ERROR(Exec(c, std::string("DELETE FROM ") + table + " WHERE service_id = ?", d));
    }
    for (size_t i = 0; i < s.schedules.size(); ++i) {
      const Schedule& x = s.schedules[i];
      Params q;
      q << x.id << s.id << x.valid_from << x.valid_to << x.dtstart << x.freq << x.interval << x.byday
        << x.bymonthday << x.opens_at << x.closes_at << x.description << x.schedule_link << x.attending_type
        << x.notes << static_cast<int64_t>(i);
      NHOOD_RETURN_IF_ERROR(Exec(c, Insert("schedule", kScheduleCols, false), q));
    }
    for (size_t i = 0; i < s.service_areas.size(); ++i) {
      const ServiceArea& x = s.service_areas[i];
      Params q;
      q << x.id << s.id << x.name << x.description << x.extent << x.extent_type << x.uri << static_cast<int64_t>(i);
      NHOOD_RETURN_IF_ERROR(Exec(c, Insert("service_area", kAreaCols, false), q));
    }
    for (size_t i = 0; i < s.languages.size(); ++i) {
      const Language& x = s.languages[i];
      Params q;
      q << x.id << s.id << x.name << x.code << x.note << static_cast<int64_t>(i);
      NHOOD_RETURN_IF_ERROR(Exec(c, Insert("language", kLanguageCols, false), q));
    }
    for (size_t i = 0; i < s.cost_options.size(); ++i) {
      const CostOption& x = s.cost_options[i];
      Params q;
      q << x.id << s.id << x.valid_from << x.valid_to << x.option << x.currency << x.amount << x.amount_description
        << static_cast<int64_t>(i);
      NHOOD_RETURN_IF_ERROR(Exec(c, Insert("cost_option", kCostCols, false), q));
    }
    for (size_t i = 0; i < s.contacts.size(); ++i) {
      const ServiceContact& x = s.contacts[i];
      Params q;
      q << x.id << s.id << x.name << x.title << x.department << x.email << static_cast<int64_t>(i);
      NHOOD_RETURN_IF_ERROR(Exec(c, Insert("service_contact", kServiceContactCols, false), q));
      for (size_t j = 0; j < x.phones.size(); ++j) {
        const Phone& ph = x.phones[j];
        Params r;
        r << ph.id << x.id << ph.number << ph.extension << ph.type << ph.description << static_cast<int64_t>(j);
        NHOOD_RETURN_IF_ERROR(Exec(c, Insert("phone", kPhoneCols, false), r));
      }
    }
    for (size_t i = 0; i < s.service_at_locations.size(); ++i) {
      const ServiceAtLocation& x = s.service_at_locations[i];
      Params q;
      q << x.id << s.id << x.location_id << x.description << static_cast<int64_t>(i);
      NHOOD_RETURN_IF_ERROR(Exec(c, Insert("service_at_location", kSalCols, false), q));
    }
    for (size_t i = 0; i < s.attributes.size(); ++i) {
      const Attribute& x = s.attributes[i];
      Params q;
      q << x.id << s.id << x.taxonomy_term_id << x.link_type << x.value << static_cast<int64_t>(i);
      NHOOD_RETURN_IF_ERROR(Exec(c, Insert("attribute", kAttributeCols, false), q));
    }
    return Status::Ok();
  });
}

Result<Service> SqlStore::GetService(const std::string& id) {
  return Run<Result<Service>>(false, [&](Connection& c) -> Result<Service> {
    Params p;
    p << id;
    NHOOD_ASSIGN_OR_RETURN(QueryResult r,
                           c.Query("SELECT " + ColumnList(kServiceCols) + " FROM service WHERE id = ?", p.span()));
    NHOOD_ASSIGN_OR_RETURN(Service s, ReadOne<Service>(r, ReadService, "service", "service " + id));
    auto children = [&](const std::string& table, const std::vector<std::string>& cols) -> Result<QueryResult> {
      std::vector<std::string> own(cols.begin(), cols.end() - 1);  // all but position
      own.erase(std::find(own.begin(), own.end(), "service_id"));
      return c.Query("SELECT " + ColumnList(own) + " FROM " + table + " WHERE service_id = ? ORDER BY position",
                     p.span());
    };
    NHOOD_ASSIGN_OR_RETURN(QueryResult sch, children("schedule", kScheduleCols));
    for (const Row& row : sch.rows) {
      Cursor k(row);
      Schedule x;
      x.id = k.S(); x.valid_from = k.OS(); x.valid_to = k.OS(); x.dtstart = k.OS(); x.freq = k.OS();
      x.interval = k.OInt(); x.byday = k.OS(); x.bymonthday = k.OS(); x.opens_at = k.OS(); x.closes_at = k.OS();
      x.description = k.OS(); x.schedule_link = k.OS(); x.attending_type = k.OS(); x.notes = k.OS();
      if (!k.ok()) return Corrupt("schedule");
      s.schedules.push_back(std::move(x));
    }
    NHOOD_ASSIGN_OR_RETURN(QueryResult areas, children("service_area", kAreaCols));
    for (const Row& row : areas.rows) {
      Cursor k(row);
      ServiceArea x;
      x.id = k.S(); x.name = k.OS(); x.description = k.OS(); x.extent = k.OS(); x.extent_type = k.OS();
      x.uri = k.OS();
      s.service_areas.push_back(std::move(x));
    }
    NHOOD_ASSIGN_OR_RETURN(QueryResult langs, children("language", kLanguageCols));
    for (const Row& row : langs.rows) {
      Cursor k(row);
      Language x;
      x.id = k.S(); x.name = k.OS(); x.code = k.OS(); x.note = k.OS();
      s.languages.push_back(std::move(x));
    }
    NHOOD_ASSIGN_OR_RETURN(QueryResult costs, children("cost_option", kCostCols));
    for (const Row& row : costs.rows) {
      Cursor k(row);
      CostOption x;
      x.id = k.S(); x.valid_from = k.OS(); x.valid_to = k.OS(); x.option = k.OS(); x.currency = k.OS();
      x.amount = k.OD(); x.amount_description = k.OS();
      if (!k.ok()) return Corrupt("cost_option");
      s.cost_options.push_back(std::move(x));
    }
    NHOOD_ASSIGN_OR_RETURN(QueryResult contacts, children("service_contact", kServiceContactCols));
    for (const Row& row : contacts.rows) {
      Cursor k(row);
      ServiceContact x;
      x.id = k.S(); x.name = k.OS(); x.title = k.OS(); x.department = k.OS(); x.email = k.OS();
      Params q;
      q << x.id;
      NHOOD_ASSIGN_OR_RETURN(QueryResult phones,
                             c.Query("SELECT id, number, extension, type, description FROM phone "
                                     "WHERE contact_id = ? ORDER BY position",
                                     q.span()));
      for (const Row& prow : phones.rows) {
        Cursor m(prow);
        Phone ph;
        ph.id = m.S(); ph.number = m.S(); ph.extension = m.OInt(); ph.type = m.OS(); ph.description = m.OS();
        if (!m.ok()) return Corrupt("phone");
        x.phones.push_back(std::move(ph));
      }
      s.contacts.push_back(std::move(x));
    }
    NHOOD_ASSIGN_OR_RETURN(QueryResult sals,
                           c.Query("SELECT " + ColumnList(kSalCols) +
                                       " FROM service_at_location WHERE service_id = ? ORDER BY position",
                                   p.span()));
    for (const Row& row : sals.rows) {
      Cursor k(row);
      s.service_at_locations.push_back(ReadSal(k));
    }
    NHOOD_ASSIGN_OR_RETURN(QueryResult attrs, children("attribute", kAttributeCols));
    for (const Row& row : attrs.rows) {
      Cursor k(row);
      Attribute x;
      x.id = k.S(); x.taxonomy_term_id = k.S(); x.link_type = k.OS(); x.value = k.OS();
      s.attributes.push_back(std::move(x));
    }
    return s;
  });
}

Result<Page<Service>> SqlStore::ListServices(const ServiceQuery& q) {
  const int page = PageNumber(q.page), per_page = PerPage(q.per_page);
  Where w;
  Params p;
  if (q.search) {
    w.Add("(lower(s.name) LIKE ? ESCAPE '\\' OR lower(COALESCE(s.description, '')) LIKE ? ESCAPE '\\')");
    p << LikePattern(*q.search) << LikePattern(*q.search);
  }
  if (q.taxonomy_term_id) {
    w.Add("EXISTS (SELECT 1 FROM attribute a WHERE a.service_id = s.id AND a.taxonomy_term_id = ?)");
    p << *q.taxonomy_term_id;
  }
  if (q.taxonomy_id) {
    w.Add("EXISTS (SELECT 1 FROM attribute a JOIN taxonomy_term t ON t.id = a.taxonomy_term_id "
          "WHERE a.service_id = s.id AND t.taxonomy_id = ?)");
    p << *q.taxonomy_id;
  }
  if (q.organization_id) {
    w.Add("s.organization_id = ?");
    p << *q.organization_id;
  }
  if (q.modified_after) {
    w.Add("s.last_modified > ?");
    p << *q.modified_after;
  }
  if (q.minimum_age) {
    w.Add("(s.maximum_age IS NULL OR s.maximum_age >= ?)");
    p << *q.minimum_age;
  }
  if (q.maximum_age) {
    w.Add("(s.minimum_age IS NULL OR s.minimum_age <= ?)");
    p << *q.maximum_age;
  }
  if (q.status) {
    w.Add("s.status = ?");
    p << ServiceStatusName(*q.status);
  }
  NHOOD_ASSIGN_OR_RETURN(std::vector<std::string> ids, (Run<Result<std::vector<std::string>>>(
      false, [&](Connection& c) -> Result<std::vector<std::string>> {
        NHOOD_ASSIGN_OR_RETURN(QueryResult r,
                               c.Query("SELECT s.id FROM service s" + w.sql() + " ORDER BY s.name, s.id", p.span()));
        std::vector<std::string> out;
        out.reserve(r.rows.size());
        for (const Row& row : r.rows) out.push_back(row.Text(0));
        if (q.near) {
          NHOOD_ASSIGN_OR_RETURN(
              std::set<std::string> near,
              IdsNear(c,
                      "SELECT sal.service_id, l.latitude, l.longitude FROM service_at_location sal "
                      "JOIN location l ON l.id = sal.location_id WHERE l.latitude BETWEEN ? AND ? "
                      "AND l.longitude BETWEEN ? AND ?",
                      *q.near));
          std::erase_if(out, [&](const std::string& id) { return near.count(id) == 0; });
        }
        return out;
      })));
  Page<Service> out;
  out.page_number = page;
  out.size = per_page;
  out.total_items = static_cast<int64_t>(ids.size());
  const size_t start = static_cast<size_t>(page - 1) * static_cast<size_t>(per_page);
  for (size_t i = start; i < ids.size() && i < start + static_cast<size_t>(per_page); ++i) {
    NHOOD_ASSIGN_OR_RETURN(Service s, GetService(ids[i]));
    out.contents.push_back(std::move(s));
  }
  return out;
}

Status SqlStore::DeleteService(const std::string& id) {
  return Run<Status>(true, [&](Connection& c) -> Status {
    Params p;
    p << id;
    NHOOD_ASSIGN_OR_RETURN(QueryResult r, c.Query("DELETE FROM service WHERE id = ?", p.span()));
    return NotFoundUnless(r.affected, "service " + id);
  });
}

Result<ServiceAtLocation> SqlStore::GetServiceAtLocation(const std::string& id) {
  return Run<Result<ServiceAtLocation>>(false, [&](Connection& c) -> Result<ServiceAtLocation> {
    Params p;
    p << id;
    NHOOD_ASSIGN_OR_RETURN(
        QueryResult r, c.Query("SELECT " + ColumnList(kSalCols) + " FROM service_at_location WHERE id = ?", p.span()));
    return ReadOne<ServiceAtLocation>(r, ReadSal, "service_at_location", "service_at_location " + id);
  });
}

Result<Page<ServiceAtLocation>> SqlStore::ListServiceAtLocations(const ServiceAtLocationQuery& q) {
  const int page = PageNumber(q.page), per_page = PerPage(q.per_page);
  return Run<Result<Page<ServiceAtLocation>>>(false, [&](Connection& c) -> Result<Page<ServiceAtLocation>> {
    Where w;
    Params p;
    if (q.service_id) { w.Add("service_id = ?"); p << *q.service_id; }
    if (q.location_id) { w.Add("location_id = ?"); p << *q.location_id; }
    NHOOD_ASSIGN_OR_RETURN(QueryResult r, c.Query("SELECT " + ColumnList(kSalCols) + " FROM service_at_location" +
                                                      w.sql() + " ORDER BY id",
                                                  p.span()));
    NHOOD_ASSIGN_OR_RETURN(std::vector<ServiceAtLocation> all,
                           ReadAll<ServiceAtLocation>(r, ReadSal, "service_at_location"));
    if (q.near) {
      NHOOD_ASSIGN_OR_RETURN(std::set<std::string> near,
                             IdsNear(c,
                                     "SELECT id, latitude, longitude FROM location WHERE latitude BETWEEN ? AND ? "
                                     "AND longitude BETWEEN ? AND ?",
                                     *q.near));
      std::erase_if(all, [&](const ServiceAtLocation& x) { return near.count(x.location_id) == 0; });
    }
    Page<ServiceAtLocation> out;
    out.page_number = page;
    out.size = per_page;
    out.total_items = static_cast<int64_t>(all.size());
    const size_t start = static_cast<size_t>(page - 1) * static_cast<size_t>(per_page);
    for (size_t i = start; i < all.size() && i < start + static_cast<size_t>(per_page); ++i) {
      out.contents.push_back(all[i]);
    }
    return out;
  });
}

Status SqlStore::PutTaxonomy(const Taxonomy& t) {
  return Run<Status>(true, [&](Connection& c) {
    Params p;
    p << t.id << t.name << t.description << t.uri << t.version;
    return Exec(c, Upsert("taxonomy", kTaxonomyCols), p);
  });
}

Result<Taxonomy> SqlStore::GetTaxonomy(const std::string& id) {
  return Run<Result<Taxonomy>>(false, [&](Connection& c) -> Result<Taxonomy> {
    Params p;
    p << id;
    NHOOD_ASSIGN_OR_RETURN(QueryResult r,
                           c.Query("SELECT " + ColumnList(kTaxonomyCols) + " FROM taxonomy WHERE id = ?", p.span()));
    return ReadOne<Taxonomy>(r, ReadTaxonomy, "taxonomy", "taxonomy " + id);
  });
}

Result<Page<Taxonomy>> SqlStore::ListTaxonomies(int page, int per_page) {
  page = PageNumber(page);
  per_page = PerPage(per_page);
  return Run<Result<Page<Taxonomy>>>(false, [&](Connection& c) -> Result<Page<Taxonomy>> {
    Page<Taxonomy> out;
    out.page_number = page;
    out.size = per_page;
    NHOOD_ASSIGN_OR_RETURN(out.total_items, Count(c, "SELECT COUNT(*) FROM taxonomy", Params()));
    Params p;
    p << int64_t{per_page} << static_cast<int64_t>(page - 1) * per_page;
    NHOOD_ASSIGN_OR_RETURN(QueryResult r, c.Query("SELECT " + ColumnList(kTaxonomyCols) +
                                                      " FROM taxonomy ORDER BY name, id LIMIT ? OFFSET ?",
                                                  p.span()));
    NHOOD_ASSIGN_OR_RETURN(out.contents, ReadAll<Taxonomy>(r, ReadTaxonomy, "taxonomy"));
    return out;
  });
}

Status SqlStore::PutTaxonomyTerm(const TaxonomyTerm& t) {
  return Run<Status>(true, [&](Connection& c) {
    Params p;
    p << t.id << t.code << t.name << t.description << t.parent_id << t.taxonomy << t.taxonomy_id << t.term_uri;
    return Exec(c, Upsert("taxonomy_term", kTermCols), p);
  });
}

Result<TaxonomyTerm> SqlStore::GetTaxonomyTerm(const std::string& id) {
  return Run<Result<TaxonomyTerm>>(false, [&](Connection& c) -> Result<TaxonomyTerm> {
    Params p;
    p << id;
    NHOOD_ASSIGN_OR_RETURN(QueryResult r,
                           c.Query("SELECT " + ColumnList(kTermCols) + " FROM taxonomy_term WHERE id = ?", p.span()));
    return ReadOne<TaxonomyTerm>(r, ReadTerm, "taxonomy_term", "taxonomy_term " + id);
  });
}

Result<Page<TaxonomyTerm>> SqlStore::ListTaxonomyTerms(const TaxonomyTermQuery& q) {
  const int page = PageNumber(q.page), per_page = PerPage(q.per_page);
  return Run<Result<Page<TaxonomyTerm>>>(false, [&](Connection& c) -> Result<Page<TaxonomyTerm>> {
    Where w;
    Params p;
    if (q.taxonomy_id) { w.Add("taxonomy_id = ?"); p << *q.taxonomy_id; }
    if (q.parent_id) { w.Add("parent_id = ?"); p << *q.parent_id; }
    if (q.top_only) w.Add("parent_id IS NULL");
    Page<TaxonomyTerm> out;
    out.page_number = page;
    out.size = per_page;
    NHOOD_ASSIGN_OR_RETURN(out.total_items, Count(c, "SELECT COUNT(*) FROM taxonomy_term" + w.sql(), p));
    p << int64_t{per_page} << static_cast<int64_t>(page - 1) * per_page;
    NHOOD_ASSIGN_OR_RETURN(QueryResult r, c.Query("SELECT " + ColumnList(kTermCols) + " FROM taxonomy_term" +
                                                      w.sql() + " ORDER BY name, id LIMIT ? OFFSET ?",
                                                  p.span()));
    NHOOD_ASSIGN_OR_RETURN(out.contents, ReadAll<TaxonomyTerm>(r, ReadTerm, "taxonomy_term"));
    return out;
  });
}

// ---- users, teams, sessions, login attempts, audit ----
Result<int64_t> SqlStore::AddUser(const User& u) {
  return Run<Result<int64_t>>(true, [&](Connection& c) -> Result<int64_t> {
    Params k;
    k << u.username;
    NHOOD_ASSIGN_OR_RETURN(int64_t taken, Count(c, "SELECT COUNT(*) FROM app_user WHERE username = ?", k));
    if (taken) return Error{StatusCode::kFailedPrecondition, "username '" + u.username + "' is taken", "username"};
    Params p;
    p << u.username << u.display_name << RoleName(u.role) << u.password_hash << u.team_id << u.active
      << (u.created_at == Time{} ? Now() : u.created_at);
    return InsertId(c, Insert("app_user", {kUserCols.begin() + 1, kUserCols.end()}, true), p);
  });
}

Result<User> SqlStore::GetUser(int64_t id) {
  return Run<Result<User>>(false, [&](Connection& c) -> Result<User> {
    Params p;
    p << id;
    NHOOD_ASSIGN_OR_RETURN(QueryResult r,
                           c.Query("SELECT " + ColumnList(kUserCols) + " FROM app_user WHERE id = ?", p.span()));
    return ReadOne<User>(r, ReadUser, "app_user", "user " + std::to_string(id));
  });
}

Result<User> SqlStore::FindUserByUsername(const std::string& username) {
  return Run<Result<User>>(false, [&](Connection& c) -> Result<User> {
    Params p;
    p << username;
    NHOOD_ASSIGN_OR_RETURN(
        QueryResult r, c.Query("SELECT " + ColumnList(kUserCols) + " FROM app_user WHERE username = ?", p.span()));
    return ReadOne<User>(r, ReadUser, "app_user", "user '" + username + "'");
  });
}

Result<std::vector<User>> SqlStore::ListUsers() {
  return Run<Result<std::vector<User>>>(false, [&](Connection& c) -> Result<std::vector<User>> {
    NHOOD_ASSIGN_OR_RETURN(QueryResult r, c.Query("SELECT " + ColumnList(kUserCols) + " FROM app_user ORDER BY id", {}));
    return ReadAll<User>(r, ReadUser, "app_user");
  });
}

Status SqlStore::UpdateUser(const User& u) {
  return Run<Status>(true, [&](Connection& c) -> Status {
    Params p;
    p << u.username << u.display_name << RoleName(u.role) << u.password_hash << u.team_id << u.active << u.id;
    NHOOD_ASSIGN_OR_RETURN(QueryResult r,
                           c.Query("UPDATE app_user SET username = ?, display_name = ?, role = ?, password_hash = ?, "
                                   "team_id = ?, active = ? WHERE id = ?",
                                   p.span()));
    return NotFoundUnless(r.affected, "user " + std::to_string(u.id));
  });
}

Result<int64_t> SqlStore::AddTeam(const Team& t) {
  return Run<Result<int64_t>>(true, [&](Connection& c) {
    Params p;
    p << t.name;
    return InsertId(c, "INSERT INTO team (name) VALUES (?) RETURNING id", p);
  });
}

Result<std::vector<Team>> SqlStore::ListTeams() {
  return Run<Result<std::vector<Team>>>(false, [&](Connection& c) -> Result<std::vector<Team>> {
    NHOOD_ASSIGN_OR_RETURN(QueryResult r, c.Query("SELECT id, name FROM team ORDER BY id", {}));
    return ReadAll<Team>(r, [](Cursor& k) { Team t; t.id = k.I(); t.name = k.S(); return t; }, "team");
  });
}

Status SqlStore::AddSession(const Session& s) {
  return Run<Status>(true, [&](Connection& c) {
    Params p;
    p << s.token_hash << s.user_id << s.csrf_token_hash << s.created_at << s.last_seen_at << s.idle_expires_at
      << s.absolute_expires_at << s.address << s.user_agent;
    return Exec(c, Insert("session", kSessionCols, false), p);
  });
}

Result<Session> SqlStore::GetSession(const std::string& token_hash) {
  return Run<Result<Session>>(false, [&](Connection& c) -> Result<Session> {
    Params p;
    p << token_hash;
    NHOOD_ASSIGN_OR_RETURN(
        QueryResult r, c.Query("SELECT " + ColumnList(kSessionCols) + " FROM session WHERE token_hash = ?", p.span()));
    return ReadOne<Session>(r, ReadSession, "session", "session");
  });
}

Status SqlStore::TouchSession(const std::string& token_hash, Time last_seen_at, Time idle_expires_at) {
  return Run<Status>(true, [&](Connection& c) -> Status {
    Params p;
    p << last_seen_at << idle_expires_at << token_hash;
    NHOOD_ASSIGN_OR_RETURN(
        QueryResult r,
        c.Query("UPDATE session SET last_seen_at = ?, idle_expires_at = ? WHERE token_hash = ?", p.span()));
    return NotFoundUnless(r.affected, "session");
  });
}

Status SqlStore::DeleteSession(const std::string& token_hash) {
  return Run<Status>(true, [&](Connection& c) {
    Params p;
    p << token_hash;
    return Exec(c, "DELETE FROM session WHERE token_hash = ?", p);
  });
}

Status SqlStore::DeleteUserSessions(int64_t user_id) {
  return Run<Status>(true, [&](Connection& c) {
    Params p;
    p << user_id;
    return Exec(c, "DELETE FROM session WHERE user_id = ?", p);
  });
}

Result<int64_t> SqlStore::DeleteExpiredSessions(Time now) {
  return Run<Result<int64_t>>(true, [&](Connection& c) -> Result<int64_t> {
    Params p;
    p << now << now;
    NHOOD_ASSIGN_OR_RETURN(
        QueryResult r, c.Query("DELETE FROM session WHERE idle_expires_at <= ? OR absolute_expires_at <= ?", p.span()));
    return r.affected;
  });
}

Status SqlStore::AddLoginAttempt(const LoginAttempt& a) {
  return Run<Status>(true, [&](Connection& c) {
    Params p;
    p << a.username << a.address << a.at << a.succeeded;
    return Exec(c, "INSERT INTO login_attempt (username, address, at, succeeded) VALUES (?, ?, ?, ?)", p);
  });
}

Result<int64_t> SqlStore::CountFailedLogins(const LoginAttemptFilter& f) {
  if (!f.username && !f.address) return InvalidArgument("CountFailedLogins needs a username or an address");
  return Run<Result<int64_t>>(false, [&](Connection& c) {
    std::string key;
    Params keyp;
    if (f.username) { key += " AND username = ?"; keyp << *f.username; }
    if (f.address) { key += " AND address = ?"; keyp << *f.address; }
    Params p;
    p << f.since;
    if (f.username) p << *f.username;
    if (f.address) p << *f.address;
    if (f.username) p << *f.username;
    if (f.address) p << *f.address;
    return Count(c,
                 "SELECT COUNT(*) FROM login_attempt WHERE succeeded = 0 AND at >= ?" + key +
                     " AND id > COALESCE((SELECT MAX(id) FROM login_attempt WHERE succeeded = 1" + key + "), 0)",
                 p);
  });
}

Result<int64_t> SqlStore::AppendAudit(const AuditEvent& e) {
  return Run<Result<int64_t>>(true, [&](Connection& c) {
    Params p;
    p << (e.at == Time{} ? Now() : e.at) << e.user_id << e.username << e.action << e.record_type << e.record_id
      << AuditOutcomeName(e.outcome) << e.detail << e.address << e.request_id;
    return InsertId(c, Insert("audit_event", {kAuditCols.begin() + 1, kAuditCols.end()}, true), p);
  });
}

Result<std::vector<AuditEvent>> SqlStore::ListAudit(const AuditQuery& q) {
  return Run<Result<std::vector<AuditEvent>>>(false, [&](Connection& c) -> Result<std::vector<AuditEvent>> {
    Where w;
    Params p;
    w.Add("id > ?");
    p << q.after_id;
    if (q.from) { w.Add("at >= ?"); p << *q.from; }
    if (q.to) { w.Add("at < ?"); p << *q.to; }
    if (q.user_id) { w.Add("user_id = ?"); p << *q.user_id; }
    if (q.record_type) { w.Add("record_type = ?"); p << *q.record_type; }
    if (q.record_id) { w.Add("record_id = ?"); p << *q.record_id; }
    p << int64_t{Limit(q.limit)};
    NHOOD_ASSIGN_OR_RETURN(QueryResult r, c.Query("SELECT " + ColumnList(kAuditCols) + " FROM audit_event" + w.sql() +
                                                      " ORDER BY id LIMIT ?",
                                                  p.span()));
    std::vector<AuditEvent> out;
    for (const Row& row : r.rows) {
      Cursor k(row);
      bool ok = true;
      out.push_back(ReadAudit(k, &ok));
      if (!ok || !k.ok()) return Corrupt("audit_event");
    }
    return out;
  });
}

// ---- residents and caseloads ----
Result<int64_t> SqlStore::AddResident(const Resident& r) {
  if (r.pseudonym.empty()) return InvalidField("pseudonym", "pseudonym is required");
  return Run<Result<int64_t>>(true, [&](Connection& c) {
    const Time now = Now();
    Params p;
    p << r.pseudonym;
    BindResidentFields(p, r);
    p << r.created_by << (r.created_at == Time{} ? now : r.created_at)
      << (r.updated_at == Time{} ? now : r.updated_at) << r.erased;
    return InsertId(c, Insert("resident", {kResidentCols.begin() + 1, kResidentCols.end()}, true), p);
  });
}

Result<Resident> SqlStore::GetResident(int64_t id) {
  return Run<Result<Resident>>(false, [&](Connection& c) -> Result<Resident> {
    Params p;
    p << id;
    NHOOD_ASSIGN_OR_RETURN(QueryResult r,
                           c.Query("SELECT " + ColumnList(kResidentCols) + " FROM resident WHERE id = ?", p.span()));
    return ReadOne<Resident>(r, ReadResident, "resident", "resident " + std::to_string(id));
  });
}

Status SqlStore::UpdateResident(const Resident& r) {
  return Run<Status>(true, [&](Connection& c) -> Status {
    Params p;
    BindResidentFields(p, r);
    p << (r.updated_at == Time{} ? Now() : r.updated_at) << r.erased << r.id;
    NHOOD_ASSIGN_OR_RETURN(
        QueryResult q,
        c.Query("UPDATE resident SET name = ?, date_of_birth = ?, sex = ?, ethnicity = ?, postcode = ?, lsoa = ?, "
                "gp_practice = ?, contact_preferred = ?, contact_phone = ?, contact_email = ?, contact_address = ?, "
                "contact_ok_to_leave_message = ?, contact_notes = ?, updated_at = ?, erased = ? WHERE id = ?",
                p.span()));
    return NotFoundUnless(q.affected, "resident " + std::to_string(r.id));
  });
}

Result<std::vector<Resident>> SqlStore::FindResidents(const ResidentQuery& q) {
  return Run<Result<std::vector<Resident>>>(false, [&](Connection& c) -> Result<std::vector<Resident>> {
    Where w;
    Params p;
    w.Add("id > ?");
    p << q.after_id;
    if (q.name_contains) { w.Add("lower(name) LIKE ? ESCAPE '\\'"); p << LikePattern(*q.name_contains); }
    if (q.postcode) { w.Add("postcode = ?"); p << *q.postcode; }
    if (q.lsoa) { w.Add("lsoa = ?"); p << *q.lsoa; }
    if (!q.include_erased) w.Add("erased = 0");
    p << int64_t{Limit(q.limit)};
    NHOOD_ASSIGN_OR_RETURN(QueryResult r, c.Query("SELECT " + ColumnList(kResidentCols) + " FROM resident" + w.sql() +
                                                      " ORDER BY id LIMIT ?",
                                                  p.span()));
    return ReadAll<Resident>(r, ReadResident, "resident");
  });
}

Status SqlStore::EraseResident(int64_t id, Time at) {
  return Run<Status>(true, [&](Connection& c) -> Status {
    // Freed and overwritten cells are zeroed, not left in the file's free space.
    if (dialect_ == Dialect::kSqlite) NHOOD_RETURN_IF_ERROR(c.Exec("PRAGMA secure_delete = ON"));
    Params p;
    p << at << id;
    NHOOD_ASSIGN_OR_RETURN(
        QueryResult r,
        c.Query("UPDATE resident SET name = '', date_of_birth = NULL, ethnicity = NULL, postcode = NULL, "
                "gp_practice = NULL, contact_preferred = NULL, contact_phone = NULL, contact_email = NULL, "
                "contact_address = NULL, contact_ok_to_leave_message = 0, contact_notes = NULL, updated_at = ?, "
                "erased = 1 WHERE id = ?",
                p.span()));
    NHOOD_RETURN_IF_ERROR(NotFoundUnless(r.affected, "resident " + std::to_string(id)));
    Params k;
    k << id;
    for (const char* sql : {"UPDATE contact SET notes = NULL WHERE resident_id = ?",
                            "UPDATE need SET description = NULL WHERE resident_id = ?",
                            "UPDATE goal SET what_matters = '' WHERE resident_id = ?",
                            "UPDATE outcome SET concerns = '' WHERE resident_id = ?",
                            "UPDATE consent SET note = NULL WHERE resident_id = ?",
                            "UPDATE onward_referral SET outcome = NULL WHERE resident_id = ?",
                            "UPDATE referral_transition SET note = NULL WHERE referral_id IN "
                            "(SELECT id FROM referral WHERE resident_id = ?)",
                            "DELETE FROM caseload WHERE resident_id = ?"}) {
      NHOOD_RETURN_IF_ERROR(Exec(c, sql, k));
    }
    return Status::Ok();
  });
}

Status SqlStore::AddToCaseload(const CaseloadEntry& e) {
  return Run<Status>(true, [&](Connection& c) {
    Params p;
    p << e.user_id << e.resident_id << CaseloadReasonName(e.reason) << (e.since == Time{} ? Now() : e.since);
    return Exec(c,
                "INSERT INTO caseload (user_id, resident_id, reason, since) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (user_id, resident_id) DO NOTHING",
                p);
  });
}

Status SqlStore::RemoveFromCaseload(int64_t user_id, int64_t resident_id) {
  return Run<Status>(true, [&](Connection& c) {
    Params p;
    p << user_id << resident_id;
    return Exec(c, "DELETE FROM caseload WHERE user_id = ? AND resident_id = ?", p);
  });
}

Result<std::vector<CaseloadEntry>> SqlStore::ListCaseloadEntries(int64_t resident_id) {
  return Run<Result<std::vector<CaseloadEntry>>>(false, [&](Connection& c) -> Result<std::vector<CaseloadEntry>> {
    Params p;
    p << resident_id;
    NHOOD_ASSIGN_OR_RETURN(
        QueryResult r,
        c.Query("SELECT user_id, resident_id, reason, since FROM caseload WHERE resident_id = ? ORDER BY user_id",
                p.span()));
    return ReadAll<CaseloadEntry>(
        r,
        [](Cursor& k) {
          CaseloadEntry e;
          e.user_id = k.I(); e.resident_id = k.I(); e.reason = k.En(ParseCaseloadReason); e.since = k.T();
          return e;
        },
        "caseload");
  });
}

Result<bool> SqlStore::OnCaseload(std::span<const int64_t> user_ids, int64_t resident_id) {
  if (user_ids.empty()) return false;
  return Run<Result<bool>>(false, [&](Connection& c) -> Result<bool> {
    Params p;
    p << resident_id;
    for (int64_t u : user_ids) p << u;
    NHOOD_ASSIGN_OR_RETURN(int64_t n, Count(c,
                                            "SELECT COUNT(*) FROM caseload WHERE resident_id = ? AND user_id IN (" +
                                                Placeholders(user_ids.size()) + ")",
                                            p));
    return n > 0;
  });
}

Result<std::vector<CaseloadItem>> SqlStore::ListCaseload(const CaseloadQuery& q) {
  if (!q.all && q.user_ids.empty()) return std::vector<CaseloadItem>{};
  return Run<Result<std::vector<CaseloadItem>>>(false, [&](Connection& c) -> Result<std::vector<CaseloadItem>> {
    // Driven from the caseload's (user_id, resident_id) key so a worker's
    // page costs its own rows, not a scan of every resident; one statement
    // (the page of ids, their residents, each one's latest referral by the
    // referral_resident index), since this runs on every caseload read.
    // Erasure takes a resident off every caseload, so erased residents
    // never appear.
    Params p;
    std::string where = "k.resident_id > ?";
    p << q.after_resident_id;
    if (!q.all) {
      where += " AND k.user_id IN (" + Placeholders(q.user_ids.size()) + ")";
      for (int64_t u : q.user_ids) p << u;
    }
    p << int64_t{Limit(q.limit)};
    NHOOD_ASSIGN_OR_RETURN(
        QueryResult r,
        c.Query("SELECT " + ColumnList(kResidentCols, "r.") + ", " + ColumnList(kReferralCols, "f.") +
                    " FROM (SELECT DISTINCT k.resident_id AS rid FROM caseload k WHERE " + where +
                    " ORDER BY k.resident_id LIMIT ?) page JOIN resident r ON r.id = page.rid AND r.erased = 0"
                    " LEFT JOIN referral f ON f.id = (SELECT MAX(x.id) FROM referral x WHERE x.resident_id = r.id)"
                    " ORDER BY r.id",
                p.span()));
    std::vector<CaseloadItem> out;
    out.reserve(r.rows.size());
    for (const Row& row : r.rows) {
      Cursor k(row);
      CaseloadItem item;
      item.resident = ReadResident(k);
      if (!k.NextIsNull()) item.latest_referral = ReadReferral(k);
      if (!k.ok()) return Corrupt("caseload");
      out.push_back(std::move(item));
    }
    return out;
  });
}

Result<int64_t> SqlStore::AddConsent(const Consent& x) {
  return Run<Result<int64_t>>(true, [&](Connection& c) {
    Params p;
    p << x.resident_id << ConsentKindName(x.kind) << x.given << x.date << x.recorded_by
      << (x.recorded_at == Time{} ? Now() : x.recorded_at) << x.note;
    return InsertId(c, Insert("consent", {kConsentCols.begin() + 1, kConsentCols.end()}, true), p);
  });
}

Result<std::vector<Consent>> SqlStore::ListConsents(int64_t resident_id) {
  return Run<Result<std::vector<Consent>>>(false, [&](Connection& c) -> Result<std::vector<Consent>> {
    Params p;
    p << resident_id;
    NHOOD_ASSIGN_OR_RETURN(QueryResult r, c.Query("SELECT " + ColumnList(kConsentCols) +
                                                      " FROM consent WHERE resident_id = ? ORDER BY id",
                                                  p.span()));
    return ReadAll<Consent>(r, ReadConsent, "consent");
  });
}

// ---- referrals ----
Result<int64_t> SqlStore::AddReferral(const Referral& r) {
  if (r.status != ReferralStatus::kReceived) {
    return InvalidField("status", "a new referral's status must be received");
  }
  return Run<Result<int64_t>>(true, [&](Connection& c) {
    const Time now = Now();
    Params p;
    p << r.resident_id << ReferralSourceName(r.source) << r.referrer_name << r.referrer_organisation
      << JoinList(r.reasons) << ReferralStatusName(r.status) << r.assigned_to
      << (r.received_at == Time{} ? now : r.received_at) << r.received_by
      << (r.updated_at == Time{} ? now : r.updated_at);
    return InsertId(c, Insert("referral", {kReferralCols.begin() + 1, kReferralCols.end()}, true), p);
  });
}

Result<Referral> SqlStore::GetReferral(int64_t id) {
  return Run<Result<Referral>>(false, [&](Connection& c) -> Result<Referral> {
    Params p;
    p << id;
    NHOOD_ASSIGN_OR_RETURN(QueryResult r,
                           c.Query("SELECT " + ColumnList(kReferralCols) + " FROM referral WHERE id = ?", p.span()));
    return ReadOne<Referral>(r, ReadReferral, "referral", "referral " + std::to_string(id));
  });
}

Result<std::vector<Referral>> SqlStore::ListReferrals(const ReferralQuery& q) {
  return Run<Result<std::vector<Referral>>>(false, [&](Connection& c) -> Result<std::vector<Referral>> {
    Where w;
    Params p;
    w.Add("id > ?");
    p << q.after_id;
    if (q.resident_id) { w.Add("resident_id = ?"); p << *q.resident_id; }
    if (q.assigned_to) { w.Add("assigned_to = ?"); p << *q.assigned_to; }
    if (q.status) { w.Add("status = ?"); p << ReferralStatusName(*q.status); }
    if (q.received_from) { w.Add("received_at >= ?"); p << *q.received_from; }
    if (q.received_to) { w.Add("received_at < ?"); p << *q.received_to; }
    p << int64_t{Limit(q.limit)};
    NHOOD_ASSIGN_OR_RETURN(QueryResult r, c.Query("SELECT " + ColumnList(kReferralCols) + " FROM referral" + w.sql() +
                                                      " ORDER BY id LIMIT ?",
                                                  p.span()));
    return ReadAll<Referral>(r, ReadReferral, "referral");
  });
}

Status SqlStore::UpdateReferral(const Referral& r) {
  return Run<Status>(true, [&](Connection& c) -> Status {
    Params p;
    p << ReferralSourceName(r.source) << r.referrer_name << r.referrer_organisation << JoinList(r.reasons)
      << r.assigned_to << (r.updated_at == Time{} ? Now() : r.updated_at) << r.id;
    NHOOD_ASSIGN_OR_RETURN(QueryResult q,
                           c.Query("UPDATE referral SET source = ?, referrer_name = ?, referrer_organisation = ?, "
                                   "reasons = ?, assigned_to = ?, updated_at = ? WHERE id = ?",
                                   p.span()));
    return NotFoundUnless(q.affected, "referral " + std::to_string(r.id));
  });
}

Result<int64_t> SqlStore::ApplyTransition(const Transition& t) {
  return Run<Result<int64_t>>(true, [&](Connection& c) -> Result<int64_t> {
    Params p;
    p << ReferralStatusName(t.to) << t.at << t.referral_id << ReferralStatusName(t.from);
    NHOOD_ASSIGN_OR_RETURN(
        QueryResult r, c.Query("UPDATE referral SET status = ?, updated_at = ? WHERE id = ? AND status = ?", p.span()));
    if (r.affected == 0) {
      NHOOD_RETURN_IF_ERROR(ReferralResident(c, t.referral_id, 0).status());
      return Error{StatusCode::kFailedPrecondition,
                   "referral " + std::to_string(t.referral_id) + " is no longer " +
                       std::string(ReferralStatusName(t.from)),
                   "status"};
    }
    Params q;
    q << t.referral_id << ReferralStatusName(t.from) << ReferralStatusName(t.to) << t.at << t.by << t.note;
    return InsertId(c, Insert("referral_transition", {kTransitionCols.begin() + 1, kTransitionCols.end()}, true), q);
  });
}

Result<std::vector<Transition>> SqlStore::ListTransitions(int64_t referral_id) {
  return Run<Result<std::vector<Transition>>>(false, [&](Connection& c) -> Result<std::vector<Transition>> {
    Params p;
    p << referral_id;
    NHOOD_ASSIGN_OR_RETURN(QueryResult r, c.Query("SELECT " + ColumnList(kTransitionCols) +
                                                      " FROM referral_transition WHERE referral_id = ? ORDER BY id",
                                                  p.span()));
    return ReadAll<Transition>(r, ReadTransition, "referral_transition");
  });
}

// ---- contacts, needs, goals, onward referrals, outcomes ----
Result<int64_t> SqlStore::AddContact(const Contact& x) {
  return Run<Result<int64_t>>(true, [&](Connection& c) -> Result<int64_t> {
    NHOOD_ASSIGN_OR_RETURN(int64_t resident, ReferralResident(c, x.referral_id, x.resident_id));
    Params p;
    p << x.referral_id << resident << x.date << ContactKindName(x.mode) << int64_t{x.minutes} << x.worker_id
      << x.volunteer_id << x.notes << x.created_by << (x.created_at == Time{} ? Now() : x.created_at);
    return InsertId(c, Insert("contact", {kContactCols.begin() + 1, kContactCols.end()}, true), p);
  });
}

Result<Contact> SqlStore::GetContact(int64_t id) {
  return Run<Result<Contact>>(false, [&](Connection& c) -> Result<Contact> {
    Params p;
    p << id;
    NHOOD_ASSIGN_OR_RETURN(QueryResult r,
                           c.Query("SELECT " + ColumnList(kContactCols) + " FROM contact WHERE id = ?", p.span()));
    return ReadOne<Contact>(r, ReadContact, "contact", "contact " + std::to_string(id));
  });
}

Result<std::vector<Contact>> SqlStore::ListContacts(const ContactQuery& q) {
  return Run<Result<std::vector<Contact>>>(false, [&](Connection& c) -> Result<std::vector<Contact>> {
    Where w;
    Params p;
    w.Add("id > ?");
    p << q.after_id;
    if (q.referral_id) { w.Add("referral_id = ?"); p << *q.referral_id; }
    if (q.resident_id) { w.Add("resident_id = ?"); p << *q.resident_id; }
    if (q.worker_id) { w.Add("worker_id = ?"); p << *q.worker_id; }
    if (q.volunteer_id) { w.Add("volunteer_id = ?"); p << *q.volunteer_id; }
    if (q.from) { w.Add("date >= ?"); p << *q.from; }
    if (q.to) { w.Add("date < ?"); p << *q.to; }
    p << int64_t{Limit(q.limit)};
    NHOOD_ASSIGN_OR_RETURN(QueryResult r, c.Query("SELECT " + ColumnList(kContactCols) + " FROM contact" + w.sql() +
                                                      " ORDER BY id LIMIT ?",
                                                  p.span()));
    return ReadAll<Contact>(r, ReadContact, "contact");
  });
}

Result<int64_t> SqlStore::AddNeed(const Need& n) {
  return Run<Result<int64_t>>(true, [&](Connection& c) -> Result<int64_t> {
    NHOOD_ASSIGN_OR_RETURN(int64_t resident, ReferralResident(c, n.referral_id, n.resident_id));
    Params p;
    p << n.referral_id << resident << n.category << n.description << n.identified_on << n.recorded_by;
    return InsertId(c, Insert("need", {kNeedCols.begin() + 1, kNeedCols.end()}, true), p);
  });
}

Result<std::vector<Need>> SqlStore::ListNeeds(int64_t referral_id) {
  return Run<Result<std::vector<Need>>>(false, [&](Connection& c) -> Result<std::vector<Need>> {
    Params p;
    p << referral_id;
    NHOOD_ASSIGN_OR_RETURN(
        QueryResult r,
        c.Query("SELECT " + ColumnList(kNeedCols) + " FROM need WHERE referral_id = ? ORDER BY id", p.span()));
    return ReadAll<Need>(r, ReadNeed, "need");
  });
}

Result<int64_t> SqlStore::AddGoal(const Goal& g) {
  return Run<Result<int64_t>>(true, [&](Connection& c) -> Result<int64_t> {
    NHOOD_ASSIGN_OR_RETURN(int64_t resident, ReferralResident(c, g.referral_id, g.resident_id));
    Params p;
    p << g.referral_id << resident << g.what_matters << GoalStatusName(g.status) << g.set_on << g.reviewed_on
      << g.recorded_by;
    return InsertId(c, Insert("goal", {kGoalCols.begin() + 1, kGoalCols.end()}, true), p);
  });
}

Status SqlStore::UpdateGoal(const Goal& g) {
  return Run<Status>(true, [&](Connection& c) -> Status {
    Params p;
    p << g.what_matters << GoalStatusName(g.status) << g.reviewed_on << g.id;
    NHOOD_ASSIGN_OR_RETURN(
        QueryResult r, c.Query("UPDATE goal SET what_matters = ?, status = ?, reviewed_on = ? WHERE id = ?", p.span()));
    return NotFoundUnless(r.affected, "goal " + std::to_string(g.id));
  });
}

Result<std::vector<Goal>> SqlStore::ListGoals(int64_t referral_id) {
  return Run<Result<std::vector<Goal>>>(false, [&](Connection& c) -> Result<std::vector<Goal>> {
    Params p;
    p << referral_id;
    NHOOD_ASSIGN_OR_RETURN(
        QueryResult r,
        c.Query("SELECT " + ColumnList(kGoalCols) + " FROM goal WHERE referral_id = ? ORDER BY id", p.span()));
    return ReadAll<Goal>(r, ReadGoal, "goal");
  });
}

Result<int64_t> SqlStore::AddOnwardReferral(const OnwardReferral& o) {
  return Run<Result<int64_t>>(true, [&](Connection& c) -> Result<int64_t> {
    NHOOD_ASSIGN_OR_RETURN(int64_t resident, ReferralResident(c, o.referral_id, o.resident_id));
    Params p;
    p << o.referral_id << resident << o.service_id << OnwardStatusName(o.status) << o.sent_on << o.status_on
      << o.outcome << o.created_by << (o.updated_at == Time{} ? Now() : o.updated_at);
    return InsertId(c, Insert("onward_referral", {kOnwardCols.begin() + 1, kOnwardCols.end()}, true), p);
  });
}

Result<OnwardReferral> SqlStore::GetOnwardReferral(int64_t id) {
  return Run<Result<OnwardReferral>>(false, [&](Connection& c) -> Result<OnwardReferral> {
    Params p;
    p << id;
    NHOOD_ASSIGN_OR_RETURN(
        QueryResult r, c.Query("SELECT " + ColumnList(kOnwardCols) + " FROM onward_referral WHERE id = ?", p.span()));
    return ReadOne<OnwardReferral>(r, ReadOnward, "onward_referral", "onward referral " + std::to_string(id));
  });
}

Status SqlStore::UpdateOnwardReferral(const OnwardReferral& o) {
  return Run<Status>(true, [&](Connection& c) -> Status {
    Params p;
    p << OnwardStatusName(o.status) << o.status_on << o.outcome << (o.updated_at == Time{} ? Now() : o.updated_at)
      << o.id;
    NHOOD_ASSIGN_OR_RETURN(
        QueryResult r,
        c.Query("UPDATE onward_referral SET status = ?, status_on = ?, outcome = ?, updated_at = ? WHERE id = ?",
                p.span()));
    return NotFoundUnless(r.affected, "onward referral " + std::to_string(o.id));
  });
}

Result<std::vector<OnwardReferral>> SqlStore::ListOnwardReferrals(const OnwardReferralQuery& q) {
  return Run<Result<std::vector<OnwardReferral>>>(false, [&](Connection& c) -> Result<std::vector<OnwardReferral>> {
    Where w;
    Params p;
    w.Add("id > ?");
    p << q.after_id;
    if (q.referral_id) { w.Add("referral_id = ?"); p << *q.referral_id; }
    if (q.service_id) { w.Add("service_id = ?"); p << *q.service_id; }
    p << int64_t{Limit(q.limit)};
    NHOOD_ASSIGN_OR_RETURN(QueryResult r, c.Query("SELECT " + ColumnList(kOnwardCols) + " FROM onward_referral" +
                                                      w.sql() + " ORDER BY id LIMIT ?",
                                                  p.span()));
    return ReadAll<OnwardReferral>(r, ReadOnward, "onward_referral");
  });
}

Result<int64_t> SqlStore::AddOutcome(const Outcome& o) {
  return Run<Result<int64_t>>(true, [&](Connection& c) -> Result<int64_t> {
    NHOOD_ASSIGN_OR_RETURN(int64_t resident, ReferralResident(c, o.referral_id, o.resident_id));
    Params p;
    p << o.referral_id << resident << MeasureName(o.measure) << TimepointName(o.timepoint) << o.date
      << JoinInts(o.items) << JoinList(o.concerns) << o.recorded_by
      << (o.recorded_at == Time{} ? Now() : o.recorded_at);
    return InsertId(c, Insert("outcome", {kOutcomeCols.begin() + 1, kOutcomeCols.end()}, true), p);
  });
}

Result<std::vector<Outcome>> SqlStore::ListOutcomes(const OutcomeQuery& q) {
  return Run<Result<std::vector<Outcome>>>(false, [&](Connection& c) -> Result<std::vector<Outcome>> {
    Where w;
    Params p;
    w.Add("id > ?");
    p << q.after_id;
    if (q.referral_id) { w.Add("referral_id = ?"); p << *q.referral_id; }
    if (q.resident_id) { w.Add("resident_id = ?"); p << *q.resident_id; }
    if (q.measure) { w.Add("measure = ?"); p << MeasureName(*q.measure); }
    p << int64_t{Limit(q.limit)};
    NHOOD_ASSIGN_OR_RETURN(QueryResult r, c.Query("SELECT " + ColumnList(kOutcomeCols) + " FROM outcome" + w.sql() +
                                                      " ORDER BY id LIMIT ?",
                                                  p.span()));
    std::vector<Outcome> out;
    for (const Row& row : r.rows) {
      Cursor k(row);
      bool ok = true;
      out.push_back(ReadOutcome(k, &ok));
      if (!ok || !k.ok()) return Corrupt("outcome");
    }
    return out;
  });
}

// ---- volunteers ----
Result<int64_t> SqlStore::AddVolunteer(const Volunteer& v) {
  return Run<Result<int64_t>>(true, [&](Connection& c) {
    Params p;
    p << v.user_id << v.name << v.active << v.started_on;
    return InsertId(c, Insert("volunteer", {kVolunteerCols.begin() + 1, kVolunteerCols.end()}, true), p);
  });
}

Result<Volunteer> SqlStore::GetVolunteer(int64_t id) {
  return Run<Result<Volunteer>>(false, [&](Connection& c) -> Result<Volunteer> {
    Params p;
    p << id;
    NHOOD_ASSIGN_OR_RETURN(QueryResult r,
                           c.Query("SELECT " + ColumnList(kVolunteerCols) + " FROM volunteer WHERE id = ?", p.span()));
    return ReadOne<Volunteer>(r, ReadVolunteer, "volunteer", "volunteer " + std::to_string(id));
  });
}

Result<Volunteer> SqlStore::FindVolunteerByUser(int64_t user_id) {
  return Run<Result<Volunteer>>(false, [&](Connection& c) -> Result<Volunteer> {
    Params p;
    p << user_id;
    NHOOD_ASSIGN_OR_RETURN(
        QueryResult r, c.Query("SELECT " + ColumnList(kVolunteerCols) + " FROM volunteer WHERE user_id = ?", p.span()));
    return ReadOne<Volunteer>(r, ReadVolunteer, "volunteer", "volunteer for user " + std::to_string(user_id));
  });
}

Status SqlStore::UpdateVolunteer(const Volunteer& v) {
  return Run<Status>(true, [&](Connection& c) -> Status {
    Params p;
    p << v.user_id << v.name << v.active << v.started_on << v.id;
    NHOOD_ASSIGN_OR_RETURN(
        QueryResult r,
        c.Query("UPDATE volunteer SET user_id = ?, name = ?, active = ?, started_on = ? WHERE id = ?", p.span()));
    return NotFoundUnless(r.affected, "volunteer " + std::to_string(v.id));
  });
}

Result<std::vector<Volunteer>> SqlStore::ListVolunteers() {
  return Run<Result<std::vector<Volunteer>>>(false, [&](Connection& c) -> Result<std::vector<Volunteer>> {
    NHOOD_ASSIGN_OR_RETURN(QueryResult r,
                           c.Query("SELECT " + ColumnList(kVolunteerCols) + " FROM volunteer ORDER BY id", {}));
    return ReadAll<Volunteer>(r, ReadVolunteer, "volunteer");
  });
}

Result<int64_t> SqlStore::AddVolunteerHours(const VolunteerHours& h) {
  return Run<Result<int64_t>>(true, [&](Connection& c) {
    Params p;
    p << h.volunteer_id << h.date << h.hours << h.activity << h.recorded_by;
    return InsertId(c, Insert("volunteer_hours", {kHoursCols.begin() + 1, kHoursCols.end()}, true), p);
  });
}

Result<std::vector<VolunteerHours>> SqlStore::ListVolunteerHours(const VolunteerHoursQuery& q) {
  return Run<Result<std::vector<VolunteerHours>>>(false, [&](Connection& c) -> Result<std::vector<VolunteerHours>> {
    Where w;
    Params p;
    w.Add("id > ?");
    p << q.after_id;
    if (q.volunteer_id) { w.Add("volunteer_id = ?"); p << *q.volunteer_id; }
    if (q.from) { w.Add("date >= ?"); p << *q.from; }
    if (q.to) { w.Add("date < ?"); p << *q.to; }
    p << int64_t{Limit(q.limit)};
    NHOOD_ASSIGN_OR_RETURN(QueryResult r, c.Query("SELECT " + ColumnList(kHoursCols) + " FROM volunteer_hours" +
                                                      w.sql() + " ORDER BY id LIMIT ?",
                                                  p.span()));
    return ReadAll<VolunteerHours>(r, ReadHours, "volunteer_hours");
  });
}

// ---- upkeep ----
Status SqlStore::Optimize() {
  if (bound_) return bound_->Exec("ANALYZE");
  NHOOD_ASSIGN_OR_RETURN(Pool::Lease c, pool_->Acquire());
  // PostgreSQL: VACUUM too (outside a transaction), so the visibility map
  // lets the dashboard's covering indexes be read without the table.
  return c->Exec(dialect_ == Dialect::kPostgres ? "VACUUM ANALYZE" : "ANALYZE");
}

// ---- reports ----
Result<ActivitySummary> SqlStore::SummariseActivity(const ActivityQuery& q) {
  if (std::chrono::sys_days(q.to) < std::chrono::sys_days(q.from)) {
    return InvalidField("to", "to " + FormatDate(q.to) + " is before from " + FormatDate(q.from));
  }
  const Time t_from{std::chrono::sys_days(q.from)}, t_to{std::chrono::sys_days(q.to)};
  return Run<Result<ActivitySummary>>(false, [&](Connection& c) -> Result<ActivitySummary> {
    ActivitySummary out;
    auto tallies = [&](const std::string& sql, const Params& p) -> Result<std::vector<Tally>> {
      NHOOD_ASSIGN_OR_RETURN(QueryResult r, c.Query(sql, p.span()));
      return ReadAll<Tally>(r, [](Cursor& k) { Tally t; t.key = k.S(); t.count = k.I(); return t; }, "tally");
    };
    Params times;
    times << t_from << t_to;
    Params dates;
    dates << q.from << q.to;
    // Totals are the sums of their breakdowns: one pass each, in the order
    // of a covering index (migration 5).
    auto total = [](const std::vector<Tally>& ts) {
      int64_t n = 0;
      for (const Tally& t : ts) n += t.count;
      return n;
    };
    NHOOD_ASSIGN_OR_RETURN(out.referrals_by_source,
                           tallies("SELECT source, COUNT(*) FROM referral WHERE received_at >= ? AND received_at < ? "
                                   "GROUP BY source ORDER BY source",
                                   times));
    out.referrals_received = total(out.referrals_by_source);
    NHOOD_ASSIGN_OR_RETURN(out.transitions_to,
                           tallies("SELECT to_status, COUNT(*) FROM referral_transition WHERE at >= ? AND at < ? "
                                   "GROUP BY to_status ORDER BY to_status",
                                   times));
    NHOOD_ASSIGN_OR_RETURN(QueryResult cs, c.Query("SELECT mode, COUNT(*), COALESCE(SUM(minutes), 0) FROM contact "
                                                   "WHERE date >= ? AND date < ? GROUP BY mode ORDER BY mode",
                                                   dates.span()));
    bool ok = true;
    for (const Row& row : cs.rows) {
      out.contacts_by_mode.push_back({.key = row.Text(0), .count = row.Int(1, &ok)});
      out.contacts += out.contacts_by_mode.back().count;
      out.contact_minutes += row.Int(2, &ok);
    }
    if (!ok) return Corrupt("contact summary");
    // SQLite: a contact's resident is its referral's (AddContact checks),
    // so the distinct residents of the referrals with a contact in the
    // period, one probe of contact(referral_id, date) each in referral id
    // order (no sort of every contact). PostgreSQL hashes the contacts
    // faster than it semi-joins them.
    NHOOD_ASSIGN_OR_RETURN(out.residents_contacted,
                           Count(c,
                                 dialect_ == Dialect::kSqlite
                                     ? "SELECT COUNT(DISTINCT r.resident_id) FROM referral r WHERE EXISTS (SELECT 1 "
                                       "FROM contact k WHERE k.referral_id = r.id AND k.date >= ? AND k.date < ?)"
                                     : "SELECT COUNT(DISTINCT resident_id) FROM contact WHERE date >= ? AND date < ?",
                                 dates));
    NHOOD_ASSIGN_OR_RETURN(out.onward_by_status,
                           tallies("SELECT o.status, SUM(o.n) FROM (SELECT service_id, status, COUNT(*) AS n "
                                   "FROM onward_referral WHERE sent_on >= ? AND sent_on < ? GROUP BY service_id, status) o "
                                   "GROUP BY o.status ORDER BY o.status",
                                   dates));
    out.onward_referrals_sent = total(out.onward_by_status);
    NHOOD_ASSIGN_OR_RETURN(
        QueryResult vh,
        c.Query("SELECT COALESCE(SUM(hours), 0), COUNT(DISTINCT volunteer_id) FROM volunteer_hours "
                "WHERE date >= ? AND date < ?",
                dates.span()));
    out.volunteer_hours = vh.rows.at(0).Double(0, &ok);
    out.volunteers_active = vh.rows.at(0).Int(1, &ok);
    if (!ok) return Corrupt("volunteer summary");
    return out;
  });
}

// ---- dashboard reports: one grouped query each ----
namespace {

Status CheckPeriod(const ActivityQuery& q) {
  if (std::chrono::sys_days(q.to) < std::chrono::sys_days(q.from)) {
    return InvalidField("to", "to " + FormatDate(q.to) + " is before from " + FormatDate(q.from));
  }
  return Status::Ok();
}

constexpr const char* kFinalStatuses = "('closed', 'declined', 'did_not_engage')";

// No contact first, then by days, then closed before open (the databases
// order NULLs differently).
void SortWaitCells(std::vector<WaitCell>& cells) {
  std::sort(cells.begin(), cells.end(), [](const WaitCell& a, const WaitCell& b) {
    if (a.days.has_value() != b.days.has_value()) return !a.days.has_value();
    if (a.days != b.days) return *a.days < *b.days;
    return a.open < b.open;
  });
}

}  // namespace

Result<Caseloads> SqlStore::SummariseWorkerCaseloads(const ActivityQuery& q) {
  NHOOD_RETURN_IF_ERROR(CheckPeriod(q));
  const Time t_from{std::chrono::sys_days(q.from)}, t_to{std::chrono::sys_days(q.to)};
  Params p;
  p << t_from << t_to << t_from << t_to;
  // People, not referrals: COUNT(DISTINCT …) of the residents whose
  // referral is in the period (or open), NULL for the others. COALESCE:
  // the whole service's SUM over no referrals is NULL.
  const std::string in_period = "CASE WHEN received_at >= ? AND received_at < ? THEN ";
  const std::string counts = "COUNT(DISTINCT " + in_period + "resident_id END), COALESCE(SUM(" + in_period +
                             "1 ELSE 0 END), 0), COUNT(DISTINCT CASE WHEN status NOT IN " + kFinalStatuses +
                             " THEN resident_id END) FROM referral";
  return Run<Result<Caseloads>>(false, [&](Connection& c) -> Result<Caseloads> {
    auto read = [](Cursor& k) {
      WorkerCaseload w;
      w.user_id = k.OI().value_or(0);
      w.people = k.I();
      w.referrals = k.I();
      w.open_now = k.I();
      return w;
    };
    Caseloads out;
    NHOOD_ASSIGN_OR_RETURN(QueryResult r, c.Query("SELECT assigned_to, " + counts + " GROUP BY assigned_to", p.span()));
    NHOOD_ASSIGN_OR_RETURN(out.workers, ReadAll<WorkerCaseload>(r, read, "worker caseload"));
    std::sort(out.workers.begin(), out.workers.end(),
              [](const WorkerCaseload& a, const WorkerCaseload& b) { return a.user_id < b.user_id; });
    NHOOD_ASSIGN_OR_RETURN(QueryResult all, c.Query("SELECT NULL, " + counts, p.span()));
    NHOOD_ASSIGN_OR_RETURN(out.all, ReadOne<WorkerCaseload>(all, read, "service caseload", "service caseload"));
    return out;
  });
}

Result<std::vector<WaitCell>> SqlStore::ListWaitCells(const ActivityQuery& q) {
  NHOOD_RETURN_IF_ERROR(CheckPeriod(q));
  Params p;
  p << Time{std::chrono::sys_days(q.from)} << Time{std::chrono::sys_days(q.to)};
  // The first contact is one probe of contact(referral_id, date) per
  // referral (ORDER BY … LIMIT 1: SQLite reads one index entry, where MIN
  // reads them all).
  const std::string first = "(SELECT c.date FROM contact c WHERE c.referral_id = r.id ORDER BY c.date LIMIT 1)";
  const std::string open = std::string("CASE WHEN r.status IN ") + kFinalStatuses + " THEN 0 ELSE 1 END";
  if (dialect_ == Dialect::kPostgres) {
    const std::string sql =
        "SELECT w.days, w.open, COUNT(*) FROM (SELECT CAST(" + first +
        " AS DATE) - CAST(to_timestamp(r.received_at) AT TIME ZONE 'UTC' AS DATE) AS days, " + open +
        " AS open FROM referral r WHERE r.received_at >= ? AND r.received_at < ?) w GROUP BY w.days, w.open";
    return Run<Result<std::vector<WaitCell>>>(false, [&](Connection& c) -> Result<std::vector<WaitCell>> {
      NHOOD_ASSIGN_OR_RETURN(QueryResult r, c.Query(sql, p.span()));
      NHOOD_ASSIGN_OR_RETURN(std::vector<WaitCell> cells, ReadAll<WaitCell>(
                                                              r,
                                                              [](Cursor& k) {
                                                                WaitCell w;
                                                                w.days = k.OI();
                                                                w.open = k.B();
                                                                w.referrals = k.I();
                                                                return w;
                                                              },
                                                              "wait cell"));
      SortWaitCells(cells);
      return cells;
    });
  }
  // SQLite: the referrals in id order (NOT INDEXED: the probes then walk
  // contact(referral_id, date) in order, twice as fast as in received_at
  // order), one row each, grouped here (cheaper than SQLite's sorter).
  const std::string sql = "SELECT r.received_at, " + open + ", " + first +
                          " FROM referral r NOT INDEXED WHERE r.received_at >= ? AND r.received_at < ?";
  return Run<Result<std::vector<WaitCell>>>(false, [&](Connection& c) -> Result<std::vector<WaitCell>> {
    NHOOD_ASSIGN_OR_RETURN(QueryResult r, c.Query(sql, p.span()));
    std::map<std::pair<std::optional<int64_t>, bool>, int64_t> grouped;
    for (const Row& row : r.rows) {
      Cursor k(row);
      const Time at = k.T();
      const bool is_open = k.B();
      const std::optional<Date> on = k.ODt();
      if (!k.ok()) return Corrupt("wait cell");
      std::optional<int64_t> days;
      if (on) days = (std::chrono::sys_days(*on) - std::chrono::sys_days(DateOf(at))).count();
      ++grouped[{days, is_open}];
    }
    std::vector<WaitCell> cells;
    for (const auto& [key, n] : grouped) cells.push_back({.days = key.first, .open = key.second, .referrals = n});
    SortWaitCells(cells);
    return cells;
  });
}

Result<std::vector<OnwardCell>> SqlStore::SummariseOnwardByOrganisation(const ActivityQuery& q) {
  NHOOD_RETURN_IF_ERROR(CheckPeriod(q));
  Params p;
  p << q.from << q.to;
  return Run<Result<std::vector<OnwardCell>>>(false, [&](Connection& c) -> Result<std::vector<OnwardCell>> {
    NHOOD_ASSIGN_OR_RETURN(
        QueryResult r,
        // Grouped by service first (in the order of onward_referral(service_id,
        // status, sent_on)), then joined to the directory: a few hundred rows
        // to join, not one per onward referral.
        c.Query("SELECT COALESCE(g.id, ''), COALESCE(g.name, ''), o.status, SUM(o.n) FROM "
                "(SELECT service_id, status, COUNT(*) AS n FROM onward_referral WHERE sent_on >= ? AND sent_on < ? "
                "GROUP BY service_id, status) o "
                "LEFT JOIN service s ON s.id = o.service_id LEFT JOIN organization g ON g.id = s.organization_id "
                "GROUP BY COALESCE(g.id, ''), COALESCE(g.name, ''), o.status "
                "ORDER BY COALESCE(g.id, ''), o.status",
                p.span()));
    return ReadAll<OnwardCell>(
        r,
        [](Cursor& k) {
          OnwardCell o;
          o.organisation_id = k.S();
          o.organisation_name = k.S();
          o.status = k.En<OnwardStatus>(ParseOnwardStatus);
          o.referrals = k.I();
          return o;
        },
        "onward cell");
  });
}

// ---- erasure follow-up ----
Status SqlStore::PurgeDeletedData() {
  if (bound_) return FailedPrecondition("PurgeDeletedData runs outside a transaction");
  // On SQLite the checkpoint takes the write lock itself (TRUNCATE waits for
  // the group committer's writer through the busy handler) and reports when
  // a reader still holds the WAL.
  NHOOD_ASSIGN_OR_RETURN(Pool::Lease c, pool_->Acquire());
  if (dialect_ == Dialect::kSqlite) {
    NHOOD_ASSIGN_OR_RETURN(QueryResult r, c->Query("PRAGMA wal_checkpoint(TRUNCATE)", {}));
    bool ok = true;
    if (!r.rows.empty() && r.rows[0].Int(0, &ok) != 0) {
      return Unavailable("the WAL could not be checkpointed (a reader is active): try the erasure's purge again");
    }
    return Status::Ok();
  }
  for (const char* table : {"resident", "contact", "need", "goal", "outcome", "consent", "onward_referral",
                            "referral_transition"}) {
    NHOOD_RETURN_IF_ERROR(c->Exec(std::string("VACUUM ") + table));
  }
  return Status::Ok();
}

}  // namespace nhood::store::internal
