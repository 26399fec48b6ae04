// A one-line progress report on stderr, redrawn twice a second from its own
// thread: done / total, the rate since the start and the time left at it.
#pragma once

#include <atomic>
#include <cstdint>
#include <thread>

#include "absl/synchronization/notification.h"
#include "absl/time/time.h"

namespace casehub::bench {

class ProgressBar {
 public:
  // `done` is read while the workers count it up; it must outlive the bar.
  ProgressBar(const std::atomic<uint64_t>& done, uint64_t total);
  // Draws the final state and ends the line.
  ~ProgressBar();

 private:
  void Draw() const;

  const std::atomic<uint64_t>& done_;
  const uint64_t total_;
  const absl::Time started_;
  absl::Notification stop_;
  std::thread drawer_;
};

}  // namespace casehub::bench
