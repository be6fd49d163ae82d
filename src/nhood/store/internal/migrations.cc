#include "nhood/store/internal/migrations.h"

#include <ctime>

namespace nhood::store::internal {
namespace {

// clang-format off
const std::vector<Migration>& All() {
  static const std::vector<Migration> kMigrations = {
  {1, "directory: the Open Referral UK (HSDS 3.0) tables",
   {R"(CREATE TABLE organization (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT NOT NULL, email TEXT, website TEXT,
        logo TEXT, uri TEXT, parent_organization_id TEXT REFERENCES organization(id)))",
    R"(CREATE TABLE organization_identifier (
        id TEXT PRIMARY KEY, organization_id TEXT NOT NULL REFERENCES organization(id) ON DELETE CASCADE,
        identifier_scheme TEXT, identifier_type TEXT NOT NULL, identifier TEXT NOT NULL, position INTEGER NOT NULL))",
    R"(CREATE TABLE location (
        id TEXT PRIMARY KEY, location_type TEXT NOT NULL, name TEXT, description TEXT, latitude {REAL},
        longitude {REAL}, external_identifier TEXT, external_identifier_type TEXT))",
    R"(CREATE TABLE address (
        id TEXT PRIMARY KEY, location_id TEXT NOT NULL REFERENCES location(id) ON DELETE CASCADE,
        attention TEXT, address_1 TEXT NOT NULL, address_2 TEXT, city TEXT NOT NULL, region TEXT,
        state_province TEXT NOT NULL, postal_code TEXT NOT NULL, country TEXT NOT NULL,
        address_type TEXT NOT NULL, position INTEGER NOT NULL))",
    R"(CREATE TABLE accessibility (
        id TEXT PRIMARY KEY, location_id TEXT NOT NULL REFERENCES location(id) ON DELETE CASCADE,
        description TEXT, details TEXT, url TEXT, position INTEGER NOT NULL))",
    R"(CREATE TABLE service (
        id TEXT PRIMARY KEY, organization_id TEXT REFERENCES organization(id), name TEXT NOT NULL,
        alternate_name TEXT, description TEXT, url TEXT, email TEXT, status TEXT NOT NULL,
        eligibility_description TEXT, minimum_age {REAL}, maximum_age {REAL}, fees TEXT, accreditations TEXT,
        assured_date TEXT, assurer_email TEXT, alert TEXT, last_modified TEXT NOT NULL))",
    R"(CREATE TABLE schedule (
        id TEXT PRIMARY KEY, service_id TEXT NOT NULL REFERENCES service(id) ON DELETE CASCADE,
        valid_from TEXT, valid_to TEXT, dtstart TEXT, freq TEXT, interval_count INTEGER, byday TEXT,
        bymonthday TEXT, opens_at TEXT, closes_at TEXT, description TEXT, schedule_link TEXT,
        attending_type TEXT, notes TEXT, position INTEGER NOT NULL))",
    R"(CREATE TABLE service_area (
        id TEXT PRIMARY KEY, service_id TEXT NOT NULL REFERENCES service(id) ON DELETE CASCADE,
        name TEXT, description TEXT, extent TEXT, extent_type TEXT, uri TEXT, position INTEGER NOT NULL))",
    R"(CREATE TABLE language (
        id TEXT PRIMARY KEY, service_id TEXT NOT NULL REFERENCES service(id) ON DELETE CASCADE,
        name TEXT, code TEXT, note TEXT, position INTEGER NOT NULL))",
    R"(CREATE TABLE cost_option (
        id TEXT PRIMARY KEY, service_id TEXT NOT NULL REFERENCES service(id) ON DELETE CASCADE,
        valid_from TEXT, valid_to TEXT, option TEXT, currency TEXT, amount {REAL}, amount_description TEXT,
        position INTEGER NOT NULL))",
    R"(CREATE TABLE service_contact (
        id TEXT PRIMARY KEY, service_id TEXT NOT NULL REFERENCES service(id) ON DELETE CASCADE,
        name TEXT, title TEXT, department TEXT, email TEXT, position INTEGER NOT NULL))",
    R"(CREATE TABLE phone (
        id TEXT PRIMARY KEY, contact_id TEXT NOT NULL REFERENCES service_contact(id) ON DELETE CASCADE,
        number TEXT NOT NULL, extension INTEGER, type TEXT, description TEXT, position INTEGER NOT NULL))",
    R"(CREATE TABLE taxonomy (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT NOT NULL, uri TEXT, version TEXT))",
    R"(CREATE TABLE taxonomy_term (
        id TEXT PRIMARY KEY, code TEXT, name TEXT NOT NULL, description TEXT NOT NULL,
        parent_id TEXT REFERENCES taxonomy_term(id), taxonomy TEXT, taxonomy_id TEXT REFERENCES taxonomy(id),
        term_uri TEXT))",
    R"(CREATE TABLE service_at_location (
        id TEXT PRIMARY KEY, service_id TEXT NOT NULL REFERENCES service(id) ON DELETE CASCADE,
        location_id TEXT NOT NULL REFERENCES location(id), description TEXT, position INTEGER NOT NULL))",
    R"(CREATE TABLE attribute (
        id TEXT PRIMARY KEY, service_id TEXT NOT NULL REFERENCES service(id) ON DELETE CASCADE,
        taxonomy_term_id TEXT NOT NULL REFERENCES taxonomy_term(id), link_type TEXT, value TEXT,
        position INTEGER NOT NULL))",
    "CREATE INDEX service_organization ON service(organization_id)",
    "CREATE INDEX attribute_term ON attribute(taxonomy_term_id)",
    "CREATE INDEX sal_service ON service_at_location(service_id)",
    "CREATE INDEX sal_location ON service_at_location(location_id)"},
   {}, {}},

  {2, "users, teams, sessions, login attempts and the append-only audit trail",
   {R"(CREATE TABLE team (id {ID}, name TEXT NOT NULL UNIQUE))",
    R"(CREATE TABLE app_user (
        id {ID}, username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL, role TEXT NOT NULL,
        password_hash TEXT NOT NULL, team_id BIGINT REFERENCES team(id), active INTEGER NOT NULL,
        created_at BIGINT NOT NULL))",
    R"(CREATE TABLE session (
        token_hash TEXT PRIMARY KEY, user_id BIGINT NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        csrf_token_hash TEXT NOT NULL, created_at BIGINT NOT NULL, last_seen_at BIGINT NOT NULL,
        idle_expires_at BIGINT NOT NULL, absolute_expires_at BIGINT NOT NULL, address TEXT NOT NULL,
        user_agent TEXT NOT NULL))",
    "CREATE INDEX session_by_user ON session(user_id)",
    R"(CREATE TABLE login_attempt (
        id {ID}, username TEXT NOT NULL, address TEXT NOT NULL, at BIGINT NOT NULL, succeeded INTEGER NOT NULL))",
    "CREATE INDEX login_attempt_username ON login_attempt(username, at)",
    "CREATE INDEX login_attempt_address ON login_attempt(address, at)",
    R"(CREATE TABLE audit_event (
        id {ID}, at BIGINT NOT NULL, user_id BIGINT, username TEXT NOT NULL, action TEXT NOT NULL,
        record_type TEXT NOT NULL, record_id TEXT NOT NULL, outcome TEXT NOT NULL, detail TEXT NOT NULL,
        address TEXT NOT NULL, request_id TEXT NOT NULL))",
    "CREATE INDEX audit_event_at ON audit_event(at)",
    "CREATE INDEX audit_event_record ON audit_event(record_type, record_id)"},
   {R"(CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
        BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END)",
    R"(CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
        BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END)"},
   {R"(CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN RAISE EXCEPTION 'audit_event is append-only'; END $$)",
    R"(CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON audit_event
        FOR EACH ROW EXECUTE FUNCTION audit_event_append_only())",
    R"(CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
        FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only())"}},

  {3, "casework: residents, caseloads, consent, referrals, contacts, needs, goals, onward referrals, outcomes, volunteers",
   {R"(CREATE TABLE resident (
        id {ID}, pseudonym TEXT NOT NULL UNIQUE, name TEXT NOT NULL, date_of_birth TEXT, sex TEXT NOT NULL,
        ethnicity TEXT, postcode TEXT, lsoa TEXT, gp_practice TEXT, contact_preferred TEXT, contact_phone TEXT,
        contact_email TEXT, contact_address TEXT, contact_ok_to_leave_message INTEGER NOT NULL,
        contact_notes TEXT, created_by BIGINT NOT NULL REFERENCES app_user(id), created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL, erased INTEGER NOT NULL))",
    R"(CREATE TABLE caseload (
        user_id BIGINT NOT NULL REFERENCES app_user(id), resident_id BIGINT NOT NULL REFERENCES resident(id),
        reason TEXT NOT NULL, since BIGINT NOT NULL, PRIMARY KEY (user_id, resident_id)))",
    R"(CREATE TABLE consent (
        id {ID}, resident_id BIGINT NOT NULL REFERENCES resident(id), kind TEXT NOT NULL, given INTEGER NOT NULL,
        date TEXT NOT NULL, recorded_by BIGINT NOT NULL REFERENCES app_user(id), recorded_at BIGINT NOT NULL,
        note TEXT))",
    R"(CREATE TABLE volunteer (
        id {ID}, user_id BIGINT UNIQUE REFERENCES app_user(id), name TEXT NOT NULL, active INTEGER NOT NULL,
        started_on TEXT))",
    R"(CREATE TABLE referral (
        id {ID}, resident_id BIGINT NOT NULL REFERENCES resident(id), source TEXT NOT NULL, referrer_name TEXT,
        referrer_organisation TEXT, reasons TEXT NOT NULL, status TEXT NOT NULL,
        assigned_to BIGINT REFERENCES app_user(id), received_at BIGINT NOT NULL,
        received_by BIGINT NOT NULL REFERENCES app_user(id), updated_at BIGINT NOT NULL))",
    R"(CREATE TABLE referral_transition (
        id {ID}, referral_id BIGINT NOT NULL REFERENCES referral(id), from_status TEXT NOT NULL,
        to_status TEXT NOT NULL, at BIGINT NOT NULL, by_user BIGINT NOT NULL REFERENCES app_user(id), note TEXT))",
    R"(CREATE TABLE contact (
        id {ID}, referral_id BIGINT NOT NULL REFERENCES referral(id), resident_id BIGINT NOT NULL REFERENCES resident(id),
        date TEXT NOT NULL, mode TEXT NOT NULL, minutes INTEGER NOT NULL, worker_id BIGINT REFERENCES app_user(id),
        volunteer_id BIGINT REFERENCES volunteer(id), notes TEXT, created_by BIGINT NOT NULL REFERENCES app_user(id),
        created_at BIGINT NOT NULL))",
    R"(CREATE TABLE need (
        id {ID}, referral_id BIGINT NOT NULL REFERENCES referral(id), resident_id BIGINT NOT NULL REFERENCES resident(id),
        category TEXT NOT NULL, description TEXT, identified_on TEXT NOT NULL,
        recorded_by BIGINT NOT NULL REFERENCES app_user(id)))",
    R"(CREATE TABLE goal (
        id {ID}, referral_id BIGINT NOT NULL REFERENCES referral(id), resident_id BIGINT NOT NULL REFERENCES resident(id),
        what_matters TEXT NOT NULL, status TEXT NOT NULL, set_on TEXT NOT NULL, reviewed_on TEXT,
        recorded_by BIGINT NOT NULL REFERENCES app_user(id)))",
    R"(CREATE TABLE onward_referral (
        id {ID}, referral_id BIGINT NOT NULL REFERENCES referral(id), resident_id BIGINT NOT NULL REFERENCES resident(id),
        service_id TEXT NOT NULL, status TEXT NOT NULL, sent_on TEXT NOT NULL, status_on TEXT, outcome TEXT,
        created_by BIGINT NOT NULL REFERENCES app_user(id), updated_at BIGINT NOT NULL))",
    R"(CREATE TABLE outcome (
        id {ID}, referral_id BIGINT NOT NULL REFERENCES referral(id), resident_id BIGINT NOT NULL REFERENCES resident(id),
        measure TEXT NOT NULL, timepoint TEXT NOT NULL, date TEXT NOT NULL, items TEXT NOT NULL, concerns TEXT NOT NULL,
        recorded_by BIGINT NOT NULL REFERENCES app_user(id), recorded_at BIGINT NOT NULL))",
    R"(CREATE TABLE volunteer_hours (
        id {ID}, volunteer_id BIGINT NOT NULL REFERENCES volunteer(id), date TEXT NOT NULL, hours {REAL} NOT NULL,
        activity TEXT, recorded_by BIGINT NOT NULL REFERENCES app_user(id)))"},
   {}, {}},

  {4, "indexes for caseloads, referral and contact lists",
   {"CREATE INDEX caseload_resident ON caseload(resident_id)",
    "CREATE INDEX consent_resident ON consent(resident_id)",
    "CREATE INDEX referral_resident ON referral(resident_id, id)",
    "CREATE INDEX referral_assigned ON referral(assigned_to, id)",
    "CREATE INDEX transition_referral ON referral_transition(referral_id)",
    "CREATE INDEX contact_referral ON contact(referral_id, id)",
    "CREATE INDEX contact_volunteer ON contact(volunteer_id, id)",
    "CREATE INDEX contact_resident ON contact(resident_id, id)",
    "CREATE INDEX need_referral ON need(referral_id)",
    "CREATE INDEX goal_referral ON goal(referral_id)",
    "CREATE INDEX onward_referral_referral ON onward_referral(referral_id)",
    "CREATE INDEX outcome_referral ON outcome(referral_id)",
    "CREATE INDEX outcome_resident ON outcome(resident_id)",
    "CREATE INDEX volunteer_hours_volunteer ON volunteer_hours(volunteer_id, date)"},
   {}, {}},

  // Covering indexes for the dashboard's grouped queries (sql_store.cc
  // SummariseActivity and the three dashboard queries): each reads an index
  // in its GROUP BY order instead of the table.
  {5, "indexes for the manager dashboard: first contacts, contacts by mode, referrals, transitions and onward referrals by period",
   {"CREATE INDEX contact_referral_date ON contact(referral_id, date)",
    "CREATE INDEX contact_mode_date ON contact(mode, date, minutes)",
    "CREATE INDEX referral_received ON referral(received_at, source, status)",
    "CREATE INDEX transition_to_at ON referral_transition(to_status, at)",
    "CREATE INDEX onward_referral_service ON onward_referral(service_id, status, sent_on)"},
   {}, {}},
  };
  return kMigrations;
}
// clang-format on

std::string Dialected(std::string sql, Dialect d) {
  auto replace = [&](const std::string& token, const std::string& with) {
    for (size_t p = sql.find(token); p != std::string::npos; p = sql.find(token, p + with.size())) {
      sql.replace(p, token.size(), with);
    }
  };
  replace("{ID}", d == Dialect::kSqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT"
                                        : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
  replace("{REAL}", d == Dialect::kSqlite ? "REAL" : "DOUBLE PRECISION");
  return sql;
}

Status EnsureVersionTable(Connection& c) {
  return c.Exec(
      "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
      "applied_at BIGINT NOT NULL)");
}

Result<int> ReadVersion(Connection& c) {
  NHOOD_ASSIGN_OR_RETURN(QueryResult r, c.Query("SELECT COALESCE(MAX(version), 0) FROM schema_version", {}));
  bool ok = true;
  int64_t v = r.rows.empty() ? 0 : r.rows[0].Int(0, &ok);
  if (!ok) return Internal("schema_version: unreadable version");
  return static_cast<int>(v);
}

}  // namespace

std::span<const Migration> Migrations() { return All(); }

Result<int> CurrentSchemaVersion(Connection& c) {
  NHOOD_RETURN_IF_ERROR(EnsureVersionTable(c));
  return ReadVersion(c);
}

Result<int> Migrate(Connection& c, int target) {
  const int latest = LatestSchemaVersion();
  if (target < 0) target = latest;
  if (target > latest) return InvalidArgument("schema version " + std::to_string(target) + " does not exist");
  const Dialect d = c.dialect();
  NHOOD_RETURN_IF_ERROR(EnsureVersionTable(c));
  while (true) {
    NHOOD_RETURN_IF_ERROR(c.Exec(d == Dialect::kSqlite ? "BEGIN IMMEDIATE" : "BEGIN"));
    auto step = [&]() -> Result<int> {
      if (d == Dialect::kPostgres) {
        // One migrator at a time across processes; released at COMMIT/ROLLBACK.
        NHOOD_RETURN_IF_ERROR(c.Exec("SELECT pg_advisory_xact_lock(7316001)"));
      }
      NHOOD_ASSIGN_OR_RETURN(int current, ReadVersion(c));
      if (current > latest) {
        return FailedPrecondition("the database is at schema version " + std::to_string(current) +
                                  ", newer than this nhood (" + std::to_string(latest) + ")");
      }
      if (current >= target) return current;
      const Migration& m = All()[static_cast<size_t>(current)];
      for (const std::string& s : m.common) NHOOD_RETURN_IF_ERROR(c.Exec(Dialected(s, d)));
      for (const std::string& s : d == Dialect::kSqlite ? m.sqlite : m.postgres) {
        NHOOD_RETURN_IF_ERROR(c.Exec(Dialected(s, d)));
      }
      const Value params[] = {int64_t{m.version}, m.description, int64_t{std::time(nullptr)}};
      NHOOD_RETURN_IF_ERROR(
          c.Query("INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)", params).status());
      return -1;  // applied one; go round again
    };
    Result<int> r = step();
    if (!r || *r >= 0) {
      Status end = c.Exec(r ? "COMMIT" : "ROLLBACK");
      if (!r) {
        return Error{r.error().code, "schema migration: " + r.error().message};
      }
      NHOOD_RETURN_IF_ERROR(end);
      return *r;
    }
    NHOOD_RETURN_IF_ERROR(c.Exec("COMMIT"));
  }
}

}  // namespace nhood::store::internal
