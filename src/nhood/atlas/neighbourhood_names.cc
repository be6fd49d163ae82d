#include "nhood/atlas/neighbourhood_names.h"

#include <algorithm>
#include <map>
#include <utility>

namespace nhood::atlas {
namespace {

// Codes by residents, most first; ties by the smaller code.
std::vector<std::pair<std::string, double>> ByResidents(const std::map<std::string, double>& pop) {
  std::vector<std::pair<std::string, double>> v(pop.begin(), pop.end());
  std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  return v;
}

// " & ", or " / " when either side already has an '&' in it ("Littlemoor &
// Preston / Winterborne & Broadmayne"), so two wards never read as three.
std::string Joiner(const std::string& a, const std::string& b) {
  return a.find('&') == std::string::npos && b.find('&') == std::string::npos ? " & " : " / ";
}

}  // namespace

std::vector<std::string> NameNeighbourhoods(const NamingInput& in) {
  const size_t n = in.region.size();
  const int32_t k = in.count;
  std::vector<std::map<std::string, double>> la_pop(k), ward_pop(k);
  std::map<std::string, std::string> la_name, ward_name;
  for (size_t i = 0; i < n; ++i) {
    const int32_t g = in.region[i];
    if (g < 0 || g >= k) continue;
    la_pop[g][in.local_authority[i]] += in.population[i];
    if (!in.local_authority_name.empty() && !in.local_authority_name[i].empty()) {
      la_name.emplace(in.local_authority[i], in.local_authority_name[i]);
    }
    if (in.ward[i].empty()) continue;
    ward_pop[g][in.ward[i]] += in.population[i];
    if (!in.ward_name.empty() && !in.ward_name[i].empty()) ward_name.emplace(in.ward[i], in.ward_name[i]);
  }
  auto shown = [](const std::map<std::string, std::string>& names, const std::string& code) {
    auto it = names.find(code);
    return it == names.end() ? code : it->second;
  };
  std::vector<std::string> name(k), la(k), second(k);
  for (int32_t g = 0; g < k; ++g) {
    const auto las = ByResidents(la_pop[g]);
    la[g] = las.empty() ? std::string() : shown(la_name, las[0].first);
    const auto wards = ByResidents(ward_pop[g]);
    if (wards.empty()) {
      name[g] = la[g];
      continue;
    }
    double total = 0;
    for (const auto& w : wards) total += w.second;
    name[g] = la[g] + ": " + shown(ward_name, wards[0].first);
    if (wards.size() < 2) continue;
    const std::string w2 = shown(ward_name, wards[1].first);
    if (total > 0 && wards[0].second < 0.5 * total && wards[1].second >= 0.25 * total) {
      name[g] += Joiner(shown(ward_name, wards[0].first), w2) + w2;
    } else {
      second[g] = w2;  // kept to tell apart neighbourhoods that would share a name
    }
  }
  auto clashes = [&] {
    std::map<std::string, std::vector<int32_t>> by;
    for (int32_t g = 0; g < k; ++g) by[name[g]].push_back(g);
    return by;
  };
  for (const auto& [shared, members] : clashes()) {
    if (members.size() < 2) continue;
    for (int32_t g : members) {
      if (!second[g].empty()) name[g] += Joiner(name[g], second[g]) + second[g];
    }
  }
  for (const auto& [shared, members] : clashes()) {
    if (members.size() < 2) continue;
    for (size_t m = 0; m < members.size(); ++m) name[members[m]] += " (" + std::to_string(m + 1) + ")";
  }
  return name;
}

}  // namespace nhood::atlas
