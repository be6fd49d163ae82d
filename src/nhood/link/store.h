// link::Store: the one interface to the link service's persistent data.
//
// Contract (every implementation; tests in src/nhood/store/store_conformance_test.cc):
//  - Durable: a call that returns OK has committed (SQLite WAL with
//    synchronous=FULL; PostgreSQL's default synchronous_commit=on). A failed
//    call has changed nothing.
//  - Atomic: every write runs in a transaction. InTransaction(fn) runs fn on
//    a Store bound to one transaction: fn's writes commit together if fn
//    returns OK and roll back otherwise (or if the commit fails). Calls on the
//    bound store inside fn join that transaction (nested InTransaction
//    flattens). Audit events written inside fn commit or vanish with it.
//    Inside fn use only the bound store: a write through the outer store
//    would wait for fn's own transaction (a deadlock).
//  - Thread-safe: one Store may be used from many threads at once; each call
//    (or transaction) takes its own connection from a small pool. A bound
//    store is for the thread running fn only.
//  - Ids: casework ids (residents, referrals, users…) are int64 assigned by
//    the store, increasing, never reused. Directory ids are UUID strings
//    given by the caller (uuid.h).
//  - Errors: kNotFound for an unknown id ("resident 17 not found");
//    kFailedPrecondition for a conflict (duplicate username or session,
//    a transition whose `from` is no longer the referral's status, a foreign
//    key to a missing row); kUnavailable when the database cannot be
//    reached or stays busy past the busy timeout; kInternal for anything else.
//    Values are always passed as parameters, never spliced into SQL, so any
//    string (quotes, "'; DROP TABLE…") is stored literally.
//  - Validation of field values is the domain's (Validate* in each header);
//    the store checks only what keys and constraints check.
//  - Append-only audit: there is no update or delete of audit events here,
//    and the schema refuses them.
//  - Passwords are never seen: users carry the hash the server made.
// Lists come in id order; `limit` caps them (≤ 0 means the default 100) and
// `after_id` pages on (keyset).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "nhood/base/result.h"
#include "nhood/link/audit.h"
#include "nhood/link/consent.h"
#include "nhood/link/contact.h"
#include "nhood/link/dates.h"
#include "nhood/link/directory.h"
#include "nhood/link/goal.h"
#include "nhood/link/onward_referral.h"
#include "nhood/link/outcome.h"
#include "nhood/link/referral.h"
#include "nhood/link/resident.h"
#include "nhood/link/session.h"
#include "nhood/link/user.h"
#include "nhood/link/volunteer.h"

namespace nhood::link {

// ---- directory queries (ORUK /services filters, all cumulative: AND) ----
struct ServiceQuery {
  std::optional<std::string> search;            // case-insensitive substring of name or description
  std::optional<std::string> taxonomy_term_id;  // has an attribute with this term
  std::optional<std::string> taxonomy_id;       // has an attribute with a term of this taxonomy
  std::optional<std::string> organization_id;
  std::optional<std::string> modified_after;  // ISO date-time; last_modified > this (text order)
  std::optional<double> minimum_age;          // services open to someone this old or older:
                                              //   maximum_age is unset or >= minimum_age
  std::optional<double> maximum_age;          // services open to someone this young or younger:
                                              //   minimum_age is unset or <= maximum_age
  struct Near {
    double latitude = 0, longitude = 0, metres = 0;
  };
  std::optional<Near> near;  // some location of the service lies within `metres`
  std::optional<ServiceStatus> status;
  int page = 1;       // 1-based
  int per_page = 50;  // 1..1000
};

template <typename T>
struct Page {
  std::vector<T> contents;
  int64_t total_items = 0;
  int page_number = 1;
  int size = 0;  // per_page asked for
  int64_t total_pages() const { return size > 0 ? (total_items + size - 1) / size : 0; }
};

struct TaxonomyTermQuery {
  std::optional<std::string> taxonomy_id;
  std::optional<std::string> parent_id;
  bool top_only = false;  // parent_id unset
  int page = 1;
  int per_page = 50;
};

struct ServiceAtLocationQuery {
  std::optional<std::string> service_id;
  std::optional<std::string> location_id;
  std::optional<ServiceQuery::Near> near;  // the location lies within `metres`
  int page = 1;
  int per_page = 50;
};

// ---- casework queries ----
struct ResidentQuery {
  std::optional<std::string> name_contains;  // case-insensitive
  std::optional<std::string> postcode;       // normalised, exact
  std::optional<std::string> lsoa;
  bool include_erased = false;
  int64_t after_id = 0;
  int limit = 100;
};

enum class CaseloadReason { kCreated, kAssigned, kShared };
std::string_view CaseloadReasonName(CaseloadReason r);  // "created", "assigned", "shared"
Result<CaseloadReason> ParseCaseloadReason(std::string_view text);

struct CaseloadEntry {
  int64_t user_id = 0;
  int64_t resident_id = 0;
  CaseloadReason reason = CaseloadReason::kCreated;
  Time since{};
};

struct CaseloadQuery {
  std::vector<int64_t> user_ids;  // residents on any of these caseloads…
  bool all = false;               // …or on any caseload at all (manager with no teams)
  int64_t after_resident_id = 0;
  int limit = 100;
};

// One caseload row: the resident and their latest referral, if any.
struct CaseloadItem {
  Resident resident;
  std::optional<Referral> latest_referral;
};

struct ReferralQuery {
  std::optional<int64_t> resident_id;
  std::optional<int64_t> assigned_to;
  std::optional<ReferralStatus> status;
  std::optional<Time> received_from;  // received_at >= from
  std::optional<Time> received_to;    // received_at < to
  int64_t after_id = 0;
  int limit = 100;
};

struct ContactQuery {
  std::optional<int64_t> referral_id;
  std::optional<int64_t> resident_id;
  std::optional<int64_t> worker_id;
  std::optional<int64_t> volunteer_id;
  std::optional<Date> from;  // date >= from
  std::optional<Date> to;    // date < to
  int64_t after_id = 0;
  int limit = 100;
};

struct OutcomeQuery {
  std::optional<int64_t> referral_id;
  std::optional<int64_t> resident_id;
  std::optional<Measure> measure;
  int64_t after_id = 0;
  int limit = 100;
};

struct OnwardReferralQuery {
  std::optional<int64_t> referral_id;
  std::optional<std::string> service_id;
  int64_t after_id = 0;
  int limit = 100;
};

struct VolunteerHoursQuery {
  std::optional<int64_t> volunteer_id;
  std::optional<Date> from;  // date >= from
  std::optional<Date> to;    // date < to
  int64_t after_id = 0;
  int limit = 100;
};

// Activity between two dates (contacts, hours and onward referrals by their
// date; referrals and transitions by the day of their timestamp, UTC):
// raw counts for reports, which suppress small numbers (report.h).
struct ActivityQuery {
  Date from{};  // inclusive
  Date to{};    // exclusive
};
// kInvalidArgument (field "to") unless from is before to: the reports'
// check of a period before they read.
Status ValidatePeriod(const ActivityQuery& q);
struct Tally {
  std::string key;  // an enum's name: "gp", "declined", "phone"…
  int64_t count = 0;
};
struct ActivitySummary {
  int64_t referrals_received = 0;
  std::vector<Tally> referrals_by_source;  // ("gp", 12)…, by name
  std::vector<Tally> transitions_to;       // ("declined", 3)…, by name
  int64_t residents_contacted = 0;  // distinct residents with a contact
  int64_t contacts = 0;
  int64_t contact_minutes = 0;
  std::vector<Tally> contacts_by_mode;  // ("phone", 40)…, by name
  int64_t onward_referrals_sent = 0;
  std::vector<Tally> onward_by_status;  // current status of those sent
  double volunteer_hours = 0;
  int64_t volunteers_active = 0;  // distinct volunteers with hours
};

// The people on each link worker's caseload, for the caseload report
// (caseload_report.h). Grouped by assigned_to (user_id 0: referrals
// assigned to no one). A resident with two referrals to one worker is one
// person on that caseload.
struct WorkerCaseload {
  int64_t user_id = 0;
  int64_t people = 0;     // distinct residents with a referral received in [from, to) assigned to them
  int64_t referrals = 0;  // those referrals
  int64_t open_now = 0;   // distinct residents with a referral of theirs, received any time, not yet
                          // closed, declined or did_not_engage
};

// Every worker's caseload, by user id, and the service's: the same counts
// over every referral (distinct people, so not the sum of the workers' when
// a resident has referrals with two workers).
struct Caseloads {
  std::vector<WorkerCaseload> workers;
  WorkerCaseload all;  // user_id 0
};

// Referrals received in a period grouped by the days from receipt (the UTC
// day of received_at) to their first contact (the earliest contact date),
// for the waiting-times report (waiting_report.h).
struct WaitCell {
  std::optional<int64_t> days;  // none: no contact yet
  bool open = false;            // the referral's status is not final (referral.h IsFinal)
  int64_t referrals = 0;
};

// Onward referrals sent in a period, grouped by the organisation of their
// service and their current status, for the organisations report
// (organisations_report.h). organisation_id and name are "" when the
// service has since left the directory or has no organisation.
struct OnwardCell {
  std::string organisation_id;
  std::string organisation_name;
  OnwardStatus status = OnwardStatus::kSent;
  int64_t referrals = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // The schema version this store is at (migrations run on open).
  virtual Result<int> SchemaVersion() = 0;

  // Runs fn in one transaction (see the contract above). Returns fn's error,
  // or the commit's.
  virtual Status InTransaction(const std::function<Status(Store&)>& fn) = 0;

  // ---- directory (ORUK) ----
  // Put* insert or replace by id. PutService replaces the service's nested
  // children (schedules, areas, languages, cost options, contacts with their
  // phones, service_at_locations, attributes) with those given; its
  // organization_id and every location_id / taxonomy_term_id must exist
  // (kFailedPrecondition). An empty last_modified is set to the write time.
  virtual Status PutOrganization(const Organization& o) = 0;
  virtual Result<Organization> GetOrganization(const std::string& id) = 0;
  virtual Result<Page<Organization>> ListOrganizations(int page, int per_page) = 0;
  // Replaces the location's addresses and accessibility too.
  virtual Status PutLocation(const Location& l) = 0;
  virtual Result<Location> GetLocation(const std::string& id) = 0;
  virtual Status PutService(const Service& s) = 0;
  // The service with all children nested.
  virtual Result<Service> GetService(const std::string& id) = 0;
  virtual Result<Page<Service>> ListServices(const ServiceQuery& q) = 0;
  // Removes a service and its children (directory edits; no casework is lost:
  // onward referrals keep the id as text).
  virtual Status DeleteService(const std::string& id) = 0;
  virtual Result<ServiceAtLocation> GetServiceAtLocation(const std::string& id) = 0;
  virtual Result<Page<ServiceAtLocation>> ListServiceAtLocations(const ServiceAtLocationQuery& q) = 0;
  virtual Status PutTaxonomy(const Taxonomy& t) = 0;
  virtual Result<Taxonomy> GetTaxonomy(const std::string& id) = 0;
  virtual Result<Page<Taxonomy>> ListTaxonomies(int page, int per_page) = 0;
  virtual Status PutTaxonomyTerm(const TaxonomyTerm& t) = 0;
  virtual Result<TaxonomyTerm> GetTaxonomyTerm(const std::string& id) = 0;
  virtual Result<Page<TaxonomyTerm>> ListTaxonomyTerms(const TaxonomyTermQuery& q) = 0;

  // ---- users, teams, sessions, login attempts ----
  // kFailedPrecondition when the username is taken.
  virtual Result<int64_t> AddUser(const User& u) = 0;
  virtual Result<User> GetUser(int64_t id) = 0;
  virtual Result<User> FindUserByUsername(const std::string& username) = 0;
  virtual Result<std::vector<User>> ListUsers() = 0;
  // Updates everything but id and created_at.
  virtual Status UpdateUser(const User& u) = 0;
  virtual Result<int64_t> AddTeam(const Team& t) = 0;
  virtual Result<std::vector<Team>> ListTeams() = 0;

  // kFailedPrecondition when token_hash exists; the user must exist.
  virtual Status AddSession(const Session& s) = 0;
  // kNotFound when absent (expired sessions are returned: check SessionLive).
  virtual Result<Session> GetSession(const std::string& token_hash) = 0;
  virtual Status TouchSession(const std::string& token_hash, Time last_seen_at, Time idle_expires_at) = 0;
  virtual Status DeleteSession(const std::string& token_hash) = 0;
  virtual Status DeleteUserSessions(int64_t user_id) = 0;
  // Removes sessions past either expiry; returns how many.
  virtual Result<int64_t> DeleteExpiredSessions(Time now) = 0;

  virtual Status AddLoginAttempt(const LoginAttempt& a) = 0;
  // Failures matching the filter (session.h LoginAttemptFilter).
  virtual Result<int64_t> CountFailedLogins(const LoginAttemptFilter& f) = 0;

  // ---- audit (append-only) ----
  virtual Result<int64_t> AppendAudit(const AuditEvent& e) = 0;
  virtual Result<std::vector<AuditEvent>> ListAudit(const AuditQuery& q) = 0;

  // ---- residents and caseloads ----
  virtual Result<int64_t> AddResident(const Resident& r) = 0;
  virtual Result<Resident> GetResident(int64_t id) = 0;
  // Updates every field but id, pseudonym, created_by and created_at.
  virtual Status UpdateResident(const Resident& r) = 0;
  virtual Result<std::vector<Resident>> FindResidents(const ResidentQuery& q) = 0;
  // Erasure on request: blanks the resident's personal fields (name, date of
  // birth, postcode, GP practice, contact details, ethnicity; keeps sex, LSOA
  // and the pseudonym for counts), sets erased, blanks the free text of their
  // contacts, needs, goals, outcomes' concerns and consents' notes, and takes
  // them off every caseload. Counts (referrals, contacts, minutes, outcome
  // scores) remain. The caller audits the erasure.
  virtual Status EraseResident(int64_t id, Time at) = 0;
  // After an erasure: makes the erased values unrecoverable from the
  // database's files, not just absent from its rows. SQLite (EraseResident
  // rewrites with secure_delete on, so freed space is zeroed) checkpoints
  // the WAL into the main file and truncates it; PostgreSQL VACUUMs the
  // casework tables so the dead row versions are pruned. Call it outside
  // any transaction (kFailedPrecondition on a bound store).
  virtual Status PurgeDeletedData() = 0;

  // Idempotent: an existing (user, resident) entry is kept as it is.
  virtual Status AddToCaseload(const CaseloadEntry& e) = 0;
  virtual Status RemoveFromCaseload(int64_t user_id, int64_t resident_id) = 0;
  // Whose caseloads hold this resident.
  virtual Result<std::vector<CaseloadEntry>> ListCaseloadEntries(int64_t resident_id) = 0;
  // Whether the resident is on any of these users' caseloads.
  virtual Result<bool> OnCaseload(std::span<const int64_t> user_ids, int64_t resident_id) = 0;
  // Residents (not erased) on the caseloads asked for, by resident id.
  virtual Result<std::vector<CaseloadItem>> ListCaseload(const CaseloadQuery& q) = 0;

  virtual Result<int64_t> AddConsent(const Consent& c) = 0;
  virtual Result<std::vector<Consent>> ListConsents(int64_t resident_id) = 0;

  // ---- referrals and their workflow ----
  // The referral's status must be kReceived; the store records no transition
  // for the arrival (received_at/received_by are the record of it).
  virtual Result<int64_t> AddReferral(const Referral& r) = 0;
  virtual Result<Referral> GetReferral(int64_t id) = 0;
  virtual Result<std::vector<Referral>> ListReferrals(const ReferralQuery& q) = 0;
  // Updates source, referrer, reasons and assigned_to (not the status).
  virtual Status UpdateReferral(const Referral& r) = 0;
  // Records t and sets the referral's status to t.to, if and only if the
  // status is still t.from (kFailedPrecondition otherwise: someone moved it
  // first). Returns the transition id. The workflow rule itself is the
  // domain's (MakeTransition); the store does not re-check it.
  virtual Result<int64_t> ApplyTransition(const Transition& t) = 0;
  virtual Result<std::vector<Transition>> ListTransitions(int64_t referral_id) = 0;

  // ---- contacts, needs, goals, onward referrals, outcomes ----
  // The referral must exist and belong to contact.resident_id.
  virtual Result<int64_t> AddContact(const Contact& c) = 0;
  virtual Result<Contact> GetContact(int64_t id) = 0;
  virtual Result<std::vector<Contact>> ListContacts(const ContactQuery& q) = 0;

  virtual Result<int64_t> AddNeed(const Need& n) = 0;
  virtual Result<std::vector<Need>> ListNeeds(int64_t referral_id) = 0;
  virtual Result<int64_t> AddGoal(const Goal& g) = 0;
  virtual Status UpdateGoal(const Goal& g) = 0;  // what_matters, status, reviewed_on
  virtual Result<std::vector<Goal>> ListGoals(int64_t referral_id) = 0;

  virtual Result<int64_t> AddOnwardReferral(const OnwardReferral& o) = 0;
  virtual Result<OnwardReferral> GetOnwardReferral(int64_t id) = 0;
  // Updates status, status_on, outcome and updated_at.
  virtual Status UpdateOnwardReferral(const OnwardReferral& o) = 0;
  virtual Result<std::vector<OnwardReferral>> ListOnwardReferrals(const OnwardReferralQuery& q) = 0;

  virtual Result<int64_t> AddOutcome(const Outcome& o) = 0;
  virtual Result<std::vector<Outcome>> ListOutcomes(const OutcomeQuery& q) = 0;

  // ---- volunteers ----
  virtual Result<int64_t> AddVolunteer(const Volunteer& v) = 0;
  virtual Result<Volunteer> GetVolunteer(int64_t id) = 0;
  virtual Result<Volunteer> FindVolunteerByUser(int64_t user_id) = 0;
  virtual Status UpdateVolunteer(const Volunteer& v) = 0;
  virtual Result<std::vector<Volunteer>> ListVolunteers() = 0;
  virtual Result<int64_t> AddVolunteerHours(const VolunteerHours& h) = 0;
  virtual Result<std::vector<VolunteerHours>> ListVolunteerHours(const VolunteerHoursQuery& q) = 0;

  // ---- upkeep ----
  // Refreshes the query planner's statistics (PostgreSQL VACUUM ANALYZE,
  // only ANALYZE on a bound store; SQLite ANALYZE). Call after a bulk load (demo seeding, an import): until
  // PostgreSQL's autovacuum has analysed fresh tables, caseload reads can be
  // ten times slower.
  virtual Status Optimize() = 0;

  // ---- reports ----
  // kInvalidArgument (field "to") when to < from.
  virtual Result<ActivitySummary> SummariseActivity(const ActivityQuery& q) = 0;
  // One grouped query each; kInvalidArgument (field "to") when to < from.
  // Every worker with a referral assigned (received in the period or open
  // now), by user id, and the whole service.
  virtual Result<Caseloads> SummariseWorkerCaseloads(const ActivityQuery& q) = 0;
  // By days (no contact first), then open.
  virtual Result<std::vector<WaitCell>> ListWaitCells(const ActivityQuery& q) = 0;
  // By organisation id, then status.
  virtual Result<std::vector<OnwardCell>> SummariseOnwardByOrganisation(const ActivityQuery& q) = 0;
};

}  // namespace nhood::link
