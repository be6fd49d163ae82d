// RRandom: R's default random number streams, reproduced so that simulated
// statistics (the SII's confidence interval) match R draw for draw.
//
// R's set.seed(seed) with the default kinds: Mersenne-Twister (Matsumoto &
// Nishimura 1998, ACM TOMACS 8:3-30) seeded by R's linear congruential
// scrambling (69069 * seed + 1, 50 warm-up steps, 625 words); unif_rand()
// fixed up into (0, 1); norm_rand() by inversion with two uniforms
// (u = floor(2^27 u1) + u2, qnorm(u / 2^27)). Source: R's src/main/RNG.c and
// src/nmath/snorm.c (R >= 3.6, sample.kind irrelevant here). The normal
// quantile comes from Boost (distributions.h), within an ulp or two of R's
// qnorm. Copyable value type; one instance per thread.
#pragma once

#include <array>
#include <cstdint>

namespace nhood::stats {

class RRandom {
 public:
  // As R's set.seed(seed).
  explicit RRandom(int32_t seed);

  // As R's unif_rand(): uniform on (0, 1), never exactly 0 or 1.
  double Uniform();
  // As R's norm_rand() with normal.kind = "Inversion".
  double Normal();
  // As one element of R's rnorm(n, mean, sd): returns `mean` without
  // drawing when sd == 0, as R does.
  double Normal(double mean, double sd);
  // As R_unif_index(dn) with sample.kind = "Rejection" (R >= 3.6): a uniform
  // integer in [0, dn) by rejection from the next power of two, the bits
  // taken 16 at a time from unif_rand(). R's sample() with replacement draws
  // one of these per element.
  double UnifIndex(double dn);

 private:
  double Genrand();

  std::array<uint32_t, 624> mt_{};
  int mti_ = 624;
};

}  // namespace nhood::stats
