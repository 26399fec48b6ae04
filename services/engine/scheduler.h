// Scheduler: time-driven work. Scans the due-time indexes for open tasks
// past their due time (marked overdue) and raised alerts past their
// acknowledge_by time (escalated), and issues those changes through the
// ordinary command path, so each is an event like any other. Its request ids
// derive from the task or alert, so a pass repeated after a crash changes
// nothing twice. Beside the passes it compacts the queue ranges whose scans
// met many deletions (Store::CompactCrowdedQueues), on a thread of its own so
// that a long compaction never holds back an escalation.
#pragma once

#include <functional>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/engine/engine.h"
#include "services/store/store.h"

namespace casehub::engine {

class Scheduler {
 public:
  Scheduler(store::Store* store, Engine* engine) : store_(store), engine_(engine) {}
  ~Scheduler() { Stop(); }

  // One pass; returns how many tasks and alerts it changed. Tests call this
  // after moving a ManualClock.
  absl::StatusOr<int> RunOnce();

  // Runs a pass every `interval` on a background thread, and the
  // compaction of crowded queue ranges as often on another, until Stop.
  void Start(absl::Duration interval);
  void Stop();

 private:
  // Calls `work` every `interval` until Stop.
  void Loop(absl::Duration interval, const std::function<void()>& work);

  store::Store* store_;
  Engine* engine_;
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread passes_;
  std::thread compactions_;
};

}  // namespace casehub::engine
