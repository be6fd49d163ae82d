// Rng: the seeded random number generator behind all random work in nhood.
//
// std::mt19937_64 (its sequence is fixed by the C++ standard) with our own
// bounded draw and shuffle, because the algorithms behind
// std::uniform_int_distribution and std::shuffle differ between standard
// libraries. Streams: Rng::ForStream(seed, k) gives an independent generator
// for stream k (an area, a worker's block), so parallel work gives the same
// answer as serial work on any number of threads. Copyable value type; one
// instance must not be used from two threads at once.
#pragma once

#include <cstdint>
#include <random>
#include <span>

namespace nhood {

class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}

  // A generator for stream `stream` under `seed`: the engine is seeded with
  // SplitMix64(seed ^ SplitMix64(stream)), so nearby seeds and streams give
  // unrelated sequences.
  static Rng ForStream(uint64_t seed, uint64_t stream);

  // The next 64 raw bits.
  uint64_t Next() { return engine_(); }

  // A uniform integer in [0, bound). REQUIRES: bound > 0.
  // Lemire's multiply-and-reject method (ACM TOMACS 29(1), 2019): unbiased,
  // usually one multiplication and no division.
  uint64_t Bounded(uint64_t bound);

  // A uniform double in [0, 1) with 53 random bits.
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

  // Fisher-Yates shuffle of `values` with Bounded draws.
  template <typename T>
  void Shuffle(std::span<T> values) {
    for (size_t i = values.size(); i > 1; --i) {
      size_t j = static_cast<size_t>(Bounded(i));
      std::swap(values[i - 1], values[j]);
    }
  }

 private:
  std::mt19937_64 engine_;
};

// SplitMix64 finaliser (Steele, Lea & Flood, OOPSLA 2014): a bijective mix.
uint64_t SplitMix64(uint64_t x);

// Lemire's unbiased bounded draw from any 64-bit generator `next`.
template <typename Next>
uint64_t BoundedDraw(uint64_t bound, Next&& next) {
  __extension__ typedef unsigned __int128 U128;
  U128 m = static_cast<U128>(next()) * bound;
  uint64_t low = static_cast<uint64_t>(m);
  if (low < bound) {
    const uint64_t threshold = -bound % bound;
    while (low < threshold) {
      m = static_cast<U128>(next()) * bound;
      low = static_cast<uint64_t>(m);
    }
  }
  return static_cast<uint64_t>(m >> 64);
}

// StreamRng: the SplitMix64 sequence (a Weyl counter through the SplitMix64
// mix) keyed by (seed, stream). Cheap to create (two words of state), so the
// permutation engine makes one per area: results depend only on the seed and
// the area, never on how areas are split between threads. Passes BigCrush
// (Steele et al. 2014). Copyable value type.
class StreamRng {
 public:
  StreamRng(uint64_t seed, uint64_t stream) : state_(SplitMix64(seed ^ SplitMix64(stream))) {}
  uint64_t Next() {
    state_ += 0x9e3779b97f4a7c15ULL;
    uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, bound). REQUIRES: bound > 0.
  uint64_t Bounded(uint64_t bound) {
    return BoundedDraw(bound, [this] { return Next(); });
  }

  // 32 random bits: the low then the high half of each Next().
  uint32_t Next32() {
    if (have_half_) {
      have_half_ = false;
      return static_cast<uint32_t>(half_ >> 32);
    }
    half_ = Next();
    have_half_ = true;
    return static_cast<uint32_t>(half_);
  }

  // Uniform in [0, bound) from 32-bit draws (Lemire 2019, 32-bit form): half
  // the generator calls of Bounded for bounds below 2^32. REQUIRES: bound > 0.
  uint32_t Bounded32(uint32_t bound) {
    uint64_t m = static_cast<uint64_t>(Next32()) * bound;
    uint32_t low = static_cast<uint32_t>(m);
    if (low < bound) {
      const uint32_t threshold = -bound % bound;
      while (low < threshold) {
        m = static_cast<uint64_t>(Next32()) * bound;
        low = static_cast<uint32_t>(m);
      }
    }
    return static_cast<uint32_t>(m >> 32);
  }

 private:
  uint64_t state_;
  uint64_t half_ = 0;
  bool have_half_ = false;
};

}  // namespace nhood
