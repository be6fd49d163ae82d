#include "nhood/region/neighbourhoods.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <unordered_map>

namespace nhood::region {
namespace {

// One nest group's connected piece, solved on its own.
class Piece {
 public:
  Piece(const geo::SpatialWeights& w, std::vector<int32_t> areas, std::span<const double> pop,
        std::span<const geo::Point> c, std::span<const double> attr, double attr_var, const RegionOptions& o)
      : w_(w), areas_(std::move(areas)), pop_(pop), c_(c), attr_(attr), attr_var_(attr_var), o_(o) {
    double area_sum = 0;
    geo::Point lo{INFINITY, INFINITY}, hi{-INFINITY, -INFINITY};
    for (int32_t a : areas_) {
      total_ += pop_[a];
      lo = {std::min(lo.x, c_[a].x), std::min(lo.y, c_[a].y)};
      hi = {std::max(hi.x, c_[a].x), std::max(hi.y, c_[a].y)};
    }
    area_sum = std::max(1.0, (hi.x - lo.x) * (hi.y - lo.y));
    spacing2_ = area_sum / static_cast<double>(areas_.size());
    if (spacing2_ <= 0) spacing2_ = 1;
  }

  // Region of each area of the piece (0..p-1), in areas_ order.
  std::vector<int32_t> Solve() {
    const size_t n = areas_.size();
    for (size_t k = 0; k < n; ++k) index_of_[areas_[k]] = static_cast<int32_t>(k);
    int p = static_cast<int>(std::lround(total_ / o_.target));
    const int lo = static_cast<int>(std::ceil(total_ / o_.ceiling)), hi = static_cast<int>(std::floor(total_ / o_.floor));
    if (lo <= hi) p = std::clamp(p, lo, hi);
    p = std::clamp(p, 1, static_cast<int>(n));
    label_.assign(n, -1);
    Seed(p);
    Grow(p);
    Refine(p);
    if (MergeSmall(&p)) Refine(p);
    return label_;
  }

 private:
  double Dist2(int32_t a, const geo::Point& q) const {
    const double dx = c_[a].x - q.x, dy = c_[a].y - q.y;
    return dx * dx + dy * dy;
  }

  void Seed(int p) {
    const size_t n = areas_.size();
    geo::Point mid{0, 0};
    for (int32_t a : areas_) {
      mid.x += c_[a].x / n;
      mid.y += c_[a].y / n;
    }
    std::vector<double> best(n, INFINITY);
    size_t first = 0;
    for (size_t k = 0; k < n; ++k) {
      if (Dist2(areas_[k], mid) > Dist2(areas_[first], mid)) first = k;
    }
    size_t next = first;
    for (int r = 0; r < p; ++r) {
      label_[next] = r;
      for (size_t k = 0; k < n; ++k) best[k] = std::min(best[k], Dist2(areas_[k], c_[areas_[next]]));
      size_t far = 0;
      for (size_t k = 0; k < n; ++k) {
        if (label_[k] < 0 && (label_[far] >= 0 || best[k] > best[far])) far = k;
      }
      next = far;
    }
    stats_.assign(p, {});
    for (size_t k = 0; k < n; ++k) {
      if (label_[k] >= 0) Add(label_[k], static_cast<int32_t>(k));
    }
  }

  struct RegionStats {
    double pop = 0, sx = 0, sy = 0, count = 0, sa = 0, saa = 0;
  };

  void Add(int32_t r, int32_t k) {
    const int32_t a = areas_[k];
    auto& s = stats_[r];
    s.pop += pop_[a];
    s.sx += c_[a].x;
    s.sy += c_[a].y;
    s.count += 1;
    if (!attr_.empty()) {
      s.sa += attr_[a];
      s.saa += attr_[a] * attr_[a];
    }
  }
  void Remove(int32_t r, int32_t k) {
    const int32_t a = areas_[k];
    auto& s = stats_[r];
    s.pop -= pop_[a];
    s.sx -= c_[a].x;
    s.sy -= c_[a].y;
    s.count -= 1;
    if (!attr_.empty()) {
      s.sa -= attr_[a];
      s.saa -= attr_[a] * attr_[a];
    }
  }

  // Neighbours of piece-local area k, as piece-local indices.
  template <typename F>
  void ForNeighbours(int32_t k, F&& f) const {
    for (int32_t j : w_.neighbours(static_cast<size_t>(areas_[k]))) {
      auto it = index_of_.find(j);
      if (it != index_of_.end()) f(it->second);
    }
  }

  void Grow(int p) {
    const size_t n = areas_.size();
    size_t assigned = static_cast<size_t>(std::count_if(label_.begin(), label_.end(), [](int32_t l) { return l >= 0; }));
    std::vector<char> exhausted(p, 0);
    while (assigned < n) {
      // The least-populated region that can still grow.
      int32_t r = -1;
      for (int32_t q = 0; q < p; ++q) {
        if (!exhausted[q] && (r < 0 || stats_[q].pop < stats_[r].pop)) r = q;
      }
      if (r < 0) break;  // cannot happen in a connected piece
      const geo::Point centre{stats_[r].sx / stats_[r].count, stats_[r].sy / stats_[r].count};
      const double mean_a = attr_.empty() ? 0 : stats_[r].sa / stats_[r].count;
      int32_t best = -1;
      double best_cost = INFINITY;
      for (size_t k = 0; k < n; ++k) {
        if (label_[k] != r) continue;
        ForNeighbours(static_cast<int32_t>(k), [&](int32_t j) {
          if (label_[j] >= 0) return;
          double cost = Dist2(areas_[j], centre) / spacing2_;
          if (!attr_.empty() && attr_var_ > 0) {
            const double d = attr_[areas_[j]] - mean_a;
            cost += o_.homogeneity_weight * d * d / attr_var_;
          }
          if (cost < best_cost || (cost == best_cost && j < best)) {
            best_cost = cost;
            best = j;
          }
        });
      }
      if (best < 0) {
        exhausted[r] = 1;
        continue;
      }
      label_[best] = r;
      Add(r, best);
      ++assigned;
      std::fill(exhausted.begin(), exhausted.end(), 0);
    }
  }

  double Objective(int32_t r) const {
    const auto& s = stats_[r];
    if (s.count == 0) return 0;
    double f = 0;
    if (s.pop < o_.floor) f += 1000 * (o_.floor - s.pop) / o_.target;
    if (s.pop > o_.ceiling) f += 1000 * (s.pop - o_.ceiling) / o_.target;
    f += (s.pop / o_.target - 1) * (s.pop / o_.target - 1);
    if (!attr_.empty() && attr_var_ > 0) f += o_.homogeneity_weight * (s.saa - s.sa * s.sa / s.count) / attr_var_;
    return f;
  }

  double Spread(int32_t r, const std::vector<int32_t>& members) const {
    const auto& s = stats_[r];
    if (s.count == 0) return 0;
    const geo::Point centre{s.sx / s.count, s.sy / s.count};
    double d = 0;
    for (int32_t k : members) d += Dist2(areas_[k], centre);
    return o_.compactness_weight * d / spacing2_;
  }

  // True iff region r stays connected without piece-local area `skip`.
  bool ConnectedWithout(int32_t r, int32_t skip, const std::vector<int32_t>& members) const {
    if (members.size() <= 1) return false;
    std::vector<int32_t> stack;
    std::vector<char> seen(areas_.size(), 0);
    for (int32_t k : members) {
      if (k != skip) {
        stack.push_back(k);
        seen[k] = 1;
        break;
      }
    }
    size_t reached = 1;
    while (!stack.empty()) {
      const int32_t k = stack.back();
      stack.pop_back();
      ForNeighbours(k, [&](int32_t j) {
        if (j != skip && !seen[j] && label_[j] == r) {
          seen[j] = 1;
          ++reached;
          stack.push_back(j);
        }
      });
    }
    return reached == members.size() - 1;
  }

  // Merges each region below the floor (smallest first) into its smallest
  // adjacent region when the union stays within the ceiling; relabels
  // 0..p'-1 in order of first area. Returns whether anything merged.
  bool MergeSmall(int* p) {
    bool merged_any = false;
    for (;;) {
      int32_t small = -1;
      for (int32_t r = 0; r < *p; ++r) {
        if (stats_[r].count > 0 && stats_[r].pop < o_.floor && (small < 0 || stats_[r].pop < stats_[small].pop)) small = r;
      }
      if (small < 0) break;
      int32_t into = -1;
      for (size_t k = 0; k < areas_.size(); ++k) {
        if (label_[k] != small) continue;
        ForNeighbours(static_cast<int32_t>(k), [&](int32_t j) {
          const int32_t q = label_[j];
          if (q == small || stats_[q].pop + stats_[small].pop > o_.ceiling) return;
          if (into < 0 || stats_[q].pop < stats_[into].pop || (stats_[q].pop == stats_[into].pop && q < into)) into = q;
        });
      }
      if (into < 0) {
        // Cannot merge within the ceiling: mark it by pretending it is fine.
        blocked_.push_back(small);
        stats_[small].pop += 1e12;
        continue;
      }
      for (size_t k = 0; k < areas_.size(); ++k) {
        if (label_[k] == small) {
          Remove(small, static_cast<int32_t>(k));
          Add(into, static_cast<int32_t>(k));
          label_[k] = into;
        }
      }
      merged_any = true;
    }
    for (int32_t r : blocked_) stats_[r].pop -= 1e12;
    blocked_.clear();
    // Relabel compactly.
    std::vector<int32_t> map(*p, -1);
    int32_t next = 0;
    for (size_t k = 0; k < areas_.size(); ++k) {
      if (map[label_[k]] < 0) map[label_[k]] = next++;
      label_[k] = map[label_[k]];
    }
    std::vector<RegionStats> stats(next);
    for (int32_t r = 0; r < *p; ++r) {
      if (map[r] >= 0) stats[map[r]] = stats_[r];
    }
    stats_ = std::move(stats);
    *p = next;
    return merged_any;
  }

  void Refine(int p) {
    const size_t n = areas_.size();
    std::vector<std::vector<int32_t>> members(p);
    for (size_t k = 0; k < n; ++k) members[label_[k]].push_back(static_cast<int32_t>(k));
    for (int pass = 0; pass < o_.max_passes; ++pass) {
      bool moved = false;
      for (size_t kk = 0; kk < n; ++kk) {
        const int32_t k = static_cast<int32_t>(kk);
        const int32_t from = label_[k];
        std::vector<int32_t> targets;
        ForNeighbours(k, [&](int32_t j) {
          if (label_[j] != from && std::find(targets.begin(), targets.end(), label_[j]) == targets.end()) {
            targets.push_back(label_[j]);
          }
        });
        if (targets.empty()) continue;
        std::sort(targets.begin(), targets.end());
        if (!ConnectedWithout(from, k, members[from])) continue;
        const double before_from = Objective(from) + Spread(from, members[from]);
        int32_t best_to = -1;
        double best_delta = -1e-12;
        for (int32_t to : targets) {
          const double before = before_from + Objective(to) + Spread(to, members[to]);
          Remove(from, k);
          Add(to, k);
          auto mf = members[from];
          mf.erase(std::find(mf.begin(), mf.end(), k));
          auto mt = members[to];
          mt.push_back(k);
          const double after = Objective(from) + Spread(from, mf) + Objective(to) + Spread(to, mt);
          Remove(to, k);
          Add(from, k);
          if (after - before < best_delta) {
            best_delta = after - before;
            best_to = to;
          }
        }
        if (best_to >= 0) {
          Remove(from, k);
          Add(best_to, k);
          members[from].erase(std::find(members[from].begin(), members[from].end(), k));
          members[best_to].push_back(k);
          label_[k] = best_to;
          moved = true;
        }
      }
      if (!moved) break;
    }
  }

  const geo::SpatialWeights& w_;
  std::vector<int32_t> areas_;
  std::span<const double> pop_;
  std::span<const geo::Point> c_;
  std::span<const double> attr_;
  double attr_var_;
  const RegionOptions& o_;
  double total_ = 0, spacing2_ = 1;
  std::vector<int32_t> label_;
  std::vector<RegionStats> stats_;
  std::vector<int32_t> blocked_;
  std::unordered_map<int32_t, int32_t> index_of_;
};

}  // namespace

Result<Neighbourhoods> BuildNeighbourhoods(const geo::SpatialWeights& w, std::span<const int32_t> nest,
                                           std::span<const double> population, std::span<const geo::Point> centroids,
                                           std::span<const double> attribute, const RegionOptions& o) {
  const size_t n = w.size();
  if (nest.size() != n || population.size() != n || centroids.size() != n || (!attribute.empty() && attribute.size() != n)) {
    return InvalidArgument("neighbourhoods: inputs do not match the number of areas");
  }
  if (!(o.floor > 0 && o.floor <= o.target && o.target <= o.ceiling)) {
    return InvalidArgument("neighbourhoods: need 0 < floor <= target <= ceiling");
  }
  for (size_t i = 0; i < n; ++i) {
    if (!(population[i] >= 0)) return InvalidArgument("neighbourhoods: area '" + w.ids()[i] + "' has no population");
    if (!attribute.empty() && !std::isfinite(attribute[i])) {
      return InvalidArgument("neighbourhoods: area '" + w.ids()[i] + "' has no value of the homogeneity attribute");
    }
  }
  double attr_var = 0;
  if (!attribute.empty()) {
    const double mean = std::accumulate(attribute.begin(), attribute.end(), 0.0) / n;
    for (double v : attribute) attr_var += (v - mean) * (v - mean);
    attr_var /= n;
  }
  // Pieces: connected components of the weights restricted to each nest group.
  std::vector<int32_t> piece(n, -1);
  std::vector<std::vector<int32_t>> pieces;
  for (size_t s = 0; s < n; ++s) {
    if (piece[s] >= 0) continue;
    const int32_t id = static_cast<int32_t>(pieces.size());
    pieces.emplace_back();
    std::vector<int32_t> stack{static_cast<int32_t>(s)};
    piece[s] = id;
    while (!stack.empty()) {
      const int32_t i = stack.back();
      stack.pop_back();
      pieces[id].push_back(i);
      for (int32_t j : w.neighbours(static_cast<size_t>(i))) {
        if (piece[j] < 0 && nest[j] == nest[i]) {
          piece[j] = id;
          stack.push_back(j);
        }
      }
    }
    std::sort(pieces[id].begin(), pieces[id].end());
  }
  Neighbourhoods out;
  out.region.assign(n, -1);
  for (auto& areas : pieces) {
    Piece solver(w, areas, population, centroids, attribute, attr_var, o);
    const std::vector<int32_t> labels = solver.Solve();
    const int32_t base = out.count;
    int32_t most = -1;
    for (size_t k = 0; k < areas.size(); ++k) {
      out.region[areas[k]] = base + labels[k];
      most = std::max(most, labels[k]);
    }
    for (int32_t r = 0; r <= most; ++r) out.nest_of_region.push_back(nest[areas[0]]);
    out.count += most + 1;
  }
  return out;
}

bool RegionsContiguous(const geo::SpatialWeights& w, std::span<const int32_t> region, int32_t count) {
  std::vector<int32_t> size(count, 0), reached(count, 0), start(count, -1);
  for (size_t i = 0; i < region.size(); ++i) {
    ++size[region[i]];
    if (start[region[i]] < 0) start[region[i]] = static_cast<int32_t>(i);
  }
  std::vector<char> seen(region.size(), 0);
  for (int32_t r = 0; r < count; ++r) {
    if (start[r] < 0) continue;
    std::vector<int32_t> stack{start[r]};
    seen[start[r]] = 1;
    while (!stack.empty()) {
      const int32_t i = stack.back();
      stack.pop_back();
      ++reached[r];
      for (int32_t j : w.neighbours(static_cast<size_t>(i))) {
        if (!seen[j] && region[j] == r) {
          seen[j] = 1;
          stack.push_back(j);
        }
      }
    }
    if (reached[r] != size[r]) return false;
  }
  return true;
}

}  // namespace nhood::region
