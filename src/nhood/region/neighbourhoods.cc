#include "nhood/region/neighbourhoods.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <numeric>
#include <random>

namespace nhood::region {
namespace {

// In growth, the weight of the perimeter a candidate adds (in typical area
// widths) relative to c: growth only seeds the search, so a light touch.
constexpr double kGrowPerimeter = 0.1;

uint64_t SplitMix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

struct RegionStats {
  double pop = 0, count = 0;
  double sx = 0, sy = 0, sq = 0;  // centroid sums (piece-centred), sum of x^2 + y^2
  double sa = 0, saa = 0;         // attribute sums
  double area = 0, perimeter = 0;
};

// One nest group's connected piece, solved on its own. Areas are held by
// piece-local index k (0..n-1, ascending global index).
class Piece {
 public:
  Piece(const geo::SpatialWeights& w, std::vector<int32_t> areas, std::span<const int32_t> local,
        std::span<const int32_t> piece_of, std::span<const double> pop, std::span<const geo::Point> c,
        std::span<const double> attr, double attr_var, const SharedBoundaries* b, const RegionOptions& o)
      : areas_(std::move(areas)), attr_var_(attr_var), o_(o), use_perimeter_(b != nullptr && o.compactness_weight > 0) {
    const size_t n = areas_.size();
    const int32_t me = piece_of[areas_[0]];
    geo::Point mid{0, 0};
    for (int32_t a : areas_) {
      mid.x += c[a].x / static_cast<double>(n);
      mid.y += c[a].y / static_cast<double>(n);
    }
    geo::Point lo{INFINITY, INFINITY}, hi{-INFINITY, -INFINITY};
    adj_start_.push_back(0);
    for (int32_t a : areas_) {
      pop_.push_back(pop[a]);
      x_.push_back(c[a].x - mid.x);
      y_.push_back(c[a].y - mid.y);
      attr_.push_back(attr.empty() ? 0.0 : attr[a]);
      area_.push_back(b ? b->area[a] : 0.0);
      perim_.push_back(b ? b->perimeter[a] : 0.0);
      total_ += pop[a];
      lo = {std::min(lo.x, c[a].x), std::min(lo.y, c[a].y)};
      hi = {std::max(hi.x, c[a].x), std::max(hi.y, c[a].y)};
      const auto nb = w.neighbours(static_cast<size_t>(a));
      const size_t first = static_cast<size_t>(w.indptr()[a]);
      for (size_t e = 0; e < nb.size(); ++e) {
        if (piece_of[nb[e]] != me) continue;
        adj_.push_back(local[nb[e]]);
        adj_len_.push_back(b ? b->shared[first + e] : 0.0);
      }
      adj_start_.push_back(static_cast<int32_t>(adj_.size()));
    }
    has_attr_ = !attr.empty() && attr_var_ > 0;
    spacing2_ = std::max(1.0, (hi.x - lo.x) * (hi.y - lo.y)) / static_cast<double>(n);
    stamp_.assign(n, 0);
  }

  // Region of each area of the piece (0..p-1), in areas_ order.
  std::vector<int32_t> Solve() {
    const size_t n = areas_.size();
    int p = static_cast<int>(std::lround(total_ / o_.target));
    const int lo = static_cast<int>(std::ceil(total_ / o_.ceiling)), hi = static_cast<int>(std::floor(total_ / o_.floor));
    if (lo <= hi) p = std::clamp(p, lo, hi);
    p = std::clamp(p, 1, static_cast<int>(n));
    label_.assign(n, -1);
    Seed(p);
    Grow(p);
    Refine();
    if (MergeSmall()) Refine();
    Anneal(o_.seed);
    return label_;
  }

 private:
  std::span<const int32_t> Adj(int32_t k) const {
    return {adj_.data() + adj_start_[k], adj_.data() + adj_start_[k + 1]};
  }
  std::span<const double> AdjLen(int32_t k) const {
    return {adj_len_.data() + adj_start_[k], adj_len_.data() + adj_start_[k + 1]};
  }
  double Dist2(int32_t k, double x, double y) const {
    const double dx = x_[k] - x, dy = y_[k] - y;
    return dx * dx + dy * dy;
  }

  // Stats of region r with area k added (sign +1) or removed (-1); `shared`
  // is the boundary k shares with r's other areas.
  RegionStats With(RegionStats s, int32_t k, double sign, double shared) const {
    s.pop += sign * pop_[k];
    s.count += sign;
    s.sx += sign * x_[k];
    s.sy += sign * y_[k];
    s.sq += sign * (x_[k] * x_[k] + y_[k] * y_[k]);
    s.sa += sign * attr_[k];
    s.saa += sign * attr_[k] * attr_[k];
    s.area += sign * area_[k];
    s.perimeter += sign * (perim_[k] - 2 * shared);
    return s;
  }

  // Boundary area k shares with region r (excluding itself).
  double SharedWith(int32_t k, int32_t r) const {
    const auto nb = Adj(k);
    const auto len = AdjLen(k);
    double s = 0;
    for (size_t e = 0; e < nb.size(); ++e) {
      if (label_[nb[e]] == r) s += len[e];
    }
    return s;
  }

  void Assign(int32_t k, int32_t r) {
    if (label_[k] >= 0) stats_[label_[k]] = With(stats_[label_[k]], k, -1, SharedWith(k, label_[k]));
    stats_[r] = With(stats_[r], k, +1, SharedWith(k, r));
    label_[k] = r;
  }

  double Objective(const RegionStats& s) const {
    if (s.count <= 0) return 0;
    double f = 0;
    if (s.pop < o_.floor) f += 1000 * (o_.floor - s.pop) / o_.target;
    if (s.pop > o_.ceiling) f += 1000 * (s.pop - o_.ceiling) / o_.target;
    f += (s.pop / o_.target - 1) * (s.pop / o_.target - 1);
    if (has_attr_) f += o_.homogeneity_weight * std::max(0.0, s.saa - s.sa * s.sa / s.count) / attr_var_;
    if (o_.inertia_weight > 0) {
      f += o_.inertia_weight * std::max(0.0, s.sq - (s.sx * s.sx + s.sy * s.sy) / s.count) / spacing2_;
    }
    if (use_perimeter_ && s.perimeter > 0) {
      f += o_.compactness_weight * (1 - 4 * std::numbers::pi * s.area / (s.perimeter * s.perimeter));
    }
    return f;
  }

  void Seed(int p) {
    const size_t n = areas_.size();
    std::vector<double> best(n, INFINITY);
    size_t first = 0;
    for (size_t k = 0; k < n; ++k) {
      if (Dist2(static_cast<int32_t>(k), 0, 0) > Dist2(static_cast<int32_t>(first), 0, 0)) first = k;
    }
    stats_.assign(p, {});
    size_t next = first;
    for (int r = 0; r < p; ++r) {
      Assign(static_cast<int32_t>(next), r);
      for (size_t k = 0; k < n; ++k) {
        best[k] = std::min(best[k], Dist2(static_cast<int32_t>(k), x_[next], y_[next]));
      }
      size_t far = 0;
      for (size_t k = 0; k < n; ++k) {
        if (label_[k] < 0 && (label_[far] >= 0 || best[k] > best[far])) far = k;
      }
      next = far;
    }
  }

  void Grow(int p) {
    const size_t n = areas_.size();
    size_t assigned = static_cast<size_t>(p);
    std::vector<char> exhausted(p, 0);
    // Frontier per region would be faster; regions are small (tens of
    // areas), so each step scans the region's areas.
    std::vector<std::vector<int32_t>> members(p);
    for (size_t k = 0; k < n; ++k) {
      if (label_[k] >= 0) members[label_[k]].push_back(static_cast<int32_t>(k));
    }
    const double scale = std::sqrt(spacing2_);
    while (assigned < n) {
      int32_t r = -1;  // the least-populated region that can still grow
      for (int32_t q = 0; q < p; ++q) {
        if (!exhausted[q] && (r < 0 || stats_[q].pop < stats_[r].pop)) r = q;
      }
      if (r < 0) break;  // cannot happen in a connected piece
      const RegionStats& s = stats_[r];
      const double cx = s.sx / s.count, cy = s.sy / s.count, mean_a = s.sa / s.count;
      int32_t best = -1;
      double best_cost = INFINITY;
      for (int32_t k : members[r]) {
        for (int32_t j : Adj(k)) {
          if (label_[j] >= 0) continue;
          double cost = Dist2(j, cx, cy) / spacing2_;
          if (has_attr_) {
            const double d = attr_[j] - mean_a;
            cost += o_.homogeneity_weight * d * d / attr_var_;
          }
          if (use_perimeter_) {
            // Perimeter added, in typical area widths.
            cost += o_.compactness_weight * kGrowPerimeter * (perim_[j] - 2 * SharedWith(j, r)) / scale;
          }
          if (cost < best_cost || (cost == best_cost && j < best)) {
            best_cost = cost;
            best = j;
          }
        }
      }
      if (best < 0) {
        exhausted[r] = 1;
        continue;
      }
      Assign(best, r);
      members[r].push_back(best);
      ++assigned;
      std::fill(exhausted.begin(), exhausted.end(), 0);
    }
  }

  // True iff region r stays connected without area `skip` (r has >= 2 areas).
  bool ConnectedWithout(int32_t r, int32_t skip) {
    int32_t start = -1;
    for (int32_t j : Adj(skip)) {
      if (label_[j] == r) {
        start = j;
        break;
      }
    }
    if (start < 0) return false;
    ++stamp_now_;
    stamp_[skip] = stamp_now_;
    stamp_[start] = stamp_now_;
    stack_.assign(1, start);
    double reached = 1;
    while (!stack_.empty()) {
      const int32_t k = stack_.back();
      stack_.pop_back();
      for (int32_t j : Adj(k)) {
        if (stamp_[j] != stamp_now_ && label_[j] == r) {
          stamp_[j] = stamp_now_;
          reached += 1;
          stack_.push_back(j);
        }
      }
    }
    return reached == stats_[r].count - 1;
  }

  // The regions adjacent to area k other than its own, each with the
  // boundary k shares with it; returns the boundary k shares with its own.
  double Candidates(int32_t k, std::vector<int32_t>* targets, std::vector<double>* shared) const {
    targets->clear();
    shared->clear();
    const int32_t from = label_[k];
    double shared_from = 0;
    const auto nb = Adj(k);
    const auto len = AdjLen(k);
    for (size_t e = 0; e < nb.size(); ++e) {
      const int32_t q = label_[nb[e]];
      if (q == from) {
        shared_from += len[e];
        continue;
      }
      auto it = std::find(targets->begin(), targets->end(), q);
      if (it == targets->end()) {
        targets->push_back(q);
        shared->push_back(len[e]);
      } else {
        (*shared)[it - targets->begin()] += len[e];
      }
    }
    return shared_from;
  }

  double Total() const {
    double f = 0;
    for (const RegionStats& s : stats_) f += Objective(s);
    return f;
  }

  // Sweeps of single-area moves in index order, each the best improving move
  // of the area to an adjacent region that keeps its donor connected.
  void Refine() {
    const size_t n = areas_.size();
    std::vector<int32_t> targets;
    std::vector<double> shared;
    for (int pass = 0; pass < o_.max_passes; ++pass) {
      bool moved = false;
      for (size_t kk = 0; kk < n; ++kk) {
        const int32_t k = static_cast<int32_t>(kk);
        const int32_t from = label_[k];
        if (stats_[from].count <= 1) continue;
        const double shared_from = Candidates(k, &targets, &shared);
        if (targets.empty()) continue;
        const RegionStats from_after = With(stats_[from], k, -1, shared_from);
        const double from_delta = Objective(from_after) - Objective(stats_[from]);
        int32_t best_to = -1;
        size_t best_t = 0;
        double best_delta = -1e-12;
        for (size_t t = 0; t < targets.size(); ++t) {
          const int32_t to = targets[t];
          const double delta = from_delta + Objective(With(stats_[to], k, +1, shared[t])) - Objective(stats_[to]);
          if (delta < best_delta || (delta == best_delta && best_to >= 0 && to < best_to)) {
            best_delta = delta;
            best_to = to;
            best_t = t;
          }
        }
        if (best_to < 0 || !ConnectedWithout(from, k)) continue;
        stats_[from] = from_after;
        stats_[best_to] = With(stats_[best_to], k, +1, shared[best_t]);
        label_[k] = best_to;
        moved = true;
      }
      if (!moved) break;
    }
  }

  // Simulated annealing over the same single-area moves (the AZP-SA variant
  // of Openshaw & Rao 1995): a random area and a random adjacent region,
  // taken when the objective falls or, rising by d, with probability
  // exp(-d / T), T cooling geometrically from anneal_start to anneal_end
  // over anneal_sweeps * n proposals; then greedy sweeps. Keeps the result
  // only if its objective is lower than the starting one. The generator is
  // seeded from `seed` and the piece's first area, so a piece's answer does
  // not depend on the others or on the order they are solved in.
  void Anneal(uint64_t seed) {
    const size_t n = areas_.size();
    if (o_.anneal_sweeps <= 0 || stats_.size() < 2) return;
    const std::vector<int32_t> start_label = label_;
    const std::vector<RegionStats> start_stats = stats_;
    const double start_f = Total();
    std::mt19937_64 rng(SplitMix(seed ^ SplitMix(static_cast<uint64_t>(areas_[0]))));
    auto uniform = [&rng] { return static_cast<double>(rng() >> 11) * 0x1.0p-53; };
    std::vector<int32_t> targets;
    std::vector<double> shared;
    const int sweeps = o_.anneal_sweeps;
    const double t_start = o_.anneal_start, t_end = o_.anneal_end;
    for (int sweep = 0; sweep < sweeps; ++sweep) {
      const double temp = t_start * std::pow(t_end / t_start, sweeps > 1 ? sweep / (sweeps - 1.0) : 1.0);
      for (size_t it = 0; it < n; ++it) {
        const int32_t k = static_cast<int32_t>(rng() % n);
        const int32_t from = label_[k];
        if (stats_[from].count <= 1) continue;
        const double shared_from = Candidates(k, &targets, &shared);
        if (targets.empty()) continue;
        const size_t t = static_cast<size_t>(rng() % targets.size());
        const int32_t to = targets[t];
        const RegionStats from_after = With(stats_[from], k, -1, shared_from);
        const RegionStats to_after = With(stats_[to], k, +1, shared[t]);
        const double delta =
            Objective(from_after) - Objective(stats_[from]) + Objective(to_after) - Objective(stats_[to]);
        if (delta > 0 && uniform() >= std::exp(-delta / temp)) continue;
        if (!ConnectedWithout(from, k)) continue;
        stats_[from] = from_after;
        stats_[to] = to_after;
        label_[k] = to;
      }
    }
    Refine();
    if (!(Total() < start_f)) {
      label_ = start_label;
      stats_ = start_stats;
    }
  }

  // Recomputes every region's stats from the labels (after merging).
  void Recount(int32_t p) {
    stats_.assign(p, {});
    for (size_t k = 0; k < areas_.size(); ++k) {
      const int32_t r = label_[k];
      // Each internal link is seen from both ends: half its length each time.
      stats_[r] = With(stats_[r], static_cast<int32_t>(k), +1, SharedWith(static_cast<int32_t>(k), r) / 2);
    }
  }

  // Merges each region below the floor (smallest first) into its smallest
  // adjacent region when the union stays within the ceiling; relabels
  // 0..p'-1 in order of first area. Returns whether anything merged.
  bool MergeSmall() {
    int32_t p = static_cast<int32_t>(stats_.size());
    bool merged_any = false;
    std::vector<char> blocked(p, 0);
    for (;;) {
      int32_t small = -1;
      for (int32_t r = 0; r < p; ++r) {
        if (!blocked[r] && stats_[r].count > 0 && stats_[r].pop < o_.floor &&
            (small < 0 || stats_[r].pop < stats_[small].pop)) {
          small = r;
        }
      }
      if (small < 0) break;
      int32_t into = -1;
      for (size_t k = 0; k < areas_.size(); ++k) {
        if (label_[k] != small) continue;
        for (int32_t j : Adj(static_cast<int32_t>(k))) {
          const int32_t q = label_[j];
          if (q == small || stats_[q].pop + stats_[small].pop > o_.ceiling) continue;
          if (into < 0 || stats_[q].pop < stats_[into].pop || (stats_[q].pop == stats_[into].pop && q < into)) into = q;
        }
      }
      if (into < 0) {
        blocked[small] = 1;  // cannot merge within the ceiling
        continue;
      }
      for (size_t k = 0; k < areas_.size(); ++k) {
        if (label_[k] == small) label_[k] = into;
      }
      stats_[into].pop += stats_[small].pop;  // enough for the loop; recounted below
      stats_[small] = {};
      merged_any = true;
    }
    std::vector<int32_t> map(p, -1);
    int32_t next = 0;
    for (size_t k = 0; k < areas_.size(); ++k) {
      if (map[label_[k]] < 0) map[label_[k]] = next++;
      label_[k] = map[label_[k]];
    }
    Recount(next);
    return merged_any;
  }

  std::vector<int32_t> areas_;
  std::vector<double> pop_, x_, y_, attr_, area_, perim_;
  std::vector<int32_t> adj_start_, adj_;
  std::vector<double> adj_len_;
  double attr_var_;
  const RegionOptions& o_;
  bool use_perimeter_ = false, has_attr_ = false;
  double total_ = 0, spacing2_ = 1;
  std::vector<int32_t> label_;
  std::vector<RegionStats> stats_;
  std::vector<uint32_t> stamp_;
  uint32_t stamp_now_ = 0;
  std::vector<int32_t> stack_;
};

}  // namespace

Result<Neighbourhoods> BuildNeighbourhoods(const geo::SpatialWeights& w, std::span<const int32_t> nest,
                                           std::span<const double> population, std::span<const geo::Point> centroids,
                                           std::span<const double> attribute, const RegionOptions& o,
                                           const SharedBoundaries* boundaries) {
  const size_t n = w.size();
  if (nest.size() != n || population.size() != n || centroids.size() != n || (!attribute.empty() && attribute.size() != n)) {
    return InvalidArgument("neighbourhoods: inputs do not match the number of areas");
  }
  if (!(o.floor > 0 && o.floor <= o.target && o.target <= o.ceiling)) {
    return InvalidArgument("neighbourhoods: need 0 < floor <= target <= ceiling");
  }
  if (boundaries && (boundaries->area.size() != n || boundaries->perimeter.size() != n ||
                     boundaries->shared.size() != w.num_links())) {
    return InvalidArgument("neighbourhoods: boundary lengths do not match the weights");
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
  std::vector<int32_t> local(n, -1);
  for (const auto& areas : pieces) {
    for (size_t k = 0; k < areas.size(); ++k) local[areas[k]] = static_cast<int32_t>(k);
  }
  Neighbourhoods out;
  out.region.assign(n, -1);
  for (auto& areas : pieces) {
    Piece solver(w, areas, local, piece, population, centroids, attribute, attr_var, boundaries, o);
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
