// AuditLog: the append-only trail of who called the hub, and who read or
// wrote which patient's data. Each record is stored once, by time, and
// filed in one batch under several orders (by patient, by principal, by each
// site whose trail shows it, and for emergency access by site again;
// store/keys.h) as keys naming that time, so each query is one range scan
// and a point read per record.
// There is deliberately no call that changes or removes a record.
// Thread-safe.
#pragma once

#include <memory>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "casehub/v1/audit.pb.h"
#include "services/common/clock.h"
#include "services/engine/audit_spool.h"
#include "services/store/store.h"

namespace casehub::engine {

class AuditLog {
 public:
  // Moves the records a previous run left in the spool (audit_spool.h) into
  // the store, then resumes after the last stored record. Borrows both; they
  // must outlive it (its destructor commits what is still spooled). A
  // spooled record waits up to `move_after` for others, so that a run of
  // reads reaches the store in one commit.
  static absl::StatusOr<std::unique_ptr<AuditLog>> Open(
      store::Store* store, const Clock* clock, absl::Duration move_after = absl::Milliseconds(5));
  // Moves what is still spooled into the store.
  ~AuditLog();

  // Stamps `record` with the time (now, but never before the previous
  // record, so time order is append order) and appends it. A write's record
  // (request_id set) is synced into the store before this returns; any
  // other is appended to the spool, which a crash of the process cannot
  // undo and which waits for no other write's fsync, and reaches the store
  // and the disk within `move_after` and a commit while the store takes
  // commits (docs/architecture.md, "Audit"). UNAVAILABLE when
  // kMaxSpooledRecords wait because the store refuses them.
  absl::Status Append(v1::AuditRecord record) ABSL_LOCKS_EXCLUDED(drain_mu_, mu_);
  // Append for several records in one batch (a batch call's record and one
  // per entry of it): synced into the store when any of them is a write's.
  absl::Status AppendAll(std::vector<v1::AuditRecord> records) ABSL_LOCKS_EXCLUDED(drain_mu_, mu_);
  // Moves every record spooled so far into the store (synced): before a
  // query of the trail, and before a backup.
  absl::Status Drain() ABSL_LOCKS_EXCLUDED(drain_mu_, mu_);
  // Stamps `records` as AppendAll does and adds them to `batch`, for a write
  // whose records commit with it (atomically, synced as the write is).
  void AddAll(std::vector<v1::AuditRecord> records, store::WriteBatch& batch)
      ABSL_LOCKS_EXCLUDED(mu_);

  // Files every stored record under its sites' orders too: the migration
  // of a data directory written before those orders existed (schema 1).
  static absl::Status AddSiteOrders(store::Store& store);

  // One page of `request.site_id`'s trail (records made by its principals or
  // about patients it answered for), oldest first. INVALID_ARGUMENT when
  // site_id is missing, both patient_id and principal_id are set, for a
  // malformed id, an empty time range, a bad page size or a token from
  // another query.
  // Drains the spool first, so the page shows every record appended before.
  absl::StatusOr<v1::QueryAuditResponse> Query(const v1::QueryAuditRequest& request)
      ABSL_LOCKS_EXCLUDED(drain_mu_, mu_);

  // Records waiting in the spool beyond which calls are refused.
  static constexpr size_t kMaxSpooledRecords = 100'000;

 private:
  AuditLog(store::Store* store, const Clock* clock, std::unique_ptr<AuditSpool> spool,
           absl::Duration move_after, absl::Time last_time, uint64_t last_seq);
  // Stamps `records` with the time and their sequence numbers.
  std::vector<SpooledRecord> Stamp(std::vector<v1::AuditRecord> records)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // The mover's thread: Drain whenever records wait, `move_after` after the
  // first of them.
  void MoveSpooled() ABSL_LOCKS_EXCLUDED(drain_mu_, mu_);
  bool SpooledOrStopping() const ABSL_SHARED_LOCKS_REQUIRED(mu_) {
    return !spooled_.empty() || stopping_;
  }

  store::Store* store_;
  const Clock* clock_;
  const absl::Duration move_after_;
  // One Drain at a time.
  absl::Mutex drain_mu_ ABSL_ACQUIRED_BEFORE(mu_);
  absl::Mutex mu_;
  std::unique_ptr<AuditSpool> spool_ ABSL_PT_GUARDED_BY(mu_);
  // Appended to the spool, not yet in the store.
  std::vector<SpooledRecord> spooled_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  // The last Drain's commit: why records wait, when they do.
  absl::Status move_failure_ ABSL_GUARDED_BY(mu_);
  absl::Time last_time_ ABSL_GUARDED_BY(mu_);
  uint64_t last_seq_ ABSL_GUARDED_BY(mu_);
  std::thread mover_;
};

}  // namespace casehub::engine
