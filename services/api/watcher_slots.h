// WatcherSlots: a bound on open WatchAlerts streams. Each stream holds a
// subscription and a queue of pending updates, so their number is what
// bounds the memory watchers can take.
#pragma once

#include <atomic>
#include <cstddef>

namespace casehub::api {

class WatcherSlots {
 public:
  explicit WatcherSlots(size_t max) : max_(max) {}

  size_t max() const { return max_; }

  // Takes a slot; false when all are taken.
  bool TryTake() {
    size_t taken = taken_.load();
    do {
      if (taken >= max_) return false;
    } while (!taken_.compare_exchange_weak(taken, taken + 1));
    return true;
  }

  void Give() { taken_.fetch_sub(1); }

 private:
  const size_t max_;
  std::atomic<size_t> taken_{0};
};

}  // namespace casehub::api
