// Scheduler: time-driven work. Scans the due-time indexes for open tasks
// past their due time (marked overdue) and raised alerts past their
// acknowledge_by time (escalated), and issues those changes through the
// ordinary command path, so each is an event like any other. Its request ids
// derive from the task or alert, so a pass repeated after a crash changes
// nothing twice.
#pragma once

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

  // Runs a pass every `interval` on a background thread until Stop.
  void Start(absl::Duration interval);
  void Stop();

 private:
  void Loop(absl::Duration interval);

  store::Store* store_;
  Engine* engine_;
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace casehub::engine
