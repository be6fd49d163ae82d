#include "nhood/link/demo_seed.h"

#include <algorithm>
#include <array>
#include <vector>

#include "nhood/base/rng.h"
#include "nhood/link/auth.h"
#include "nhood/link/uuid.h"

namespace nhood::link {
namespace {

struct Kind {
  const char* name;         // organisation type
  const char* description;
  const char* terms[2];     // need codes its services meet
};
constexpr Kind kKinds[] = {
    {"Community Centre", "A community centre with groups, drop-ins and a cafe", {"loneliness", "physical_activity"}},
    {"Citizens Advice", "Free, independent advice on money, benefits, housing and work", {"money_debt", "housing"}},
    {"Food Bank", "Emergency food parcels and signposting", {"food", "money_debt"}},
    {"Carers Centre", "Support, breaks and groups for unpaid carers", {"carers", "mental_wellbeing"}},
    {"Men's Shed", "A workshop where men meet, make and mend", {"loneliness", "mental_wellbeing"}},
    {"Walking for Health", "Free, led walks of up to an hour", {"physical_activity", "loneliness"}},
    {"Credit Union", "Savings, fair loans and budgeting help", {"money_debt", "employment"}},
    {"Mind", "Mental health support, courses and peer groups", {"mental_wellbeing", "bereavement"}},
    {"Age UK", "Befriending, later-life advice and day clubs", {"loneliness", "carers"}},
    {"Youth Project", "Youth clubs, mentoring and activities", {"mental_wellbeing", "physical_activity"}},
    {"Digital Skills Hub", "Help getting online: devices, data and classes", {"digital", "employment"}},
    {"Housing Advice", "Advice for tenants and people at risk of homelessness", {"housing", "money_debt"}},
    {"Bereavement Service", "One-to-one and group bereavement support", {"bereavement", "mental_wellbeing"}},
    {"Jobs and Skills", "Careers advice, training and volunteering placements", {"employment", "digital"}},
};
struct Term {
  const char* code;
  const char* name;
  const char* description;
};
constexpr Term kTerms[] = {
    {"loneliness", "Loneliness and isolation", "Groups, befriending and company"},
    {"money_debt", "Money and debt", "Debt advice, benefits checks, budgeting"},
    {"housing", "Housing", "Tenancy, repairs and homelessness advice"},
    {"physical_activity", "Physical activity", "Walking, gentle exercise and sport"},
    {"mental_wellbeing", "Mental wellbeing", "Talking support, courses and peer groups"},
    {"carers", "Carers", "Support for unpaid carers"},
    {"food", "Food", "Food banks, pantries and community meals"},
    {"employment", "Work and skills", "Jobs, training and volunteering"},
    {"digital", "Digital inclusion", "Devices, data and help getting online"},
    {"bereavement", "Bereavement", "Support after a death"},
};
constexpr const char* kServiceStyles[] = {"drop-in", "group", "one-to-one support", "phone line"};
constexpr const char* kFirst[] = {"Ann", "Brian", "Carol", "David", "Elaine", "Frank", "Gillian", "Harry", "Irene",
                                  "Jack", "Kath", "Len", "Margaret", "Norman", "Olive", "Peter", "Rita", "Stephen",
                                  "Tracey", "Vera", "Wendy", "Yusuf", "Zofia", "Amir", "Beata", "Chidi"};
constexpr const char* kLast[] = {"Armstrong", "Bell", "Charlton", "Dodds", "Elliott", "Forster", "Gibson", "Hall",
                                 "Irving", "Johnson", "Kerr", "Lamb", "Milburn", "Nixon", "Oliver", "Pattinson",
                                 "Robson", "Scott", "Thompson", "Urwin", "Walton", "Young", "Khan", "Nowak"};
constexpr const char* kEthnicities[] = {"white_british", "white_british", "white_british", "white_british",
                                        "white_other", "asian_pakistani", "asian_bangladeshi", "black_african",
                                        "mixed_white_asian", "asian_indian"};

template <typename T, size_t N>
const T& Pick(Rng& rng, const T (&items)[N]) {
  return items[rng.Bounded(N)];
}
int Between(Rng& rng, int lo, int hi) { return lo + static_cast<int>(rng.Bounded(static_cast<uint64_t>(hi - lo + 1))); }

Date DaysBefore(Time anchor, int days) { return DateOf(anchor - std::chrono::days(days)); }

}  // namespace

double DemoPlaceWeight(const DemoPlace& p, const DemoWeights& w) {
  return 1 + (p.core20 ? std::max(0.0, w.core20) : 0) + (p.double_disadvantage ? std::max(0.0, w.double_disadvantage) : 0);
}

Result<DemoSummary> SeedDemo(Store& store, std::span<const DemoPlace> all_places, const DemoOptions& o) {
  std::vector<DemoPlace> places;
  for (const DemoPlace& p : all_places) {
    if (!p.lsoa.empty()) places.push_back(p);
  }
  if (places.empty()) return InvalidArgument("demo: no places with an LSOA to put residents and services at");
  if (o.password.size() < 8) return InvalidField("password", "demo: the password must be at least 8 characters");
  NHOOD_ASSIGN_OR_RETURN(auto existing, store.ListUsers());
  if (!existing.empty()) return FailedPrecondition("demo: the store already has users; seed an empty store");

  Rng rng(o.seed);
  DemoSummary sum;
  const Date today = DateOf(o.anchor);
  Status done = store.InTransaction([&](Store& tx) -> Status {
    // ---- directory ----
    const std::string taxonomy_id = NewUuidV4(rng);
    NHOOD_RETURN_IF_ERROR(tx.PutTaxonomy({.id = taxonomy_id, .name = "nhood social prescribing needs",
                                          .description = "Needs link workers refer for (nhood demo vocabulary)"}));
    std::vector<std::string> term_ids;
    for (const Term& t : kTerms) {
      term_ids.push_back(NewUuidV4(rng));
      NHOOD_RETURN_IF_ERROR(tx.PutTaxonomyTerm({.id = term_ids.back(), .code = std::string(t.code), .name = t.name,
                                                .description = t.description, .taxonomy_id = taxonomy_id}));
      ++sum.taxonomy_terms;
    }
    auto term_of = [&](const char* code) {
      for (size_t i = 0; i < std::size(kTerms); ++i) {
        if (std::string_view(kTerms[i].code) == code) return term_ids[i];
      }
      return term_ids[0];
    };
    std::vector<std::string> service_ids;
    for (int i = 0; i < o.organisations; ++i) {
      const DemoPlace& place = places[rng.Bounded(places.size())];
      const Kind& kind = kKinds[static_cast<size_t>(i) % std::size(kKinds)];
      const std::string org_id = NewUuidV4(rng);
      NHOOD_RETURN_IF_ERROR(tx.PutOrganization({.id = org_id, .name = place.area + " " + kind.name,
                                                .description = kind.description}));
      ++sum.organisations;
      Location loc{.id = NewUuidV4(rng), .name = place.area + " " + kind.name, .latitude = place.latitude,
                   .longitude = place.longitude};
      loc.addresses.push_back({.id = NewUuidV4(rng), .address_1 = std::to_string(Between(rng, 1, 120)) + " High Street",
                               .city = place.area, .state_province = place.area, .postal_code = place.postcode});
      NHOOD_RETURN_IF_ERROR(tx.PutLocation(loc));
      const int services = Between(rng, 2, 4);
      for (int k = 0; k < services; ++k) {
        const char* style = kServiceStyles[static_cast<size_t>(k) % std::size(kServiceStyles)];
        Service s{.id = NewUuidV4(rng), .organization_id = org_id,
                  .name = std::string(kind.name) + " " + style, .description = std::string(kind.description) + " (" + style + ")"};
        if (rng.Uniform() < 0.3) s.minimum_age = 18;
        if (std::string_view(kind.name) == "Youth Project") {
          s.minimum_age = 11;
          s.maximum_age = 19;
        }
        s.last_modified = FormatTime(o.anchor - std::chrono::days(Between(rng, 0, 300)));
        s.service_at_locations.push_back({.id = NewUuidV4(rng), .service_id = s.id, .location_id = loc.id});
        s.attributes.push_back({.id = NewUuidV4(rng), .taxonomy_term_id = term_of(kind.terms[k % 2])});
        s.schedules.push_back({.id = NewUuidV4(rng), .freq = "WEEKLY",
                               .byday = std::string(Pick(rng, {"MO", "TU", "WE", "TH", "FR"})),
                               .opens_at = std::to_string(Between(rng, 9, 14)) + ":00",
                               .closes_at = std::to_string(Between(rng, 15, 18)) + ":00"});
        s.cost_options.push_back({.id = NewUuidV4(rng), .option = "Free", .amount = 0});
        NHOOD_RETURN_IF_ERROR(tx.PutService(s));
        service_ids.push_back(s.id);
        ++sum.services;
      }
    }

    // ---- staff ----
    auto add_user = [&](const std::string& username, const std::string& display, Role role) -> Result<int64_t> {
      ++sum.users;
      return CreateUser(tx, {.username = username, .display_name = display, .role = role, .password = o.password,
                             .team_id = std::nullopt},
                        o.anchor - std::chrono::days(365));
    };
    NHOOD_RETURN_IF_ERROR(add_user("admin", "Service admin", Role::kAdmin).status());
    NHOOD_RETURN_IF_ERROR(add_user("manager", "Morag (manager)", Role::kManager).status());
    NHOOD_RETURN_IF_ERROR(add_user("analyst", "Ade (analyst)", Role::kAnalyst).status());
    std::vector<int64_t> workers;
    for (int w = 1; w <= 3; ++w) {
      NHOOD_ASSIGN_OR_RETURN(int64_t id, add_user("worker" + std::to_string(w), "Link worker " + std::to_string(w),
                                                  Role::kLinkWorker));
      workers.push_back(id);
    }
    std::vector<int64_t> volunteers;
    for (int v = 1; v <= o.volunteers; ++v) {
      NHOOD_ASSIGN_OR_RETURN(int64_t uid, add_user("volunteer" + std::to_string(v), "Volunteer " + std::to_string(v),
                                                   Role::kVolunteer));
      NHOOD_ASSIGN_OR_RETURN(int64_t vid, tx.AddVolunteer({.user_id = uid, .name = "Volunteer " + std::to_string(v),
                                                           .started_on = DaysBefore(o.anchor, 360)}));
      volunteers.push_back(vid);
      ++sum.volunteers;
      for (int h = 0; h < 40; ++h) {
        NHOOD_RETURN_IF_ERROR(tx.AddVolunteerHours({.volunteer_id = vid, .date = DaysBefore(o.anchor, Between(rng, 0, 350)),
                                                    .hours = 0.5 * Between(rng, 1, 8),
                                                    .activity = std::string(Pick(rng, {"drop-in", "befriending call",
                                                                                       "walking group"})),
                                                    .recorded_by = uid}).status());
        ++sum.volunteer_hours;
      }
    }

    // ---- residents and casework ----
    // Homes drawn by weight: the cumulative weights, searched with a uniform draw.
    std::vector<double> cumulative;
    cumulative.reserve(places.size());
    double total = 0;
    for (const DemoPlace& p : places) cumulative.push_back(total += DemoPlaceWeight(p, o.weights));
    for (int i = 0; i < o.residents; ++i) {
      const double u = rng.Uniform() * total;
      const size_t pick = std::min<size_t>(
          places.size() - 1, static_cast<size_t>(std::upper_bound(cumulative.begin(), cumulative.end(), u) -
                                                 cumulative.begin()));
      const DemoPlace& home = places[pick];
      sum.residents_core20 += home.core20;
      sum.residents_double_disadvantage += home.double_disadvantage;
      const int64_t worker = workers[rng.Bounded(workers.size())];
      const int days_ago = Between(rng, 20, 360);
      const Time received = o.anchor - std::chrono::days(days_ago) - std::chrono::hours(Between(rng, 0, 8));
      Resident r;
      r.pseudonym = NewUuidV4(rng);
      r.name = std::string(Pick(rng, kFirst)) + " " + Pick(rng, kLast);
      r.date_of_birth = DaysBefore(o.anchor, 365 * Between(rng, 18, 92) + Between(rng, 0, 364));
      r.sex = rng.Uniform() < 0.58 ? Sex::kFemale : Sex::kMale;
      r.ethnicity = std::string(Pick(rng, kEthnicities));
      r.postcode = home.postcode;
      r.lsoa = home.lsoa;
      r.created_by = worker;
      r.created_at = received;
      r.updated_at = received;
      NHOOD_RETURN_IF_ERROR(ValidateResident(r, today));
      NHOOD_ASSIGN_OR_RETURN(int64_t rid, tx.AddResident(r));
      ++sum.residents;
      NHOOD_RETURN_IF_ERROR(tx.AddToCaseload({.user_id = worker, .resident_id = rid,
                                              .reason = CaseloadReason::kCreated, .since = received}));
      const int episodes = rng.Uniform() < 0.25 ? 2 : 1;
      for (int e = 0; e < episodes; ++e) {
        const Time at = received + std::chrono::days(e * (days_ago / 2));
        Referral ref{.resident_id = rid,
                     .source = std::array{ReferralSource::kGp, ReferralSource::kGp, ReferralSource::kSelf,
                                          ReferralSource::kAgency, ReferralSource::kOther}[rng.Bounded(5)],
                     .reasons = {kTerms[rng.Bounded(std::size(kTerms))].code},
                     .assigned_to = worker,
                     .received_at = at,
                     .received_by = worker,
                     .updated_at = at};
        NHOOD_ASSIGN_OR_RETURN(ref.id, tx.AddReferral(ref));
        ++sum.referrals;
        // The workflow: how far this episode got.
        const double fate = rng.Uniform();
        std::vector<ReferralStatus> path;
        if (fate < 0.08) {
          path = {ReferralStatus::kDeclined};
        } else if (fate < 0.15) {
          path = {ReferralStatus::kContacted, ReferralStatus::kDidNotEngage};
        } else if (fate < 0.25) {
          path = {ReferralStatus::kContacted};
        } else if (fate < 0.55) {
          path = {ReferralStatus::kContacted, ReferralStatus::kAssessed, ReferralStatus::kSupported};
        } else {
          path = {ReferralStatus::kContacted, ReferralStatus::kAssessed, ReferralStatus::kSupported,
                  ReferralStatus::kClosed};
        }
        const int span_days = std::max(1, std::min(days_ago - e * (days_ago / 2) - 1, 120));
        Time step = at;
        for (size_t k = 0; k < path.size(); ++k) {
          step += std::chrono::days(std::max(1, span_days / static_cast<int>(path.size() + 1)));
          NHOOD_ASSIGN_OR_RETURN(Transition t, MakeTransition(ref, path[k], step, worker));
          NHOOD_RETURN_IF_ERROR(tx.ApplyTransition(t).status());
          ref.status = path[k];
        }
        if (path.front() == ReferralStatus::kDeclined) continue;
        const bool supported = std::find(path.begin(), path.end(), ReferralStatus::kSupported) != path.end();
        const int contacts = supported ? Between(rng, 6, 14) : Between(rng, 1, 3);
        for (int c = 0; c < contacts; ++c) {
          Contact ct{.referral_id = ref.id, .resident_id = rid,
                     .date = DateOf(at + std::chrono::days(1 + static_cast<int>(rng.Bounded(
                                                              static_cast<uint64_t>(span_days))))),
                     .mode = std::array{ContactKind::kPhone, ContactKind::kInPerson, ContactKind::kHomeVisit,
                                        ContactKind::kMessage, ContactKind::kGroup}[rng.Bounded(5)],
                     .minutes = 5 * Between(rng, 2, 18), .created_by = worker, .created_at = at};
          if (!volunteers.empty() && rng.Uniform() < 0.2) {
            ct.volunteer_id = volunteers[rng.Bounded(volunteers.size())];
          } else {
            ct.worker_id = worker;
          }
          NHOOD_RETURN_IF_ERROR(tx.AddContact(ct).status());
          ++sum.contacts;
        }
        if (!supported) continue;
        const Date assessed = DateOf(at + std::chrono::days(span_days / 4 + 1));
        NHOOD_RETURN_IF_ERROR(tx.AddNeed({.referral_id = ref.id, .resident_id = rid, .category = ref.reasons[0],
                                          .identified_on = assessed, .recorded_by = worker}).status());
        for (int k = 0; k < Between(rng, 1, 3); ++k) {
          NHOOD_RETURN_IF_ERROR(tx.AddOnwardReferral({.referral_id = ref.id, .resident_id = rid,
                                                      .service_id = service_ids[rng.Bounded(service_ids.size())],
                                                      .status = std::array{OnwardStatus::kSent, OnwardStatus::kAccepted,
                                                                           OnwardStatus::kAttended,
                                                                           OnwardStatus::kDeclined}[rng.Bounded(4)],
                                                      .sent_on = assessed, .created_by = worker,
                                                      .updated_at = at}).status());
          ++sum.onward_referrals;
        }
        // Baseline, then a follow-up that tends to be better.
        const int base = Between(rng, 2, 3);
        std::vector<int> swemwbs(7), ons4(4);
        for (int& x : swemwbs) x = std::clamp(base + Between(rng, -1, 1), 1, 5);
        for (int& x : ons4) x = Between(rng, 2, 6);
        NHOOD_RETURN_IF_ERROR(tx.AddOutcome({.referral_id = ref.id, .resident_id = rid, .measure = Measure::kSwemwbs,
                                             .timepoint = Timepoint::kBaseline, .date = assessed, .items = swemwbs,
                                             .recorded_by = worker, .recorded_at = at}).status());
        NHOOD_RETURN_IF_ERROR(tx.AddOutcome({.referral_id = ref.id, .resident_id = rid, .measure = Measure::kOns4,
                                             .timepoint = Timepoint::kBaseline, .date = assessed, .items = ons4,
                                             .recorded_by = worker, .recorded_at = at}).status());
        sum.outcomes += 2;
        if (path.back() == ReferralStatus::kClosed) {
          const Date follow = DateOf(step);
          for (int& x : swemwbs) x = std::clamp(x + Between(rng, 0, 1), 1, 5);
          for (size_t k = 0; k < 3; ++k) ons4[k] = std::clamp(ons4[k] + Between(rng, 0, 2), 0, 10);
          ons4[3] = std::clamp(ons4[3] - Between(rng, 0, 2), 0, 10);
          NHOOD_RETURN_IF_ERROR(tx.AddOutcome({.referral_id = ref.id, .resident_id = rid,
                                               .measure = Measure::kSwemwbs, .timepoint = Timepoint::kFollowUp,
                                               .date = follow, .items = swemwbs, .recorded_by = worker,
                                               .recorded_at = step}).status());
          NHOOD_RETURN_IF_ERROR(tx.AddOutcome({.referral_id = ref.id, .resident_id = rid, .measure = Measure::kOns4,
                                               .timepoint = Timepoint::kFollowUp, .date = follow, .items = ons4,
                                               .recorded_by = worker, .recorded_at = step}).status());
          sum.outcomes += 2;
        }
      }
    }
    return Status::Ok();
  });
  NHOOD_RETURN_IF_ERROR(done);
  return sum;
}

}  // namespace nhood::link
