#include "services/api/alert_watcher.h"

#include "absl/strings/str_cat.h"
#include "services/api/call.h"

namespace casehub::api {
namespace {

// Backlog pages: small enough to bound one read, large enough to be few.
constexpr size_t kBacklogPage = 500;

uint64_t CursorOf(const v1::AlertUpdate& update) {
  absl::StatusOr<uint64_t> cursor = engine::ParseCursor(update.cursor());
  return cursor.ok() ? *cursor : 0;
}

}  // namespace

AlertWatcher::AlertWatcher(engine::AlertFeed* feed, Executor& executor, WatcherSlots* slots,
                           size_t max_pending, std::string site_id,
                           std::optional<uint64_t> after_cursor)
    : feed_(feed), slots_(slots), max_pending_(max_pending), site_id_(std::move(site_id)) {
  engine::AlertFeed::Subscription subscription =
      feed_->Subscribe([this](const v1::AlertUpdate& update) { OnLive(update); });
  subscription_ = subscription.handle;
  const uint64_t up_to = subscription.last_cursor;
  absl::MutexLock lock(&mu_);
  if (!after_cursor || *after_cursor >= up_to) {
    last_queued_cursor_ = last_written_cursor_ = std::max(after_cursor.value_or(0), up_to);
    catching_up_ = false;
    return;
  }
  const uint64_t from = *after_cursor;
  last_queued_cursor_ = last_written_cursor_ = from;
  catch_up_queued_ = executor.TrySubmit([this, from, up_to] { CatchUp(from, up_to); });
  if (!catch_up_queued_) {
    FinishLocked(grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                              "casehub is at capacity; retry WatchAlerts with backoff"));
  }
}

AlertWatcher::~AlertWatcher() { slots_->Give(); }

void AlertWatcher::CatchUp(uint64_t after_cursor, uint64_t up_to_cursor) {
  uint64_t from = after_cursor;
  std::vector<v1::AlertUpdate> backlog;
  absl::Status read = absl::OkStatus();
  while (from < up_to_cursor) {
    absl::StatusOr<std::vector<v1::AlertUpdate>> page =
        feed_->ReadAfter(site_id_, from, up_to_cursor, kBacklogPage);
    if (!page.ok()) {
      read = page.status();
      break;
    }
    if (page->empty()) break;
    from = CursorOf(page->back());
    for (v1::AlertUpdate& update : *page) backlog.push_back(std::move(update));
  }
  bool delete_now = false;
  {
    absl::MutexLock lock(&mu_);
    catch_up_queued_ = false;
    delete_now = done_;
    if (!read.ok()) FinishLocked(ToGrpcStatus(read));
    if (!done_ && read.ok()) QueueBacklogLocked(backlog);
  }
  if (delete_now) delete this;
}

void AlertWatcher::QueueBacklogLocked(const std::vector<v1::AlertUpdate>& backlog) {
  // The backlog is what the client asked for, however long: the pending
  // bound applies to live updates only.
  for (const v1::AlertUpdate& update : backlog) {
    pending_.push_back(update);
    last_queued_cursor_ = CursorOf(update);
  }
  catching_up_ = false;
  for (const v1::AlertUpdate& update : held_) EnqueueLocked(update);
  held_.clear();
  WriteNextLocked();
}

void AlertWatcher::OnLive(const v1::AlertUpdate& update) {
  if (update.alert().site_id() != site_id_) return;
  absl::MutexLock lock(&mu_);
  if (catching_up_) {
    held_.push_back(update);
    return;
  }
  EnqueueLocked(update);
  WriteNextLocked();
}

void AlertWatcher::EnqueueLocked(const v1::AlertUpdate& update) {
  if (finished_ || CursorOf(update) <= last_queued_cursor_) return;
  if (pending_.size() >= max_pending_) {
    // The update being written still reaches the client before the status.
    const uint64_t delivered = writing_ ? CursorOf(pending_.front()) : last_written_cursor_;
    FinishLocked(grpc::Status(
        grpc::StatusCode::RESOURCE_EXHAUSTED,
        absl::StrCat("watcher fell behind (", max_pending_,
                     " updates waiting); reconnect with after_cursor=",
                     engine::FormatCursor(delivered), " to receive the rest")));
    return;
  }
  pending_.push_back(update);
  last_queued_cursor_ = CursorOf(update);
}

void AlertWatcher::WriteNextLocked() {
  if (finished_ || writing_ || pending_.empty()) return;
  writing_ = true;
  StartWrite(&pending_.front());
}

void AlertWatcher::OnWriteDone(bool ok) {
  absl::MutexLock lock(&mu_);
  writing_ = false;
  if (!ok) {
    FinishLocked(grpc::Status(grpc::StatusCode::UNAVAILABLE, "write to the watcher failed"));
    return;
  }
  last_written_cursor_ = CursorOf(pending_.front());
  pending_.pop_front();
  WriteNextLocked();
}

void AlertWatcher::OnCancel() {
  absl::MutexLock lock(&mu_);
  FinishLocked(grpc::Status::CANCELLED);
}

void AlertWatcher::FinishLocked(const grpc::Status& status) {
  if (finished_) return;
  finished_ = true;
  Finish(status);
}

void AlertWatcher::OnDone() {
  // After Unsubscribe returns the feed calls OnLive no more.
  feed_->Unsubscribe(subscription_);
  bool delete_now = false;
  {
    absl::MutexLock lock(&mu_);
    done_ = true;
    delete_now = !catch_up_queued_;
  }
  if (delete_now) delete this;
}

}  // namespace casehub::api
