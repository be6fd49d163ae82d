#include "nhood/base/rng.h"

namespace nhood {

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
  return BoundedDraw(bound, [this] { return Next(); });
}

}  // namespace nhood
