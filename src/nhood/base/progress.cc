#include "nhood/base/progress.h"

#include <unistd.h>

#include <algorithm>

namespace nhood {

Progress::Progress(std::string label, uint64_t total, Options options)
    : label_(std::move(label)),
      total_(total),
      stream_(options.stream ? options.stream : stderr),
      enabled_(options.force || isatty(fileno(stream_))),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

Progress::~Progress() { Finish(); }

void Progress::Advance(uint64_t n) {
  done_ += n;
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ >= std::chrono::milliseconds(100)) {
    last_draw_ = now;
    Draw(false);
  }
}

void Progress::Finish() {
  if (finished_) return;
  finished_ = true;
  if (!enabled_) return;
  done_ = std::max(done_, total_);
  Draw(true);
}

void Progress::Draw(bool final) {
  constexpr int kWidth = 30;
  const double fraction = total_ == 0 ? 1.0 : std::min(1.0, static_cast<double>(done_) / total_);
  const int filled = static_cast<int>(fraction * kWidth);
  std::string bar(filled, '#');
  bar.append(kWidth - filled, '.');
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  std::fprintf(stream_, "\r%s  [%s] %3d%%  %.1f s%s", label_.c_str(), bar.c_str(),
               static_cast<int>(fraction * 100), seconds, final ? "\n" : "");
  std::fflush(stream_);
}

}  // namespace nhood
