#include "services/store/store.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "casehub/status_macros.h"
#include "rocksdb/cache.h"
#include "rocksdb/db.h"
#include "rocksdb/env.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/memtablerep.h"
#include "rocksdb/options.h"
#include "rocksdb/perf_context.h"
#include "rocksdb/perf_level.h"
#include "rocksdb/table.h"
#include "rocksdb/utilities/checkpoint.h"
#include "services/store/counter_merge.h"
#include "services/store/free_space.h"
#include "services/store/key_ordered_batch.h"
#include "services/store/keys.h"
#include "services/store/raise_merge.h"
#include "services/store/rocksdb_status.h"
#include "services/store/schema.h"

namespace casehub::store {
namespace {

// Deletions a queue scan steps over (about a millisecond's worth) before
// its range is worth compacting.
constexpr uint64_t kDeletionsWorthACompaction = 1000;

rocksdb::Slice ToSlice(absl::string_view s) { return {s.data(), s.size()}; }

absl::string_view ToView(const rocksdb::Slice& s) { return {s.data(), s.size()}; }

// Visits the keys from the iterator's position on while they start with
// `prefix` and `visit` asks for more; sets `first`, when given, to the first
// key visited.
void VisitUnderPrefix(rocksdb::Iterator& it, absl::string_view prefix,
                      const Store::Visitor& visit, std::optional<std::string>* first = nullptr) {
  for (; it.Valid(); it.Next()) {
    absl::string_view key = ToView(it.key());
    if (key.substr(0, prefix.size()) != prefix) break;
    if (first != nullptr && !*first) *first = std::string(key);
    if (!visit(key, ToView(it.value()))) break;
  }
}

// The least key greater than every key starting with `prefix`; empty when
// there is none (the prefix is all 0xff bytes).
std::string PrefixUpperBound(absl::string_view prefix) {
  std::string upper(prefix);
  while (!upper.empty() && static_cast<uint8_t>(upper.back()) == 0xff) upper.pop_back();
  if (!upper.empty()) upper.back() = static_cast<char>(static_cast<uint8_t>(upper.back()) + 1);
  return upper;
}

bool IsKnownFamily(const std::string& name) {
  if (name == rocksdb::kDefaultColumnFamilyName) return true;
  for (absl::string_view known : kFamilyNames) {
    if (name == known) return true;
  }
  return false;
}

// RocksDB's own error for a read-only directory names whichever file it
// first fails to create; say plainly what the operator has to fix.
absl::Status CheckWritable(const std::string& path) {
  std::error_code missing;
  if (!std::filesystem::exists(path, missing) || access(path.c_str(), W_OK) == 0) {
    return absl::OkStatus();
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "data directory ", path, " is not writable (", std::strerror(errno),
      "): casehub must be able to write its data directory"));
}

// An absolute destination that is absent or an empty directory, normalized
// without a trailing slash (RocksDB appends ".tmp" to it).
absl::StatusOr<std::filesystem::path> CheckpointDestination(const std::string& destination_dir) {
  std::filesystem::path destination = std::filesystem::path(destination_dir).lexically_normal();
  if (destination.empty() || !destination.is_absolute()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "backup destination '", destination_dir, "' must be an absolute directory path"));
  }
  if (destination.filename().empty()) destination = destination.parent_path();
  std::error_code error;
  if (std::filesystem::exists(destination, error) &&
      (!std::filesystem::is_directory(destination, error) ||
       !std::filesystem::is_empty(destination, error))) {
    return absl::FailedPreconditionError(absl::StrCat(
        "backup destination ", destination.string(),
        " already exists and is not an empty directory; refusing to overwrite it"));
  }
  return destination;
}

}  // namespace

Snapshot::~Snapshot() { db_->ReleaseSnapshot(snapshot_); }

absl::StatusOr<std::unique_ptr<Store>> Store::Open(const StoreOptions& options) {
  rocksdb::DBOptions db_options;
  db_options.create_if_missing = !options.read_only;
  db_options.create_missing_column_families = !options.read_only;
  // Checksums on every read of a block catch a corrupted file early.
  db_options.paranoid_checks = true;
  // A crash in the middle of a write leaves its last WAL record cut short:
  // that write was never acknowledged and is dropped. Damage anywhere else in
  // the WAL has acknowledged writes after it; RocksDB's default
  // (point-in-time) would replay up to it and silently drop them, so the open
  // is refused instead (DATA_LOSS: restore the latest backup).
  db_options.wal_recovery_mode = rocksdb::WALRecoveryMode::kTolerateCorruptedTailRecords;

  if (!options.read_only) RETURN_IF_ERROR(CheckWritable(options.path));

  // A directory written by a newer casehub may have families we do not know;
  // opening it would silently ignore their data, so refuse.
  std::vector<std::string> existing;
  bool fresh = !std::filesystem::exists(std::filesystem::path(options.path) / "CURRENT");
  if (!fresh) {
    rocksdb::Status listed = rocksdb::DB::ListColumnFamilies(
        db_options, options.path, &existing);
    RETURN_IF_ERROR(FromRocksDb(listed, absl::StrCat("reading data directory ", options.path)));
    std::vector<std::string> unknown;
    for (const std::string& name : existing) {
      if (!IsKnownFamily(name)) unknown.push_back(name);
    }
    if (!unknown.empty()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "data directory ", options.path, " has column families [",
          absl::StrJoin(unknown, ", "),
          "] unknown to this casehub (schema version ", kSchemaVersion,
          "): it was written by a newer version; refusing to open it"));
    }
  }

  // RocksDB's memory is bounded whatever the load: by default each family
  // would keep up to two 64 MiB memtables, its own block cache and every
  // open file's index outside any cache, and a family written rarely would
  // keep old WAL files alive. Here all families share one memtable budget
  // (the largest is flushed when it is reached), one block cache holding
  // the indexes and filters too, and the WAL is bounded, which flushes the
  // families that still hold its oldest file.
  db_options.db_write_buffer_size = options.memtable_budget_bytes;
  // The leader of a write group inserts the whole group into the memtables.
  // Concurrent inserts would give each writer its own, but each of their
  // keys is searched from the top of the skip list (no remembered splice:
  // the key-ordered batches lose what they gain, key_ordered_batch.h) and
  // each writer is woken twice; with two cores both cost more than the
  // parallel inserts gain (docs/performance.md, "One writer per memtable").
  db_options.allow_concurrent_memtable_write = false;
  db_options.max_total_wal_size = 2 * options.memtable_budget_bytes;
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = rocksdb::NewLRUCache(options.block_cache_bytes);
  table.cache_index_and_filter_blocks = true;
  table.pin_l0_filter_and_index_blocks_in_cache = true;
  // Indexes (and filters, below) in 4 KiB partitions under a small pinned
  // top level, cached like data blocks. Whole, a full table file's index is
  // 1-2 MiB and its filter up to 3 MiB, the size of one shard of the block
  // cache or more: a lookup that found it evicted read all of it again
  // (docs/performance.md, "Filters and indexes in partitions").
  table.index_type = rocksdb::BlockBasedTableOptions::kTwoLevelIndexSearch;
  table.metadata_block_size = 4096;
  table.pin_top_level_index_and_filter = true;
  rocksdb::ColumnFamilyOptions family;
  family.write_buffer_size = options.memtable_budget_bytes / 4;
  family.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  if (options.write_once) {
    // Appends to a vector, sorted when flushed, instead of skip-list inserts.
    family.memtable_factory = std::make_shared<rocksdb::VectorRepFactory>();
    // Read once and thrown away: no compactions to share the process's
    // background threads with a live store, and no flush at close.
    family.disable_auto_compactions = true;
    db_options.avoid_flush_during_shutdown = true;
  }

  // The families read by key get whole-key Bloom filters (10 bits a key,
  // about 1 % false positives): a new request's id is looked up and missed
  // on every write, and a patient's state is in one file of one level;
  // without a filter each level's candidate file costs an index search and
  // a data block read to answer "not here". The scanned families get none:
  // a prefix scan cannot use a whole-key filter.
  rocksdb::BlockBasedTableOptions filtered_table = table;
  filtered_table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  filtered_table.partition_filters = true;
  rocksdb::ColumnFamilyOptions looked_up = family;
  looked_up.table_factory.reset(rocksdb::NewBlockBasedTableFactory(filtered_table));

  // Counters change by merged deltas (counter_merge.h).
  rocksdb::ColumnFamilyOptions counters = family;
  counters.merge_operator = NewCounterMergeOperator();
  // High-water marks in meta only rise (raise_merge.h).
  rocksdb::ColumnFamilyOptions meta = family;
  meta.merge_operator = NewRaiseMergeOperator();

  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  descriptors.emplace_back(rocksdb::kDefaultColumnFamilyName, family);
  for (absl::string_view name : kFamilyNames) {
    const bool by_key = name == FamilyName(Family::kState) || name == FamilyName(Family::kRequests);
    descriptors.emplace_back(std::string(name), name == FamilyName(Family::kCounters) ? counters
                                                : name == FamilyName(Family::kMeta)   ? meta
                                                : by_key                              ? looked_up
                                                                                      : family);
  }

  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status opened =
      options.read_only
          ? rocksdb::DB::OpenForReadOnly(db_options, options.path, descriptors,
                                         &handles, &raw)
          : rocksdb::DB::Open(db_options, options.path, descriptors, &handles,
                              &raw);
  RETURN_IF_ERROR(FromRocksDb(opened, absl::StrCat("opening data directory ", options.path)));
  if (!options.read_only && !options.write_once) {
    // Compactions run at the lowest CPU priority (nice 19): on two cores one
    // takes a whole core for seconds to minutes after a restart or a burst
    // of writes, and the calls waiting behind it are people at a worklist.
    // A compaction still gets every idle cycle, and writes that outrun the
    // compactions are slowed by RocksDB's own stall rules. Flushes keep
    // their priority: a late flush stops writes. (docs/performance.md,
    // "Compactions yield")
    RETURN_IF_ERROR(FromRocksDb(rocksdb::Env::Default()->LowerThreadPoolCPUPriority(
                                    rocksdb::Env::Priority::LOW, rocksdb::CpuPriority::kLow),
                                "lowering the compaction threads' priority"));
  }

  auto store = std::unique_ptr<Store>(new Store());
  store->db_.reset(raw);
  store->path_ = options.path;
  store->sync_writes_ = options.sync_writes;
  store->write_once_ = options.write_once;
  store->min_free_bytes_ = options.min_free_bytes;
  store->default_handle_ = handles[0];
  for (size_t i = 0; i < kFamilyNames.size(); ++i) {
    store->handles_[i] = handles[i + 1];
  }
  RETURN_IF_ERROR(store->CheckSchemaVersion(/*may_create=*/!options.read_only));
  return store;
}

Store::~Store() {
  if (!db_) return;
  for (rocksdb::ColumnFamilyHandle* handle : handles_) {
    db_->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
  }
  db_->DestroyColumnFamilyHandle(default_handle_).PermitUncheckedError();
  db_->Close().PermitUncheckedError();
}

absl::StatusOr<bool> Store::HoldsNoKeys() const {
  std::vector<rocksdb::ColumnFamilyHandle*> all(handles_.begin(), handles_.end());
  all.push_back(default_handle_);
  for (rocksdb::ColumnFamilyHandle* handle : all) {
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), handle));
    it->SeekToFirst();
    if (it->Valid()) return false;
    RETURN_IF_ERROR(FromRocksDb(it->status(), "reading the data directory"));
  }
  return true;
}

absl::Status Store::CheckSchemaVersion(bool may_create) {
  ASSIGN_OR_RETURN(std::optional<std::string> stored,
                   Get(Family::kMeta, kSchemaVersionKey));
  if (!stored) {
    // A new directory holds no key; so does one whose first start was
    // killed after RocksDB created it but before the version was committed.
    // Finishing the creation loses nothing; refusing would refuse forever.
    bool empty = false;
    if (may_create) {
      ASSIGN_OR_RETURN(empty, HoldsNoKeys());
    }
    if (!empty) {
      return absl::FailedPreconditionError(absl::StrCat(
          "data directory ", path_,
          " has no casehub schema version: it is not a casehub data "
          "directory, or it is damaged"));
    }
    return MarkSchemaCurrent();
  }
  std::optional<uint64_t> version = ReadUint64(*stored);
  if (!version) {
    return absl::DataLossError(absl::StrCat(
        "data directory ", path_, ": the stored schema version is unreadable"));
  }
  if (*version > kSchemaVersion) {
    return absl::FailedPreconditionError(absl::StrCat(
        "data directory ", path_, " was written with schema version ",
        *version, "; this casehub reads schema version ", kSchemaVersion,
        " at most. Run a newer casehub; nothing was changed"));
  }
  // An older directory opens; the hub migrates it before serving
  // (hub/migrate.h) and then marks it current.
  found_schema_version_ = *version;
  return absl::OkStatus();
}

absl::Status Store::MarkSchemaCurrent() {
  WriteBatch batch = NewBatch();
  std::string value;
  AppendUint64(&value, kSchemaVersion);
  batch.Put(Family::kMeta, kSchemaVersionKey, value);
  RETURN_IF_ERROR(Commit(batch));
  found_schema_version_ = kSchemaVersion;
  return absl::OkStatus();
}

absl::StatusOr<std::optional<std::string>> Store::Get(
    Family family, absl::string_view key, const Snapshot* snapshot) const {
  rocksdb::ReadOptions read_options;
  if (snapshot != nullptr) read_options.snapshot = snapshot->snapshot_;
  std::string value;
  rocksdb::Status status = db_->Get(read_options, Handle(family), ToSlice(key), &value);
  if (status.IsNotFound()) return std::nullopt;
  RETURN_IF_ERROR(FromRocksDb(status, absl::StrCat("reading ", FamilyName(family))));
  return value;
}

absl::Status Store::Commit(WriteBatch& batch) {
  rocksdb::WriteOptions options;
  options.sync = sync_writes_;
  options.disableWAL = write_once_;
  // A write-once store's vector memtables sort themselves at the flush and
  // nothing scans its queues: the batch goes as it is.
  if (write_once_) {
    return FromRocksDb(db_->Write(options, batch.batch_.get()), "committing a write batch");
  }
  // Read once: in key order the memtables take the batch faster, and the
  // index's puts go to the live starts. The batch as written when it cannot
  // be reordered.
  std::optional<std::vector<BatchOperation>> operations = OperationsOf(*batch.batch_);
  std::optional<rocksdb::WriteBatch> ordered;
  if (operations) ordered = KeyOrdered(*operations, handles_);
  RETURN_IF_ERROR(FromRocksDb(db_->Write(options, ordered ? &*ordered : batch.batch_.get()),
                              "committing a write batch"));
  // Without its operations, every scan starts from its prefix again.
  if (!operations) {
    live_starts_->Forget();
    return absl::OkStatus();
  }
  const uint32_t index_family = Handle(Family::kIndex)->GetID();
  for (const BatchOperation& operation : *operations) {
    if (operation.family == index_family && operation.kind == BatchOperation::Kind::kPut) {
      live_starts_->Put(ToView(operation.key));
    }
  }
  return absl::OkStatus();
}

absl::Status Store::CheckFreeSpace() const {
  if (min_free_bytes_ == 0) return absl::OkStatus();
  ASSIGN_OR_RETURN(const uint64_t free, FreeBytes(path_));
  if (free >= min_free_bytes_) return absl::OkStatus();
  return absl::ResourceExhaustedError(absl::StrCat(
      "disk nearly full: ", free >> 20, " MiB free under data directory ", path_,
      ", below min_free_disk_bytes (", min_free_bytes_ >> 20,
      " MiB); new writes are refused until space is freed, reads go on"));
}

absl::Status Store::Scan(Family family, absl::string_view prefix,
                         absl::string_view start_after, const Visitor& visit,
                         const Snapshot* snapshot) const {
  if (!start_after.empty() && start_after.substr(0, prefix.size()) != prefix) {
    return absl::InvalidArgumentError("scan start lies outside the scanned prefix");
  }
  rocksdb::ReadOptions read_options;
  if (snapshot != nullptr) read_options.snapshot = snapshot->snapshot_;
  // Bounding the iterator lets RocksDB skip files outside the prefix.
  std::string upper = PrefixUpperBound(prefix);
  rocksdb::Slice upper_slice = ToSlice(upper);
  if (!upper.empty()) read_options.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read_options, Handle(family)));
  if (start_after.empty()) {
    it->Seek(ToSlice(prefix));
  } else {
    it->Seek(ToSlice(start_after));
    if (it->Valid() && ToView(it->key()) == start_after) it->Next();
  }
  VisitUnderPrefix(*it, prefix, visit);
  return FromRocksDb(it->status(), absl::StrCat("scanning ", FamilyName(family)));
}

absl::Status Store::ScanQueue(absl::string_view prefix, const Visitor& visit) const {
  const LiveStarts::Start start = live_starts_->Find(prefix);
  rocksdb::ReadOptions read_options;
  std::string upper = PrefixUpperBound(prefix);
  rocksdb::Slice upper_slice = ToSlice(upper);
  if (!upper.empty()) read_options.iterate_upper_bound = &upper_slice;
  // RocksDB counts, per thread, the deletions an iterator steps over.
  const rocksdb::PerfLevel perf_level = rocksdb::GetPerfLevel();
  rocksdb::SetPerfLevel(rocksdb::PerfLevel::kEnableCount);
  const uint64_t deletions_before = rocksdb::get_perf_context()->internal_delete_skipped_count;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read_options, Handle(Family::kIndex)));
  it->Seek(ToSlice(start.key));
  std::optional<std::string> first;
  VisitUnderPrefix(*it, prefix, visit, &first);
  const uint64_t deletions =
      rocksdb::get_perf_context()->internal_delete_skipped_count - deletions_before;
  rocksdb::SetPerfLevel(perf_level);
  RETURN_IF_ERROR(FromRocksDb(it->status(), "scanning index"));
  // Nothing live under the prefix: the next scan starts at its end.
  if (first || !upper.empty()) live_starts_->Advance(prefix, start, first ? *first : upper);
  if (deletions >= kDeletionsWorthACompaction) live_starts_->MarkCrowded(prefix);
  return absl::OkStatus();
}

absl::Status Store::CompactCrowdedQueues() {
  absl::Status status = absl::OkStatus();
  for (const std::string& prefix : live_starts_->TakeCrowded()) {
    status.Update(CompactPrefix(Family::kIndex, prefix));
  }
  return status;
}

absl::StatusOr<std::optional<std::string>> Store::LastKey(Family family,
                                                          absl::string_view prefix) const {
  rocksdb::ReadOptions read_options;
  std::string upper = PrefixUpperBound(prefix);
  rocksdb::Slice upper_slice = ToSlice(upper);
  if (!upper.empty()) read_options.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read_options, Handle(family)));
  it->SeekToLast();
  std::optional<std::string> last;
  if (it->Valid() && ToView(it->key()).substr(0, prefix.size()) == prefix) {
    last = std::string(ToView(it->key()));
  }
  RETURN_IF_ERROR(FromRocksDb(it->status(), absl::StrCat("reading the end of ", FamilyName(family))));
  return last;
}

std::unique_ptr<Snapshot> Store::NewSnapshot() const {
  return std::unique_ptr<Snapshot>(new Snapshot(db_.get(), db_->GetSnapshot()));
}

absl::Status Store::Flush() {
  std::vector<rocksdb::ColumnFamilyHandle*> all(handles_.begin(), handles_.end());
  return FromRocksDb(db_->Flush(rocksdb::FlushOptions(), all), "flushing memtables");
}

absl::Status Store::CompactAll() {
  rocksdb::CompactRangeOptions options;
  options.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  for (rocksdb::ColumnFamilyHandle* handle : handles_) {
    RETURN_IF_ERROR(FromRocksDb(db_->CompactRange(options, handle, nullptr, nullptr),
                                absl::StrCat("compacting ", handle->GetName())));
  }
  return absl::OkStatus();
}

absl::Status Store::CompactPrefix(Family family, absl::string_view prefix) {
  const std::string upper = PrefixUpperBound(prefix);
  const rocksdb::Slice begin = ToSlice(prefix);
  const rocksdb::Slice end = ToSlice(upper);
  // A deletion reaches the last level as it is unless that level is
  // rewritten too; only then is it dropped.
  rocksdb::CompactRangeOptions options;
  options.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  return FromRocksDb(db_->CompactRange(options, Handle(family), &begin,
                                       upper.empty() ? nullptr : &end),
                     absl::StrCat("compacting a range of ", FamilyName(family)));
}

absl::StatusOr<uint64_t> Store::Checkpoint(const std::string& destination_dir) const {
  ASSIGN_OR_RETURN(std::filesystem::path destination, CheckpointDestination(destination_dir));
  std::error_code error;
  // RocksDB creates the directory itself and refuses one that exists.
  std::filesystem::remove(destination, error);
  std::filesystem::create_directories(destination.parent_path(), error);
  if (error) {
    return absl::UnavailableError(absl::StrCat("cannot create ", destination.parent_path().string(),
                                               ": ", error.message()));
  }
  rocksdb::Checkpoint* raw = nullptr;
  RETURN_IF_ERROR(FromRocksDb(rocksdb::Checkpoint::Create(db_.get(), &raw), "starting a checkpoint"));
  std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw);
  uint64_t sequence = 0;
  // log_size_for_flush 0: flush first, so the copy replays little WAL.
  RETURN_IF_ERROR(FromRocksDb(
      checkpoint->CreateCheckpoint(destination.string(), /*log_size_for_flush=*/0, &sequence),
      absl::StrCat("checkpointing ", path_, " to ", destination.string())));
  return sequence;
}

absl::Status Store::VerifyChecksums() const {
  return FromRocksDb(db_->VerifyChecksum(), absl::StrCat("checking the files of ", path_));
}

}  // namespace casehub::store
