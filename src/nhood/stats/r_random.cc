#include "nhood/stats/r_random.h"

#include <cmath>

#include "nhood/stats/distributions.h"

namespace nhood::stats {
namespace {
constexpr int kN = 624, kM = 397;
constexpr uint32_t kMatrixA = 0x9908b0dfU, kUpper = 0x80000000U, kLower = 0x7fffffffU;
constexpr double kI2To32Minus1 = 2.328306437080797e-10;  // 1 / (2^32 - 1)
constexpr double kBig = 134217728;                       // 2^27
}  // namespace

RRandom::RRandom(int32_t seed) {
  uint32_t s = static_cast<uint32_t>(seed);
  for (int j = 0; j < 50; ++j) s = 69069 * s + 1;
  // R fills 625 words: the first is the position (then set to 624), the
  // remaining 624 the state.
  s = 69069 * s + 1;
  for (int j = 0; j < kN; ++j) {
    s = 69069 * s + 1;
    mt_[j] = s;
  }
  mti_ = kN;
}

double RRandom::Genrand() {
  static constexpr uint32_t mag01[2] = {0x0U, kMatrixA};
  if (mti_ >= kN) {
    int kk;
    uint32_t y;
    for (kk = 0; kk < kN - kM; ++kk) {
      y = (mt_[kk] & kUpper) | (mt_[kk + 1] & kLower);
      mt_[kk] = mt_[kk + kM] ^ (y >> 1) ^ mag01[y & 0x1U];
    }
    for (; kk < kN - 1; ++kk) {
      y = (mt_[kk] & kUpper) | (mt_[kk + 1] & kLower);
      mt_[kk] = mt_[kk + (kM - kN)] ^ (y >> 1) ^ mag01[y & 0x1U];
    }
    y = (mt_[kN - 1] & kUpper) | (mt_[0] & kLower);
    mt_[kN - 1] = mt_[kM - 1] ^ (y >> 1) ^ mag01[y & 0x1U];
    mti_ = 0;
  }
  uint32_t y = mt_[mti_++];
  y ^= (y >> 11);
  y ^= (y << 7) & 0x9d2c5680U;
  y ^= (y << 15) & 0xefc60000U;
  y ^= (y >> 18);
  return static_cast<double>(y) * 2.3283064365386963e-10;
}

double RRandom::Uniform() {
  const double x = Genrand();
  if (x <= 0.0) return 0.5 * kI2To32Minus1;
  if (1.0 - x <= 0.0) return 1.0 - 0.5 * kI2To32Minus1;
  return x;
}

double RRandom::Normal() {
  double u = Uniform();
  u = static_cast<int>(kBig * u) + Uniform();
  return *NormalQuantile(u / kBig);
}

double RRandom::Normal(double mean, double sd) {
  if (sd == 0 || !std::isfinite(mean)) return mean;
  return mean + sd * Normal();
}

double RRandom::UnifIndex(double dn) {
  if (dn <= 0) return 0.0;
  const int bits = static_cast<int>(std::ceil(std::log2(dn)));
  double dv;
  do {
    int64_t v = 0;
    for (int n = 0; n <= bits; n += 16) {
      const int v1 = static_cast<int>(std::floor(Uniform() * 65536));
      v = 65536 * v + v1;
    }
    dv = static_cast<double>(v & ((int64_t{1} << bits) - 1));
  } while (dn <= dv);
  return dv;
}

}  // namespace nhood::stats
