#include "nhood/base/rng.h"

namespace nhood {

__extension__ typedef unsigned __int128 Uint128;

uint64_t SplitMix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

Rng Rng::ForStream(uint64_t seed, uint64_t stream) {
  return Rng(SplitMix64(seed ^ SplitMix64(stream)));
}

uint64_t Rng::Bounded(uint64_t bound) {
  Uint128 m = static_cast<Uint128>(Next()) * bound;
  uint64_t low = static_cast<uint64_t>(m);
  if (low < bound) {
    const uint64_t threshold = -bound % bound;
    while (low < threshold) {
      m = static_cast<Uint128>(Next()) * bound;
      low = static_cast<uint64_t>(m);
    }
  }
  return static_cast<uint64_t>(m >> 64);
}

}  // namespace nhood
