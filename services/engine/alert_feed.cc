#include "services/engine/alert_feed.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "casehub/status_macros.h"
#include "services/engine/field_rules.h"
#include "services/store/keys.h"

namespace casehub::engine {

absl::StatusOr<std::unique_ptr<AlertFeed>> AlertFeed::Open(store::Store* store) {
  ASSIGN_OR_RETURN(std::optional<std::string> stored,
                   store->Get(store::Family::kMeta, store::kAlertFeedCursorKey));
  uint64_t last = 0;
  if (stored) {
    std::optional<uint64_t> parsed = store::ReadUint64(*stored);
    if (!parsed) return absl::DataLossError("meta alert_feed_cursor is unreadable");
    last = *parsed;
  }
  return std::unique_ptr<AlertFeed>(new AlertFeed(store, last));
}

absl::Status AlertFeed::CommitWith(store::WriteBatch& batch,
                                   std::vector<v1::AlertUpdate> updates) {
  if (updates.empty()) return store_->Commit(batch);
  uint64_t first;
  {
    absl::MutexLock lock(&mu_);
    first = reserved_ + 1;
    reserved_ += updates.size();
  }
  uint64_t cursor = first - 1;
  for (v1::AlertUpdate& update : updates) {
    update.set_cursor(FormatCursor(++cursor));
    batch.Put(store::Family::kAlertFeed, store::AlertFeedKey(update.alert().site_id(), cursor),
              update.SerializeAsString());
  }
  batch.RaiseMeta(store::kAlertFeedCursorKey, cursor);
  const absl::Status committed = store_->Commit(batch);

  absl::MutexLock lock(&mu_);
  if (!committed.ok()) updates.clear();
  finished_.emplace(first, Finished{cursor, std::move(updates)});
  // Hand over every finished commit that no unfinished one precedes.
  while (!finished_.empty() && finished_.begin()->first == last_cursor_ + 1) {
    const Finished& next = finished_.begin()->second;
    for (const v1::AlertUpdate& update : next.updates) {
      for (const auto& [handle, subscriber] : subscribers_) subscriber(update);
    }
    last_cursor_ = next.last;
    finished_.erase(finished_.begin());
  }
  // The writer answers only once watchers have its updates: a lower
  // cursor's commit, still finishing, hands them over.
  std::pair<const uint64_t*, uint64_t> handed_over = {&last_cursor_, cursor};
  mu_.Await(absl::Condition(
      +[](std::pair<const uint64_t*, uint64_t>* wait) { return *wait->first >= wait->second; },
      &handed_over));
  return committed;
}

AlertFeed::Subscription AlertFeed::Subscribe(Subscriber subscriber) {
  absl::MutexLock lock(&mu_);
  uint64_t handle = next_handle_++;
  subscribers_[handle] = std::move(subscriber);
  return {handle, last_cursor_};
}

void AlertFeed::Unsubscribe(uint64_t handle) {
  absl::MutexLock lock(&mu_);
  subscribers_.erase(handle);
}

absl::StatusOr<std::vector<v1::AlertUpdate>> AlertFeed::ReadAfter(absl::string_view site_id,
                                                                  uint64_t after_cursor,
                                                                  uint64_t up_to_cursor,
                                                                  size_t limit) const {
  std::vector<v1::AlertUpdate> updates;
  if (after_cursor >= up_to_cursor) return updates;
  absl::Status parsed = absl::OkStatus();
  // Seek to the first key after the cursor: start_after is the cursor's key.
  RETURN_IF_ERROR(store_->Scan(
      store::Family::kAlertFeed, store::AlertFeedPrefix(site_id),
      after_cursor == 0 ? "" : store::AlertFeedKey(site_id, after_cursor),
      [&](absl::string_view key, absl::string_view value) {
        std::optional<uint64_t> cursor = store::AlertFeedKeyCursor(key);
        if (!cursor || *cursor > up_to_cursor || updates.size() >= limit) return false;
        if (!updates.emplace_back().ParseFromArray(value.data(), static_cast<int>(value.size()))) {
          parsed = absl::DataLossError(absl::StrCat("alert feed entry ", *cursor, " does not parse"));
          return false;
        }
        return true;
      }));
  RETURN_IF_ERROR(parsed);
  return updates;
}

std::string FormatCursor(uint64_t cursor) { return absl::StrCat(cursor); }

absl::StatusOr<uint64_t> ParseCursor(absl::string_view text) {
  if (text.empty()) return 0;
  uint64_t cursor = 0;
  if (!absl::SimpleAtoi(text, &cursor)) {
    return InvalidField("after_cursor", absl::StrCat("'", text, "' is not a cursor"));
  }
  return cursor;
}

}  // namespace casehub::engine
