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

}  // namespace nhood
