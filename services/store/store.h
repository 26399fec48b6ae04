// Store: casehub's RocksDB database — every column family of
// column_families.h opened at once, synced atomic batches, prefix scans and
// consistent snapshots. The only code that includes RocksDB headers for data
// access. Thread-safe: any number of threads may read and commit at once;
// concurrent commits share WAL fsyncs (RocksDB's write group: group commit).
#pragma once

#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/store/column_families.h"
#include "services/store/live_starts.h"
#include "services/store/schema.h"
#include "services/store/write_batch.h"

namespace rocksdb {
class ColumnFamilyHandle;
class DB;
struct WriteOptions;
class Snapshot;
}  // namespace rocksdb

namespace casehub::store {

struct StoreOptions {
  // Data directory; created when missing (unless read_only).
  std::string path;
  // Open without taking the write lock (tools that only read). Default false.
  bool read_only = false;
  // Sync the WAL before Commit returns. Only benchmarks of the raw engine
  // turn this off; the hub never does. Default true.
  bool sync_writes = true;
  // CheckFreeSpace refuses when less than this is free on the data
  // directory's filesystem. 0 turns the check off. Default 0.
  uint64_t min_free_bytes = 0;
  // Memtables of all column families together; the largest is flushed when
  // they reach it. The WAL is kept under twice this. Default 128 MiB.
  uint64_t memtable_budget_bytes = 128 << 20;
  // The block cache all families share, indexes and filters included.
  // Default 128 MiB.
  uint64_t block_cache_bytes = 128 << 20;
  // A store written in bulk, read only after a Flush and thrown away
  // (Verify's scratch): memtables are vectors sorted at the flush, which
  // take a write many times faster than a skip list but sort themselves
  // again for every read; no WAL, no compactions. A crash loses it all.
  // Default false.
  bool write_once = false;
};

// A consistent point-in-time view for reads spanning several keys.
class Snapshot {
 public:
  ~Snapshot();
  Snapshot(const Snapshot&) = delete;
  Snapshot& operator=(const Snapshot&) = delete;

 private:
  friend class Store;
  Snapshot(rocksdb::DB* db, const rocksdb::Snapshot* snapshot)
      : db_(db), snapshot_(snapshot) {}
  rocksdb::DB* db_;
  const rocksdb::Snapshot* snapshot_;
};

class Store {
 public:
  // Opens (or creates) the data directory. Fails with FAILED_PRECONDITION when
  // the directory is not writable (unless read_only), was written by a newer
  // schema (an older one opens: see found_schema_version) or holds column
  // families this version does not know, with
  // DATA_LOSS when a file is damaged, and with UNAVAILABLE when another
  // process holds it.
  static absl::StatusOr<std::unique_ptr<Store>> Open(const StoreOptions& options);
  ~Store();

  // Reads one key; nullopt when absent.
  absl::StatusOr<std::optional<std::string>> Get(
      Family family, absl::string_view key,
      const Snapshot* snapshot = nullptr) const;

  WriteBatch NewBatch() const { return WriteBatch(this); }
  // Applies the whole batch or nothing; durable on return when sync_writes.
  absl::Status Commit(WriteBatch& batch);
  // RESOURCE_EXHAUSTED when the data directory's filesystem has less than
  // min_free_bytes free. Callers check before new patient data, so the
  // reserve stays for what must still be written (audit records, the
  // memtable flush at shutdown) and RocksDB never meets a full disk.
  absl::Status CheckFreeSpace() const;

  // Calls visit(key, value) for each key starting with `prefix`, in key
  // order, until it returns false. A non-empty `start_after` (which must
  // itself start with `prefix`) resumes after that key: paging.
  using Visitor = std::function<bool(absl::string_view key, absl::string_view value)>;
  absl::Status Scan(Family family, absl::string_view prefix,
                    absl::string_view start_after, const Visitor& visit,
                    const Snapshot* snapshot = nullptr) const;

  // Scan from the start of a queue-like range of the index (a worklist, the
  // due tasks, the open alerts: ranges whose earliest entries are deleted as
  // the work is done), seeking past the deletions that earlier scans of the
  // same prefix stepped over (live_starts.h).
  absl::Status ScanQueue(absl::string_view prefix, const Visitor& visit) const;
  // Compacts (CompactPrefix) the queue ranges whose scans stepped over many
  // deletions since the last call: work done among the live entries, which
  // no start can skip. Slow; for a background thread (the scheduler's).
  absl::Status CompactCrowdedQueues();

  // The greatest key starting with `prefix`; nullopt when there is none.
  absl::StatusOr<std::optional<std::string>> LastKey(Family family,
                                                     absl::string_view prefix) const;

  std::unique_ptr<Snapshot> NewSnapshot() const;

  // Flushes memtables to disk files (used before a clean shutdown, so a
  // restart does not replay a long WAL).
  absl::Status Flush();

  // Compacts every family down to its last level, so the directory holds
  // the data's size and no more (casehub-populate measures bytes per event).
  absl::Status CompactAll();

  // Compacts the keys starting with `prefix` in `family`, memtable included:
  // what was deleted there is dropped, so a scan of the prefix no longer
  // steps over the deletions (RocksDB keeps each as a tombstone until a
  // compaction reaches it).
  absl::Status CompactPrefix(Family family, absl::string_view prefix);

  // Writes a consistent copy of every family to `destination_dir` while
  // commits continue (a RocksDB checkpoint: SST files hard-linked when on the
  // same filesystem, copied otherwise) and returns the sequence number of
  // the last write it holds. The directory must be absolute and absent or
  // empty: INVALID_ARGUMENT otherwise for the path, FAILED_PRECONDITION for
  // a non-empty directory. The copy is a data directory casehub can open.
  absl::StatusOr<uint64_t> Checkpoint(const std::string& destination_dir) const;

  // Reads every block of every file and checks its checksum: DATA_LOSS names
  // the damaged file. Reads the whole store, so offline or on demand only.
  absl::Status VerifyChecksums() const;

  // The schema version the directory had when opened: kSchemaVersion, or an
  // older one the hub must migrate (then MarkSchemaCurrent).
  uint64_t found_schema_version() const { return found_schema_version_; }
  absl::Status MarkSchemaCurrent();

  rocksdb::ColumnFamilyHandle* Handle(Family family) const {
    return handles_[static_cast<int>(family)];
  }
  const std::string& path() const { return path_; }

 private:
  Store() = default;
  // Writes the schema version into a directory without any key when
  // `may_create`; refuses a directory with keys but no version.
  absl::Status CheckSchemaVersion(bool may_create);
  // True when not one column family holds a key.
  absl::StatusOr<bool> HoldsNoKeys() const;

  std::string path_;
  bool sync_writes_ = true;
  bool write_once_ = false;
  uint64_t min_free_bytes_ = 0;
  uint64_t found_schema_version_ = kSchemaVersion;
  std::unique_ptr<rocksdb::DB> db_;
  // RocksDB's default family: always present, left empty by casehub.
  rocksdb::ColumnFamilyHandle* default_handle_ = nullptr;
  std::array<rocksdb::ColumnFamilyHandle*, kFamilyNames.size()> handles_{};
  // Told of every index put; a pointer as the scans that advance it are const.
  std::unique_ptr<LiveStarts> live_starts_ = std::make_unique<LiveStarts>();
};

}  // namespace casehub::store
