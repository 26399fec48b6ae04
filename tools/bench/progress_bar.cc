#include "tools/bench/progress_bar.h"

#include <algorithm>
#include <iostream>
#include <string>

#include "absl/strings/str_format.h"
#include "absl/time/clock.h"

namespace casehub::bench {
namespace {

constexpr int kWidth = 30;

std::string Clock(absl::Duration duration) {
  const int64_t seconds = absl::ToInt64Seconds(duration);
  return absl::StrFormat("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
}

}  // namespace

ProgressBar::ProgressBar(const std::atomic<uint64_t>& done, uint64_t total)
    : done_(done), total_(total), started_(absl::Now()) {
  drawer_ = std::thread([this] {
    while (!stop_.WaitForNotificationWithTimeout(absl::Milliseconds(500))) Draw();
  });
}

ProgressBar::~ProgressBar() {
  stop_.Notify();
  drawer_.join();
  Draw();
  std::cerr << "\n";
}

void ProgressBar::Draw() const {
  const uint64_t done = done_.load();
  const absl::Duration elapsed = absl::Now() - started_;
  const double rate = static_cast<double>(done) / std::max(absl::ToDoubleSeconds(elapsed), 1e-3);
  const int filled = total_ == 0 ? kWidth : static_cast<int>(kWidth * done / total_);
  const std::string eta =
      rate > 0 ? Clock(absl::Seconds(static_cast<double>(total_ - done) / rate)) : "?";
  std::cerr << absl::StrFormat("\r[%s%s] %d/%d patients  %.0f/s  elapsed %s  ETA %s ",
                               std::string(filled, '#'), std::string(kWidth - filled, '.'), done,
                               total_, rate, Clock(elapsed), eta)
            << std::flush;
}

}  // namespace casehub::bench
