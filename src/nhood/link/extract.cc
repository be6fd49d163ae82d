#include "nhood/link/extract.h"

#include <sodium.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace nhood::link {
namespace {

constexpr const char* kOns4Names[] = {"ons4_life_satisfaction", "ons4_worthwhile", "ons4_happiness", "ons4_anxiety"};

// The earliest baseline and the latest follow-up (by date, then id) of `o`.
void Take(PairedScore& p, std::optional<Date>& base_on, std::optional<Date>& follow_on, const Outcome& o,
          double score) {
  const auto day = std::chrono::sys_days(o.date);
  if (o.timepoint == Timepoint::kBaseline) {
    if (!base_on || day < std::chrono::sys_days(*base_on)) {
      p.baseline = score;
      base_on = o.date;
    }
  } else if (!follow_on || day >= std::chrono::sys_days(*follow_on)) {
    p.follow_up = score;
    follow_on = o.date;
  }
}

struct Dated {
  std::optional<Date> base_on, follow_on;
};

}  // namespace

std::string ExtractKey(std::string_view secret, int64_t resident_id) {
  const std::string text = std::to_string(resident_id);
  crypto_auth_hmacsha256_state state;
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  crypto_auth_hmacsha256_final(&state, mac);
  char hex[2 * crypto_auth_hmacsha256_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  return std::string(hex);
}

std::string AgeBand(int age) {
  if (age < 16) return "0-15";
  if (age < 25) return "16-24";
  if (age >= 85) return "85+";
  const int lo = (age - 25) / 10 * 10 + 25;
  return std::to_string(lo) + "-" + std::to_string(lo + 9);
}

Result<Extract> BuildExtract(Store& store, const Actor& actor, std::string_view secret, const RequestInfo& request) {
  NHOOD_RETURN_IF_ERROR(AuditedCheck(store, actor, Action::kExportExtract, {}, "extract", "", request));
  if (secret.size() < kMinExtractSecretBytes) {
    return InvalidField("secret", "the deployment secret must be at least " + std::to_string(kMinExtractSecretBytes) +
                                      " bytes");
  }
  if (sodium_init() < 0) return Internal("libsodium could not be initialised");
  Extract out;
  out.on = DateOf(request.now);
  int64_t after = 0;
  while (true) {
    NHOOD_ASSIGN_OR_RETURN(std::vector<Resident> page, store.FindResidents({.after_id = after, .limit = 500}));
    if (page.empty()) break;
    after = page.back().id;
    for (const Resident& r : page) {
      NHOOD_ASSIGN_OR_RETURN(std::vector<Consent> consents, store.ListConsents(r.id));
      if (!HasConsent(consents, ConsentKind::kEvaluation)) {
        ++out.residents_without_consent;
        continue;
      }
      ExtractRow row;
      row.key = ExtractKey(secret, r.id);
      row.lsoa = r.lsoa;
      row.sex = std::string(SexName(r.sex));
      row.ethnicity = r.ethnicity;
      NHOOD_ASSIGN_OR_RETURN(std::vector<Referral> referrals,
                             store.ListReferrals({.resident_id = r.id, .limit = 10000}));
      row.referrals = static_cast<int64_t>(referrals.size());
      const Referral* first = nullptr;
      for (const Referral& ref : referrals) {
        if (!first || ref.received_at < first->received_at) first = &ref;
      }
      if (first) row.referral_source = std::string(ReferralSourceName(first->source));
      if (r.date_of_birth) {
        const Date at = first ? DateOf(first->received_at) : out.on;
        row.age_band = AgeBand(AgeInYears(*r.date_of_birth, at));
      }
      NHOOD_ASSIGN_OR_RETURN(std::vector<Outcome> outcomes, store.ListOutcomes({.resident_id = r.id, .limit = 10000}));
      Dated sw, my, o4[4];
      for (const Outcome& o : outcomes) {
        switch (o.measure) {
          case Measure::kSwemwbs:
            if (auto s = ScoreSwemwbs(o.items)) Take(row.swemwbs, sw.base_on, sw.follow_on, o, s->metric);
            break;
          case Measure::kOns4:
            if (o.items.size() == 4) {
              for (size_t i = 0; i < 4; ++i) Take(row.ons4[i], o4[i].base_on, o4[i].follow_on, o, o.items[i]);
            }
            break;
          case Measure::kMycaw:
            if (!o.items.empty()) Take(row.mycaw, my.base_on, my.follow_on, o, MycawProfileScore(o.items));
            break;
        }
      }
      out.rows.push_back(std::move(row));
    }
  }
  std::sort(out.rows.begin(), out.rows.end(), [](const ExtractRow& a, const ExtractRow& b) { return a.key < b.key; });
  return out;
}

Table ExtractTable(const Extract& e) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  Table::Text key, lsoa, age, sex, ethnicity, source;
  Table::Numbers referrals;
  const size_t n = e.rows.size();
  std::vector<std::string> names = {"swemwbs"};
  for (const char* o : kOns4Names) names.push_back(o);
  names.push_back("mycaw");
  std::vector<Table::Numbers> base(names.size(), Table::Numbers(n, nan)), follow(names.size(), Table::Numbers(n, nan));
  for (size_t i = 0; i < n; ++i) {
    const ExtractRow& r = e.rows[i];
    key.push_back(r.key);
    lsoa.push_back(r.lsoa.value_or(""));
    age.push_back(r.age_band.value_or(""));
    sex.push_back(r.sex);
    ethnicity.push_back(r.ethnicity.value_or(""));
    source.push_back(r.referral_source.value_or(""));
    referrals.push_back(static_cast<double>(r.referrals));
    const PairedScore* scores[] = {&r.swemwbs, &r.ons4[0], &r.ons4[1], &r.ons4[2], &r.ons4[3], &r.mycaw};
    for (size_t m = 0; m < names.size(); ++m) {
      if (scores[m]->baseline) base[m][i] = *scores[m]->baseline;
      if (scores[m]->follow_up) follow[m][i] = *scores[m]->follow_up;
    }
  }
  Table t;
  // Column names are fixed and distinct, and every column has n rows: the
  // adds cannot fail.
  (void)t.AddText("key", std::move(key));
  (void)t.AddText("lsoa", std::move(lsoa));
  (void)t.AddText("age_band", std::move(age));
  (void)t.AddText("sex", std::move(sex));
  (void)t.AddText("ethnicity", std::move(ethnicity));
  (void)t.AddText("referral_source", std::move(source));
  (void)t.AddNumbers("referrals", std::move(referrals));
  for (size_t m = 0; m < names.size(); ++m) {
    (void)t.AddNumbers(names[m] + "_baseline", std::move(base[m]));
    (void)t.AddNumbers(names[m] + "_follow_up", std::move(follow[m]));
  }
  return t;
}

}  // namespace nhood::link
