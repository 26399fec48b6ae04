// AuditLog: the append-only trail of who called the hub, and who read or
// wrote which patient's data. Each record is stored under several orders (by
// time, by patient, by principal, by each site whose trail shows it, and for
// emergency access by site again; store/keys.h) in one batch, so each query
// is one range scan.
// There is deliberately no call that changes or removes a record.
// Thread-safe.
#pragma once

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "casehub/v1/audit.pb.h"
#include "services/common/clock.h"
#include "services/store/store.h"

namespace casehub::engine {

class AuditLog {
 public:
  // Resumes after the last stored record. Borrows both; they must outlive it.
  static absl::StatusOr<std::unique_ptr<AuditLog>> Open(store::Store* store, const Clock* clock);

  // Stamps `record` with the time (now, but never before the previous
  // record, so time order is append order) and appends it. A write's record
  // (request_id set) is synced before this returns; a read's is not: it
  // survives a crash of the process, and the next synced commit carries it
  // to disk (docs/architecture.md, "Audit").
  absl::Status Append(v1::AuditRecord record);
  // Append for several records in one batch (a batch call's record and one
  // per entry of it): synced when any of them is a write's.
  absl::Status AppendAll(std::vector<v1::AuditRecord> records);
  // Stamps `records` as AppendAll does and adds them to `batch`, for a write
  // whose records commit with it (atomically, synced as the write is).
  void AddAll(std::vector<v1::AuditRecord> records, store::WriteBatch& batch);

  // Files every stored record under its sites' orders too: the migration
  // of a data directory written before those orders existed (schema 1).
  static absl::Status AddSiteOrders(store::Store& store);

  // One page of `request.site_id`'s trail (records made by its principals or
  // about patients it answered for), oldest first. INVALID_ARGUMENT when
  // site_id is missing, both patient_id and principal_id are set, for a
  // malformed id, an empty time range, a bad page size or a token from
  // another query.
  absl::StatusOr<v1::QueryAuditResponse> Query(const v1::QueryAuditRequest& request) const;

 private:
  AuditLog(store::Store* store, const Clock* clock, absl::Time last_time, uint64_t last_seq)
      : store_(store), clock_(clock), last_time_(last_time), last_seq_(last_seq) {}

  store::Store* store_;
  const Clock* clock_;
  absl::Mutex mu_;
  absl::Time last_time_ ABSL_GUARDED_BY(mu_);
  uint64_t last_seq_ ABSL_GUARDED_BY(mu_);
};

}  // namespace casehub::engine
