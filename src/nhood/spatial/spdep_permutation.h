// R spdep 1.2-7 localmoran_perm, reproduced draw for draw: the compatibility
// mode for analysts who must match published spdep results.
//
// After set.seed(seed), spdep visits areas in order and, for area i with k_i
// neighbours, draws k_i x nsim values of z[-i] *with replacement* (R's
// sample(), rejection sampling) into an nsim x k_i matrix filled by column;
// each row times the weights gives a permuted lag. From the nsim permuted
// I_i it reports their mean and variance, z = (I_i - mean) / sd with a
// two-sided normal p, the rank-based "Pr(z != E(Ii)) Sim" from its look-up
// table 2 min(r, nsim + 2 - r) / (nsim + 1) (r the rank of I_i among the
// nsim + 1 values), and the folded (min(M, nsim - M) + 1) / (nsim + 1).
// Islands draw nothing and get NaN.
// NOTE: sampling with replacement is spdep 1.2-7's choice; GeoDa, PySAL and
// nhood's own engine (permutation.h) sample without replacement. This mode
// is sequential by construction (one R stream). Pure function; thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "nhood/base/result.h"
#include "nhood/geo/weights.h"

namespace nhood::spatial {

struct SpdepLocalMoranPerm {
  std::vector<double> mean, var, z, p_z, p_rank, p_folded;
};

Result<SpdepLocalMoranPerm> SpdepLocalMoranPermutation(std::span<const double> x, const geo::SpatialWeights& w,
                                                       int nsim, int32_t seed);

}  // namespace nhood::spatial
