// InlineReads: how many reads of bounded work may be answered on gRPC's own
// threads at once. A read handed to a worker costs two thread hand-offs (to
// the worker and back to gRPC to send), which on two cores were a quarter of
// a worklist's time (docs/performance.md); answered in place it costs none.
// The slots keep gRPC's few threads from all being taken by reads at once, so
// alert streams and other calls still find one; past them a read queues for
// a worker like any call. Thread-safe.
#pragma once

#include <atomic>

namespace casehub::api {

class InlineReads {
 public:
  // No read runs inline with zero slots.
  explicit InlineReads(int slots) : slots_(slots) {}

  // Takes a slot when one is free.
  bool TryAcquire() {
    int used = used_.load(std::memory_order_relaxed);
    while (used < slots_) {
      if (used_.compare_exchange_weak(used, used + 1, std::memory_order_acquire)) return true;
    }
    return false;
  }
  void Release() { used_.fetch_sub(1, std::memory_order_release); }

 private:
  const int slots_;
  std::atomic<int> used_{0};
};

}  // namespace casehub::api
