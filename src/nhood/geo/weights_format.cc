#include "nhood/geo/weights_format.h"

#include <cmath>
#include <sstream>
#include <unordered_map>

#include "nhood/base/number.h"

namespace nhood::geo {
namespace {

std::unordered_map<std::string, int32_t> IndexOf(const std::vector<std::string>& ids) {
  std::unordered_map<std::string, int32_t> m;
  for (size_t i = 0; i < ids.size(); ++i) m.emplace(ids[i], static_cast<int32_t>(i));
  return m;
}

std::vector<std::string> Tokens(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  std::string t;
  while (in >> t) out.push_back(t);
  return out;
}

Error Bad(const std::string& source, size_t line, const std::string& what) {
  return InvalidArgument(source + ": line " + std::to_string(line) + ": " + what);
}

}  // namespace

Result<SpatialWeights> ParseGal(const std::string& text, const std::vector<std::string>& ids,
                                const std::string& source) {
  const auto index = IndexOf(ids);
  std::istringstream in(text);
  std::string line;
  size_t lineno = 0;
  std::vector<std::vector<int32_t>> nb(ids.size());
  std::vector<bool> seen(ids.size(), false);
  if (!std::getline(in, line)) return InvalidArgument(source + ": empty GAL file");
  ++lineno;
  while (std::getline(in, line)) {
    ++lineno;
    auto head = Tokens(line);
    if (head.empty()) continue;
    if (head.size() < 2) return Bad(source, lineno, "expected 'id count'");
    auto it = index.find(head[0]);
    if (it == index.end()) return Bad(source, lineno, "unknown area '" + head[0] + "'");
    std::optional<double> k = ParseNumber(head[1]);
    if (!k || *k < 0 || *k != static_cast<int>(*k)) return Bad(source, lineno, "bad neighbour count '" + head[1] + "'");
    std::vector<std::string> list;
    if (*k > 0) {
      if (!std::getline(in, line)) return Bad(source, lineno, "missing neighbour line");
      ++lineno;
      list = Tokens(line);
    }
    if (list.size() != static_cast<size_t>(*k)) {
      return Bad(source, lineno, "area '" + head[0] + "' lists " + std::to_string(list.size()) + " neighbours, header says " + head[1]);
    }
    seen[it->second] = true;
    for (const auto& id : list) {
      auto jt = index.find(id);
      if (jt == index.end()) return Bad(source, lineno, "unknown neighbour '" + id + "'");
      nb[it->second].push_back(jt->second);
    }
  }
  for (size_t i = 0; i < ids.size(); ++i) {
    if (!seen[i]) return InvalidArgument(source + ": area '" + ids[i] + "' is missing from the weights file");
  }
  return SpatialWeights::FromNeighbours(ids, nb);
}

Result<SpatialWeights> ParseGwt(const std::string& text, const std::vector<std::string>& ids,
                                const std::string& source) {
  std::istringstream in(text);
  std::string line;
  size_t lineno = 0;
  std::vector<std::string> from, to;
  std::vector<double> w;
  if (!std::getline(in, line)) return InvalidArgument(source + ": empty GWT file");
  ++lineno;
  while (std::getline(in, line)) {
    ++lineno;
    auto t = Tokens(line);
    if (t.empty()) continue;
    if (t.size() < 3) return Bad(source, lineno, "expected 'from to weight'");
    std::optional<double> v = ParseNumber(t[2]);
    if (!v || std::isnan(*v)) return Bad(source, lineno, "weight '" + t[2] + "' is not a number");
    from.push_back(t[0]);
    to.push_back(t[1]);
    w.push_back(*v);
  }
  return FromEdges(from, to, ids, w, source);
}

Result<SpatialWeights> FromEdges(const std::vector<std::string>& from, const std::vector<std::string>& to,
                                 const std::vector<std::string>& ids, const std::vector<double>& weights,
                                 const std::string& source) {
  const auto index = IndexOf(ids);
  std::vector<std::vector<int32_t>> nb(ids.size());
  std::vector<std::vector<double>> wt(ids.size());
  for (size_t e = 0; e < from.size(); ++e) {
    auto a = index.find(from[e]), b = index.find(to[e]);
    if (a == index.end() || b == index.end()) {
      return InvalidArgument(source + ": row " + std::to_string(e + 1) + ": unknown area '" +
                             (a == index.end() ? from[e] : to[e]) + "'");
    }
    nb[a->second].push_back(b->second);
    if (!weights.empty()) wt[a->second].push_back(weights[e]);
  }
  return SpatialWeights::FromNeighbours(ids, nb, weights.empty() ? std::vector<std::vector<double>>{} : wt);
}

std::string FormatGal(const SpatialWeights& w) {
  std::string out = std::to_string(w.size()) + "\n";
  for (size_t i = 0; i < w.size(); ++i) {
    out += w.ids()[i] + " " + std::to_string(w.cardinality(i)) + "\n";
    std::string line;
    for (int32_t j : w.neighbours(i)) line += (line.empty() ? "" : " ") + w.ids()[j];
    out += line + "\n";
  }
  return out;
}

}  // namespace nhood::geo
