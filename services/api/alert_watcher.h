// AlertWatcher: one WatchAlerts stream. It subscribes to the AlertFeed first,
// then reads what the client missed (after its cursor) from the store, and
// delivers both in cursor order without gaps or repeats. Writes go out one
// at a time; when a client reads so slowly that `max_pending` updates wait,
// the stream ends with RESOURCE_EXHAUSTED naming the cursor to resume from, so a
// slow watcher never holds up ingest or other watchers. Deletes itself when
// the call is done.
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "casehub/v1/alert.pb.h"
#include "grpcpp/grpcpp.h"
#include "services/api/executor.h"
#include "services/api/watcher_slots.h"
#include "services/engine/alert_feed.h"

namespace casehub::api {

class AlertWatcher final : public grpc::ServerWriteReactor<v1::AlertUpdate> {
 public:
  // Starts watching `site_id` after `after_cursor`, or from now on when it
  // is nullopt. The backlog is read on `executor`. Holds one of `slots`,
  // already taken, and gives it back when deleted.
  AlertWatcher(engine::AlertFeed* feed, Executor& executor, WatcherSlots* slots,
               size_t max_pending, std::string site_id, std::optional<uint64_t> after_cursor);
  ~AlertWatcher() override;

  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  void OnLive(const v1::AlertUpdate& update);
  void CatchUp(uint64_t after_cursor, uint64_t up_to_cursor);
  void QueueBacklogLocked(const std::vector<v1::AlertUpdate>& backlog)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void EnqueueLocked(const v1::AlertUpdate& update) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void WriteNextLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void FinishLocked(const grpc::Status& status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  engine::AlertFeed* feed_;
  WatcherSlots* slots_;
  const size_t max_pending_;
  const std::string site_id_;
  uint64_t subscription_ = 0;

  absl::Mutex mu_;
  // While true, live updates wait in held_ until the backlog is queued.
  bool catching_up_ ABSL_GUARDED_BY(mu_) = true;
  std::vector<v1::AlertUpdate> held_ ABSL_GUARDED_BY(mu_);
  std::deque<v1::AlertUpdate> pending_ ABSL_GUARDED_BY(mu_);
  uint64_t last_queued_cursor_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t last_written_cursor_ ABSL_GUARDED_BY(mu_) = 0;
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  // The reactor is deleted when both the call is done and no catch-up work
  // is queued on the executor (which holds `this`).
  bool catch_up_queued_ ABSL_GUARDED_BY(mu_) = false;
  bool done_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace casehub::api
