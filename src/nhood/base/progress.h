// Progress: a progress line for work that may take more than a few seconds.
//
// It draws "label  [#####.....]  42%  1.2 s" on one line, redrawn at most ten
// times a second, only when the stream is a terminal (or when forced), so logs
// and pipes stay clean. Not thread-safe: call Advance from one thread (the
// permutation engine reports from its coordinating thread).
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace nhood {

class Progress {
 public:
  struct Options {
    // Draw even when the stream is not a terminal (tests).
    bool force = false;
    // Stream to draw on; stderr by default.
    std::FILE* stream = nullptr;
  };

  Progress(std::string label, uint64_t total) : Progress(std::move(label), total, Options{}) {}
  Progress(std::string label, uint64_t total, Options options);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // Adds `n` units of work done.
  void Advance(uint64_t n = 1);
  // Marks the work complete and ends the line (idempotent).
  void Finish();

  bool enabled() const { return enabled_; }
  uint64_t done() const { return done_; }

 private:
  void Draw(bool final);

  std::string label_;
  uint64_t total_;
  uint64_t done_ = 0;
  std::FILE* stream_;
  bool enabled_;
  bool finished_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace nhood
