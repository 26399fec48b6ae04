// Executor: a fixed pool of worker threads with a bounded queue. gRPC's
// callback threads must never block, but a write blocks until the WAL is
// synced; handlers hand such work to the executor and finish the RPC from a
// worker. Past the queue bound, TrySubmit refuses instead of growing without
// limit. Thread-safe.
#pragma once

#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"

namespace casehub::api {

class Executor {
 public:
  Executor(int threads, size_t max_queued);
  // Runs what is queued, then joins the workers.
  ~Executor();

  // Queues `work`; false when the queue is full.
  bool TrySubmit(std::function<void()> work);

 private:
  void Work();

  const size_t max_queued_;
  absl::Mutex mu_;
  std::deque<std::function<void()>> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> workers_;
};

}  // namespace casehub::api
