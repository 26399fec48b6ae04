// AlertFeed: every change to an alert, in one global order, durable and live.
// Commits that change alerts pass through CommitWith, which numbers their
// updates with consecutive cursors, writes them (to the alert_feed family,
// in the command's own batch) and only then hands them to subscribers — all
// under one mutex, so cursor order is commit order and a subscriber never
// sees a gap that a later commit fills. Alert changes are rare (critical
// values), so serializing those commits costs little; other commits never
// take this path. Thread-safe.
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
  // then calls every subscriber with each update, in cursor order.
  absl::Status CommitWith(store::WriteBatch& batch, std::vector<v1::AlertUpdate> updates);

  // Called with each committed update, under the feed's lock: must not block
  // and must not call back into the feed.
  using Subscriber = std::function<void(const v1::AlertUpdate&)>;
  // Returns the handle for Unsubscribe, and the last cursor committed before
  // the subscription took effect: everything later is delivered.
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
  AlertFeed(store::Store* store, uint64_t last_cursor) : store_(store), last_cursor_(last_cursor) {}

  store::Store* store_;
  mutable absl::Mutex mu_;
  uint64_t last_cursor_ ABSL_GUARDED_BY(mu_);
  uint64_t next_handle_ ABSL_GUARDED_BY(mu_) = 1;
  std::map<uint64_t, Subscriber> subscribers_ ABSL_GUARDED_BY(mu_);
};

// Cursors travel as decimal text; "" is 0 (the beginning).
std::string FormatCursor(uint64_t cursor);
absl::StatusOr<uint64_t> ParseCursor(absl::string_view text);

}  // namespace casehub::engine
