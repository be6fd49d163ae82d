// SqlStore: link::Store written once in SQL over internal::Connection, for
// both SQLite and PostgreSQL. All of nhood's SQL lives in sql_store.cc and
// migrations.cc. Thread-safe as link::Store requires: each call leases a
// connection from the pool.
#pragma once

#include <memory>
#include <mutex>

#include "nhood/link/store.h"
#include "nhood/store/internal/group_commit.h"
#include "nhood/store/internal/sql.h"

namespace nhood::store::internal {

class SqlStore : public link::Store {
 public:
  // `committer` non-null: write transactions go through it (group commit,
  // group_commit.h) instead of a pooled connection each. `bound` non-null:
  // a store bound to one open transaction on that connection
  // (InTransaction's argument).
  SqlStore(std::shared_ptr<Pool> pool, Dialect dialect, std::shared_ptr<GroupCommitter> committer = nullptr,
           Connection* bound = nullptr)
      : pool_(std::move(pool)), dialect_(dialect), bound_(bound), committer_(std::move(committer)) {}

  Result<int> SchemaVersion() override;
  Status InTransaction(const std::function<Status(link::Store&)>& fn) override;

  Status PutOrganization(const link::Organization& o) override;
  Result<link::Organization> GetOrganization(const std::string& id) override;
  Result<link::Page<link::Organization>> ListOrganizations(int page, int per_page) override;
  Status PutLocation(const link::Location& l) override;
  Result<link::Location> GetLocation(const std::string& id) override;
  Status PutService(const link::Service& s) override;
  Result<link::Service> GetService(const std::string& id) override;
  Result<link::Page<link::Service>> ListServices(const link::ServiceQuery& q) override;
  Status DeleteService(const std::string& id) override;
  Result<link::ServiceAtLocation> GetServiceAtLocation(const std::string& id) override;
  Result<link::Page<link::ServiceAtLocation>> ListServiceAtLocations(const link::ServiceAtLocationQuery& q) override;
  Status PutTaxonomy(const link::Taxonomy& t) override;
  Result<link::Taxonomy> GetTaxonomy(const std::string& id) override;
  Result<link::Page<link::Taxonomy>> ListTaxonomies(int page, int per_page) override;
  Status PutTaxonomyTerm(const link::TaxonomyTerm& t) override;
  Result<link::TaxonomyTerm> GetTaxonomyTerm(const std::string& id) override;
  Result<link::Page<link::TaxonomyTerm>> ListTaxonomyTerms(const link::TaxonomyTermQuery& q) override;

  Result<int64_t> AddUser(const link::User& u) override;
  Result<link::User> GetUser(int64_t id) override;
  Result<link::User> FindUserByUsername(const std::string& username) override;
  Result<std::vector<link::User>> ListUsers() override;
  Status UpdateUser(const link::User& u) override;
  Result<int64_t> AddTeam(const link::Team& t) override;
  Result<std::vector<link::Team>> ListTeams() override;
  Status AddSession(const link::Session& s) override;
  Result<link::Session> GetSession(const std::string& token_hash) override;
  Status TouchSession(const std::string& token_hash, link::Time last_seen_at, link::Time idle_expires_at) override;
  Status DeleteSession(const std::string& token_hash) override;
  Status DeleteUserSessions(int64_t user_id) override;
  Result<int64_t> DeleteExpiredSessions(link::Time now) override;
  Status AddLoginAttempt(const link::LoginAttempt& a) override;
  Result<int64_t> CountFailedLogins(const link::LoginAttemptFilter& f) override;
  Result<int64_t> AppendAudit(const link::AuditEvent& e) override;
  Result<std::vector<link::AuditEvent>> ListAudit(const link::AuditQuery& q) override;

  Result<int64_t> AddResident(const link::Resident& r) override;
  Result<link::Resident> GetResident(int64_t id) override;
  Status UpdateResident(const link::Resident& r) override;
  Result<std::vector<link::Resident>> FindResidents(const link::ResidentQuery& q) override;
  Status EraseResident(int64_t id, link::Time at) override;
  Status PurgeDeletedData() override;
  Status AddToCaseload(const link::CaseloadEntry& e) override;
  Status RemoveFromCaseload(int64_t user_id, int64_t resident_id) override;
  Result<std::vector<link::CaseloadEntry>> ListCaseloadEntries(int64_t resident_id) override;
  Result<bool> OnCaseload(std::span<const int64_t> user_ids, int64_t resident_id) override;
  Result<std::vector<link::CaseloadItem>> ListCaseload(const link::CaseloadQuery& q) override;
  Result<int64_t> AddConsent(const link::Consent& c) override;
  Result<std::vector<link::Consent>> ListConsents(int64_t resident_id) override;

  Result<int64_t> AddReferral(const link::Referral& r) override;
  Result<link::Referral> GetReferral(int64_t id) override;
  Result<std::vector<link::Referral>> ListReferrals(const link::ReferralQuery& q) override;
  Status UpdateReferral(const link::Referral& r) override;
  Result<int64_t> ApplyTransition(const link::Transition& t) override;
  Result<std::vector<link::Transition>> ListTransitions(int64_t referral_id) override;

  Result<int64_t> AddContact(const link::Contact& c) override;
  Result<link::Contact> GetContact(int64_t id) override;
  Result<std::vector<link::Contact>> ListContacts(const link::ContactQuery& q) override;
  Result<int64_t> AddNeed(const link::Need& n) override;
  Result<std::vector<link::Need>> ListNeeds(int64_t referral_id) override;
  Result<int64_t> AddGoal(const link::Goal& g) override;
  Status UpdateGoal(const link::Goal& g) override;
  Result<std::vector<link::Goal>> ListGoals(int64_t referral_id) override;
  Result<int64_t> AddOnwardReferral(const link::OnwardReferral& o) override;
  Result<link::OnwardReferral> GetOnwardReferral(int64_t id) override;
  Status UpdateOnwardReferral(const link::OnwardReferral& o) override;
  Result<std::vector<link::OnwardReferral>> ListOnwardReferrals(const link::OnwardReferralQuery& q) override;
  Result<int64_t> AddOutcome(const link::Outcome& o) override;
  Result<std::vector<link::Outcome>> ListOutcomes(const link::OutcomeQuery& q) override;

  Result<int64_t> AddVolunteer(const link::Volunteer& v) override;
  Result<link::Volunteer> GetVolunteer(int64_t id) override;
  Result<link::Volunteer> FindVolunteerByUser(int64_t user_id) override;
  Status UpdateVolunteer(const link::Volunteer& v) override;
  Result<std::vector<link::Volunteer>> ListVolunteers() override;
  Result<int64_t> AddVolunteerHours(const link::VolunteerHours& h) override;
  Result<std::vector<link::VolunteerHours>> ListVolunteerHours(const link::VolunteerHoursQuery& q) override;

  Result<link::ActivitySummary> SummariseActivity(const link::ActivityQuery& q) override;
  Result<link::Caseloads> SummariseWorkerCaseloads(const link::ActivityQuery& q) override;
  Result<std::vector<link::WaitCell>> ListWaitCells(const link::ActivityQuery& q) override;
  Result<std::vector<link::OnwardCell>> SummariseOnwardByOrganisation(const link::ActivityQuery& q) override;
  Status Optimize() override;

 private:
  // Runs f on a connection inside a transaction (a write transaction when
  // `write`), committing when f succeeds; on the bound connection directly
  // when this store is bound.
  template <typename R, typename F>
  R Run(bool write, F&& f);

  std::shared_ptr<Pool> pool_;
  Dialect dialect_;
  Connection* bound_;
  // SQLite allows one writer at a time: every write transaction of this
  // store runs on the committer's one connection, in order, many to a
  // commit; that also avoids the busy handler's sleep-and-retry. Other
  // processes still meet the busy timeout. Null for PostgreSQL, whose
  // writers run side by side on pooled connections (its WAL flush already
  // groups concurrent commits).
  std::shared_ptr<GroupCommitter> committer_;
};

}  // namespace nhood::store::internal
