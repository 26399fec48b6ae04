// AlertFeed: every change to an alert, in one global order, durable and live.
// Commits that change alerts pass through CommitWith, which numbers their
// updates with consecutive cursors and writes them (to the alert_feed family,
// in the command's own batch). The commits themselves run concurrently, so
// they share fsyncs like any other; each one's updates are handed to
// subscribers only once every lower cursor's commit has finished, so
// subscribers get cursor order and never see a gap that a later commit
// fills. A commit that fails leaves its cursors unused. The highest cursor
// committed is a high-water mark in meta that only rises (raise_merge.h),
// whatever order the commits land in. Thread-safe.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "casehub/v1/alert.pb.h"
#include "services/store/store.h"

namespace casehub::engine {

class AlertFeed {
 public:
  static absl::StatusOr<std::unique_ptr<AlertFeed>> Open(store::Store* store);

  // Appends `updates` (their cursors are filled here) to `batch`, commits it,
  // and returns once every subscriber has been called with each update, in
  // cursor order (by this call, or by the call whose lower cursors it
  // waited for).
  absl::Status CommitWith(store::WriteBatch& batch, std::vector<v1::AlertUpdate> updates);

  // Called with each committed update, under the feed's lock: must not block
  // and must not call back into the feed.
  using Subscriber = std::function<void(const v1::AlertUpdate&)>;
  // Returns the handle for Unsubscribe, and the last cursor handed over
  // before the subscription took effect (every cursor up to it is
  // committed or unused): everything later is delivered.
  struct Subscription {
    uint64_t handle;
    uint64_t last_cursor;
  };
  Subscription Subscribe(Subscriber subscriber);
  void Unsubscribe(uint64_t handle);

  // Up to `limit` stored updates of `site_id` after `after_cursor`, up to and
  // including `up_to_cursor`, oldest first.
  absl::StatusOr<std::vector<v1::AlertUpdate>> ReadAfter(absl::string_view site_id,
                                                         uint64_t after_cursor,
                                                         uint64_t up_to_cursor,
                                                         size_t limit) const;

 private:
  AlertFeed(store::Store* store, uint64_t last_cursor)
      : store_(store), reserved_(last_cursor), last_cursor_(last_cursor) {}

  // A commit that finished, waiting for lower cursors' commits to finish.
  struct Finished {
    uint64_t last;
    // Empty when the commit failed.
    std::vector<v1::AlertUpdate> updates;
  };

  store::Store* store_;
  mutable absl::Mutex mu_;
  // The highest cursor given out.
  uint64_t reserved_ ABSL_GUARDED_BY(mu_);
  // The highest cursor handed to subscribers.
  uint64_t last_cursor_ ABSL_GUARDED_BY(mu_);
  // By first cursor.
  std::map<uint64_t, Finished> finished_ ABSL_GUARDED_BY(mu_);
  uint64_t next_handle_ ABSL_GUARDED_BY(mu_) = 1;
  std::map<uint64_t, Subscriber> subscribers_ ABSL_GUARDED_BY(mu_);
};

// Cursors travel as decimal text; "" is 0 (the beginning).
std::string FormatCursor(uint64_t cursor);
absl::StatusOr<uint64_t> ParseCursor(absl::string_view text);

}  // namespace casehub::engine
