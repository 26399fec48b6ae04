#include "services/engine/audit_log.h"

#include <algorithm>
#include <optional>
#include <set>
#include <string>

#include "absl/algorithm/container.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "casehub/status_macros.h"
#include "services/common/log.h"
#include "services/engine/field_rules.h"
#include "services/engine/paging.h"
#include "services/store/keys.h"
#include "services/store/write_in_batches.h"

namespace casehub::engine {
namespace {

constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 500;

// Whether `record` belongs to `site`'s trail: made by its principals, or
// about a patient it answered for.
bool OfSite(const v1::AuditRecord& record, absl::string_view site) {
  if (record.site_id() == site) return true;
  return std::find(record.patient_site_ids().begin(), record.patient_site_ids().end(), site) !=
         record.patient_site_ids().end();
}

// The sites whose trail shows `record`, each once.
std::set<std::string> SitesOf(const v1::AuditRecord& record) {
  std::set<std::string> sites(record.patient_site_ids().begin(), record.patient_site_ids().end());
  if (!record.site_id().empty()) sites.insert(record.site_id());
  return sites;
}

// The order that answers `request`: its patient's, its principal's, or its
// site's (all of them, or the emergency ones).
absl::StatusOr<std::string> PrefixFor(const v1::QueryAuditRequest& request) {
  if (!request.patient_id().empty() && !request.principal_id().empty()) {
    return InvalidField("patient_id", "give a patient or a principal, not both");
  }
  if (!request.patient_id().empty()) {
    RETURN_IF_ERROR(CheckIdField("patient_id", request.patient_id()));
    return store::AuditByPatientPrefix(request.patient_id());
  }
  if (!request.principal_id().empty()) {
    RETURN_IF_ERROR(CheckText("principal_id", request.principal_id(), 128, true));
    return store::AuditByPrincipalPrefix(request.principal_id());
  }
  return request.emergency_only() ? store::AuditEmergencyBySitePrefix(request.site_id())
                                  : store::AuditBySitePrefix(request.site_id());
}

// Files the record at `time` and `seq` under each site order that shows it.
void PutSiteOrders(const v1::AuditRecord& record, absl::Time time, uint64_t seq,
                   store::WriteBatch& batch) {
  for (const std::string& site : SitesOf(record)) {
    batch.Put(store::Family::kAudit, store::AuditKey(store::AuditBySitePrefix(site), time, seq),
              "");
    if (record.access_basis() == v1::ACCESS_BASIS_EMERGENCY) {
      batch.Put(store::Family::kAudit,
                store::AuditKey(store::AuditEmergencyBySitePrefix(site), time, seq), "");
    }
  }
}

// Files `spooled` under every order that shows it: the record itself under
// its time, and under each other order only a key naming the same time and
// seq, from which a query reads the record. Stored once, a record costs its
// bytes once, not once per order.
void PutRecord(const SpooledRecord& spooled, store::WriteBatch& batch) {
  const v1::AuditRecord& record = spooled.record;
  const absl::Time time = ToAbslTime(record.time());
  batch.Put(store::Family::kAudit, store::AuditKey(store::kAuditByTimePrefix, time, spooled.seq),
            record.SerializeAsString());
  if (!record.patient_id().empty()) {
    batch.Put(store::Family::kAudit,
              store::AuditKey(store::AuditByPatientPrefix(record.patient_id()), time, spooled.seq),
              "");
  }
  if (!record.principal_id().empty()) {
    batch.Put(
        store::Family::kAudit,
        store::AuditKey(store::AuditByPrincipalPrefix(record.principal_id()), time, spooled.seq),
        "");
  }
  PutSiteOrders(record, time, spooled.seq, batch);
}

// The record an order's entry stands for: the value itself in a directory
// written before 2026-12-04, which kept a copy under every order; since,
// the record filed under its time.
absl::StatusOr<v1::AuditRecord> RecordOfEntry(const store::Store& store,
                                              store::AuditKeyPosition position,
                                              absl::string_view value) {
  std::optional<std::string> stored;
  if (value.empty()) {
    ASSIGN_OR_RETURN(
        stored, store.Get(store::Family::kAudit,
                          store::AuditKey(store::kAuditByTimePrefix, position.time, position.seq)));
    if (!stored) {
      return absl::DataLossError(
          absl::StrCat("the audit record of ",
                       absl::FormatTime(absl::RFC3339_full, position.time, absl::UTCTimeZone()),
                       " #", position.seq, " is filed under an order but missing"));
    }
    value = *stored;
  }
  v1::AuditRecord record;
  if (!record.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
    return absl::DataLossError("an audit record does not parse");
  }
  return record;
}

}  // namespace

absl::StatusOr<std::unique_ptr<AuditLog>> AuditLog::Open(store::Store* store, const Clock* clock,
                                                         absl::Duration move_after) {
  std::vector<SpooledRecord> left;
  ASSIGN_OR_RETURN(std::unique_ptr<AuditSpool> spool, AuditSpool::Open(store->path(), &left));
  if (!left.empty()) {
    RETURN_IF_ERROR(store::WriteInBatches(*store, left.size(), [&](store::WriteBatch& batch, size_t i) {
      PutRecord(left[i], batch);
    }));
    LogInfo("audit: %d records left in the spool by the previous run moved into the store",
            static_cast<int>(left.size()));
  }
  RETURN_IF_ERROR(spool->Clear(0));
  RETURN_IF_ERROR(spool->Clear(1));

  ASSIGN_OR_RETURN(std::optional<std::string> last_key,
                   store->LastKey(store::Family::kAudit, store::kAuditByTimePrefix));
  store::AuditKeyPosition last{absl::UnixEpoch(), 0};
  if (last_key) {
    std::optional<store::AuditKeyPosition> parsed =
        store::ParseAuditKey(store::kAuditByTimePrefix, *last_key);
    if (!parsed) return absl::DataLossError("the last audit key is unreadable");
    last = *parsed;
  }
  return std::unique_ptr<AuditLog>(
      new AuditLog(store, clock, std::move(spool), move_after, last.time, last.seq));
}

AuditLog::AuditLog(store::Store* store, const Clock* clock, std::unique_ptr<AuditSpool> spool,
                   absl::Duration move_after, absl::Time last_time, uint64_t last_seq)
    : store_(store),
      clock_(clock),
      move_after_(move_after),
      spool_(std::move(spool)),
      last_time_(last_time),
      last_seq_(last_seq),
      mover_([this] { MoveSpooled(); }) {}

AuditLog::~AuditLog() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  mover_.join();
  absl::Status drained = Drain();
  if (!drained.ok()) {
    LogError("audit: spooled records not moved into the store (the next start moves them): %s",
             drained.ToString());
  }
}

void AuditLog::MoveSpooled() {
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(this, &AuditLog::SpooledOrStopping));
      // Gathers the reads of the next moments into the same commit.
      mu_.AwaitWithTimeout(absl::Condition(&stopping_), move_after_);
      if (stopping_) return;
    }
    absl::Status drained = Drain();
    if (!drained.ok()) {
      LogWarning("audit: spooled records not moved into the store yet: %s", drained.ToString());
      absl::MutexLock lock(&mu_);
      mu_.AwaitWithTimeout(absl::Condition(&stopping_), absl::Seconds(1));
    }
  }
}

absl::Status AuditLog::Drain() {
  absl::MutexLock drain(&drain_mu_);
  std::vector<SpooledRecord> taken;
  int file;
  {
    absl::MutexLock lock(&mu_);
    if (spooled_.empty()) return absl::OkStatus();
    taken.swap(spooled_);
    file = spool_->Switch();
  }
  store::WriteBatch batch = store_->NewBatch();
  for (const SpooledRecord& spooled : taken) PutRecord(spooled, batch);
  absl::Status committed = store_->Commit(batch);
  absl::MutexLock lock(&mu_);
  move_failure_ = committed;
  if (!committed.ok()) {
    // Still in their file, which is not cleared: the next Drain, or the
    // next start, moves them.
    spooled_.insert(spooled_.begin(), std::make_move_iterator(taken.begin()),
                    std::make_move_iterator(taken.end()));
    return committed;
  }
  // The records are stored: a file not emptied is only moved again, as
  // the same keys, by the next start (or emptied by a later Drain).
  absl::Status cleared = spool_->Clear(file);
  if (!cleared.ok()) LogWarning("audit: %s", cleared.ToString());
  return absl::OkStatus();
}

absl::Status AuditLog::AddSiteOrders(store::Store& store) {
  // Bounded batches: a trail can hold millions of records.
  constexpr int kRecordsPerBatch = 1000;
  store::WriteBatch batch = store.NewBatch();
  int pending = 0;
  absl::Status status = absl::OkStatus();
  RETURN_IF_ERROR(store.Scan(
      store::Family::kAudit, store::kAuditByTimePrefix, "",
      [&](absl::string_view key, absl::string_view value) {
        std::optional<store::AuditKeyPosition> position =
            store::ParseAuditKey(store::kAuditByTimePrefix, key);
        v1::AuditRecord record;
        if (!position || !record.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
          status = absl::DataLossError(absl::StrCat("audit record ", absl::CEscape(key),
                                                    " is unreadable"));
          return false;
        }
        PutSiteOrders(record, position->time, position->seq, batch);
        if (++pending == kRecordsPerBatch) {
          status = store.Commit(batch);
          batch = store.NewBatch();
          pending = 0;
        }
        return status.ok();
      }));
  RETURN_IF_ERROR(status);
  return store.Commit(batch);
}

absl::Status AuditLog::Append(v1::AuditRecord record) {
  std::vector<v1::AuditRecord> records;
  records.push_back(std::move(record));
  return AppendAll(std::move(records));
}

absl::Status AuditLog::AppendAll(std::vector<v1::AuditRecord> records) {
  const bool a_write = absl::c_any_of(
      records, [](const v1::AuditRecord& record) { return !record.request_id().empty(); });
  if (a_write) {
    store::WriteBatch batch = store_->NewBatch();
    AddAll(std::move(records), batch);
    return store_->Commit(batch);
  }
  absl::MutexLock lock(&mu_);
  if (spooled_.size() >= kMaxSpooledRecords) {
    // Refused rather than answered unrecorded, nor held without bound.
    return absl::UnavailableError(absl::StrCat(
        "the audit trail cannot take this call's record: ", spooled_.size(),
        " records wait for the store, which refuses them (", move_failure_.ToString(), ")"));
  }
  std::vector<SpooledRecord> stamped = Stamp(std::move(records));
  RETURN_IF_ERROR(spool_->Append(stamped));
  spooled_.insert(spooled_.end(), std::make_move_iterator(stamped.begin()),
                  std::make_move_iterator(stamped.end()));
  return absl::OkStatus();
}

void AuditLog::AddAll(std::vector<v1::AuditRecord> records, store::WriteBatch& batch) {
  std::vector<SpooledRecord> stamped;
  {
    absl::MutexLock lock(&mu_);
    stamped = Stamp(std::move(records));
  }
  for (const SpooledRecord& record : stamped) PutRecord(record, batch);
}

std::vector<SpooledRecord> AuditLog::Stamp(std::vector<v1::AuditRecord> records) {
  // Microseconds, as keys hold them, so a record's time and its key agree.
  const absl::Time time = std::max(last_time_, absl::FromUnixMicros(absl::ToUnixMicros(clock_->Now())));
  last_time_ = time;
  std::vector<SpooledRecord> stamped;
  stamped.reserve(records.size());
  for (v1::AuditRecord& record : records) {
    *record.mutable_time() = ToProtoTime(time);
    stamped.push_back({.seq = ++last_seq_, .record = std::move(record)});
  }
  return stamped;
}

absl::StatusOr<v1::QueryAuditResponse> AuditLog::Query(const v1::QueryAuditRequest& request) {
  RETURN_IF_ERROR(Drain());
  RETURN_IF_ERROR(CheckIdField("site_id", request.site_id()));
  ASSIGN_OR_RETURN(const std::string prefix, PrefixFor(request));
  ASSIGN_OR_RETURN(const int size, PageSizeOf(request.page_size(), kDefaultPageSize, kMaxPageSize));
  const absl::Time from =
      request.has_from() ? ToAbslTime(request.from()) : absl::InfinitePast();
  const absl::Time to = request.has_to() ? ToAbslTime(request.to()) : absl::InfiniteFuture();
  if (from >= to) return InvalidField("to", "must be after from");

  ASSIGN_OR_RETURN(std::string start_after, KeyAfterPageToken(request.page_token(), prefix));
  if (!start_after.empty() && !store::ParseAuditKey(prefix, start_after)) {
    return InvalidField("page_token", "is not a token from this listing");
  }
  if (start_after.empty() && request.has_from()) start_after = store::AuditTimeBound(prefix, from);

  v1::QueryAuditResponse response;
  std::string last_key;
  bool more = false;
  absl::Status read = absl::OkStatus();
  RETURN_IF_ERROR(store_->Scan(
      store::Family::kAudit, prefix, start_after,
      [&](absl::string_view key, absl::string_view value) {
        std::optional<store::AuditKeyPosition> position = store::ParseAuditKey(prefix, key);
        if (!position) {
          read = absl::DataLossError("an audit key under the queried order is unreadable");
          return false;
        }
        if (position->time >= to) return false;
        if (response.records_size() == size) {
          more = true;
          return false;
        }
        absl::StatusOr<v1::AuditRecord> record = RecordOfEntry(*store_, *position, value);
        if (!record.ok()) {
          read = record.status();
          return false;
        }
        last_key = std::string(key);
        // The site orders hold only the site's records; the patient and
        // principal orders are filtered to them.
        if (!OfSite(*record, request.site_id())) return true;
        if (request.emergency_only() && record->access_basis() != v1::ACCESS_BASIS_EMERGENCY) {
          return true;
        }
        *response.add_records() = *std::move(record);
        return true;
      }));
  RETURN_IF_ERROR(read);
  if (more) response.set_next_page_token(PageTokenOf(last_key));
  return response;
}

}  // namespace casehub::engine
