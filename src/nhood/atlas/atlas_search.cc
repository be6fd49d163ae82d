#include "nhood/atlas/atlas_search.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <regex>
#include <set>
#include <tuple>

namespace nhood::atlas {
namespace {

std::string Cell(const Table& t, std::optional<size_t> c, size_t r) { return c ? t.Cell(*c, r) : ""; }

double Population(const Table& t, std::optional<size_t> c, size_t r) {
  if (!c) return 0;
  if (t.is_numeric(*c)) return std::isnan(t.numbers(*c)[r]) ? 0 : t.numbers(*c)[r];
  const std::string s = t.Cell(*c, r);
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  return !s.empty() && end && *end == '\0' && std::isfinite(v) ? v : 0;
}

std::optional<size_t> FirstMatching(const Table& t, const std::regex& re) {
  for (size_t c = 0; c < t.num_columns(); ++c) {
    if (std::regex_match(t.name(c), re)) return c;
  }
  return std::nullopt;
}

// 0 exact, 1 prefix, 2 word prefix, 3 substring, -1 no match.
int MatchRank(const std::string& key, const std::string& q) {
  if (key.empty()) return -1;
  if (key == q) return 0;
  const size_t at = key.find(q);
  if (at == std::string::npos) return -1;
  if (at == 0) return 1;
  if (key[at - 1] == ' ') return 2;
  // A later occurrence may start a word.
  for (size_t p = key.find(q, at + 1); p != std::string::npos; p = key.find(q, p + 1)) {
    if (key[p - 1] == ' ') return 2;
  }
  return 3;
}

}  // namespace

std::string NormaliseForSearch(std::string_view s) {
  std::string out;
  bool space = false;
  for (char ch : s) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (ch == '&') {
      if (!out.empty()) out += ' ';
      out += "and";
      space = true;
      continue;
    }
    if (std::isalnum(c) || c >= 0x80) {
      if (space && !out.empty() && out.back() != ' ') out += ' ';
      space = false;
      out += static_cast<char>(std::tolower(c));
    } else {
      space = true;
    }
  }
  return out;
}

SearchIndex SearchIndex::Build(const ExplorerAtlas& atlas) {
  SearchIndex index;
  auto add = [&](std::string kind, int order, std::string id, std::string name, std::string nb) {
    Entry e;
    e.name_key = NormaliseForSearch(name);
    e.code_key = NormaliseForSearch(id);
    e.hit = {std::move(kind), std::move(id), std::move(name), std::move(nb)};
    e.kind_order = order;
    index.entries_.push_back(std::move(e));
  };
  const Table& nb = atlas.neighbourhoods;
  const auto nb_id = nb.Find("neighbourhood_id"), nb_name = nb.Find("name");
  const auto nb_la = nb.Find("local_authority_name");
  for (size_t r = 0; nb_id && r < nb.num_rows(); ++r) {
    const std::string id = nb.Cell(*nb_id, r);
    std::string name = Cell(nb, nb_name, r);
    if (name.empty()) name = Cell(nb, nb_la, r).empty() ? id : Cell(nb, nb_la, r) + " " + id;
    add("neighbourhood", 0, id, name, id);
  }

  const Table& l = atlas.lsoas;
  const auto code = LsoaCodeColumn(l), name = LsoaNameColumn(l);
  const auto lsoa_nb = l.Find("neighbourhood_id"), pop = l.Find("population");
  const auto la = l.Find("local_authority"), la_name = l.Find("local_authority_name");
  const auto ward = FirstMatching(l, std::regex("ward\\d\\d_code"));
  const auto ward_name = FirstMatching(l, std::regex("ward\\d\\d_name"));
  // Residents per (area, neighbourhood), to point wards and authorities at
  // the neighbourhood holding most of them.
  std::map<std::string, std::map<std::string, double>> ward_pop, la_pop;
  std::map<std::string, std::string> ward_names, la_names;
  for (size_t r = 0; r < l.num_rows(); ++r) {
    const std::string n = Cell(l, lsoa_nb, r);
    if (code) add("lsoa", 3, l.Cell(*code, r), Cell(l, name, r).empty() ? l.Cell(*code, r) : Cell(l, name, r), n);
    const double p = Population(l, pop, r);
    if (ward && !l.Cell(*ward, r).empty()) {
      ward_pop[l.Cell(*ward, r)][n] += p;
      ward_names.emplace(l.Cell(*ward, r), Cell(l, ward_name, r));
    }
    if (la && !l.Cell(*la, r).empty()) {
      la_pop[l.Cell(*la, r)][n] += p;
      la_names.emplace(l.Cell(*la, r), Cell(l, la_name, r));
    }
  }
  auto most = [](const std::map<std::string, double>& m) {
    std::string best;
    double top = -1;
    for (const auto& [k, v] : m) {
      if (v > top) top = v, best = k;
    }
    return best;
  };
  for (const auto& [w, m] : ward_pop) add("ward", 1, w, ward_names[w].empty() ? w : ward_names[w], most(m));
  for (const auto& [a, m] : la_pop) add("lad", 2, a, la_names[a].empty() ? a : la_names[a], most(m));
  return index;
}

std::vector<SearchHit> SearchIndex::Search(std::string_view query, size_t limit) const {
  const std::string q = NormaliseForSearch(query);
  std::vector<SearchHit> out;
  if (q.size() < 2 || limit == 0) return out;
  std::vector<std::tuple<int, int, const Entry*>> found;
  for (const Entry& e : entries_) {
    int a = MatchRank(e.name_key, q), b = MatchRank(e.code_key, q);
    if (a < 0 && b < 0) continue;
    const int rank = a < 0 ? b : (b < 0 ? a : std::min(a, b));
    found.emplace_back(rank, e.kind_order, &e);
  }
  const size_t n = std::min(limit, found.size());
  std::partial_sort(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(n), found.end(),
                    [](const auto& x, const auto& y) {
                      if (std::get<0>(x) != std::get<0>(y)) return std::get<0>(x) < std::get<0>(y);
                      if (std::get<1>(x) != std::get<1>(y)) return std::get<1>(x) < std::get<1>(y);
                      const Entry& a = *std::get<2>(x);
                      const Entry& b = *std::get<2>(y);
                      return std::tie(a.hit.name, a.hit.id) < std::tie(b.hit.name, b.hit.id);
                    });
  for (size_t i = 0; i < n; ++i) out.push_back(std::get<2>(found[i])->hit);
  return out;
}

}  // namespace nhood::atlas
