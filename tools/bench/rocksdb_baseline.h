// Baseline (b): raw RocksDB in a scratch directory, one synced write
// (WriteOptions::sync, as casehub commits) per call of a lab request's bytes,
// or of a batch of them, at the same concurrency. Concurrent synced writers
// share fsyncs through RocksDB's group commit, as casehub's do: this is the
// most durable ingest this disk allows.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "rocksdb/db.h"
#include "tools/bench/load_loop.h"

namespace casehub::bench {

class RocksDbBaseline {
 public:
  // Opens a fresh database in a new directory under `scratch_parent`.
  static absl::StatusOr<std::unique_ptr<RocksDbBaseline>> Open(const std::string& scratch_parent);
  // Closes the database and removes its directory.
  ~RocksDbBaseline();

  // "rocksdb": one value per synced write (operation synced_put).
  Phase MakePhase() const;
  // "rocksdb_batch": `values_per_write` values per synced WriteBatch
  // (operation synced_batch), as one batched ingest call writes them.
  Phase MakeBatchPhase(int values_per_write) const;

  // The scratch database, for the durable echo to write into.
  rocksdb::DB& db() const { return *db_; }

 private:
  Phase MakePhase(std::string name, std::string operation, int values_per_write) const;

  RocksDbBaseline(std::string directory, std::unique_ptr<rocksdb::DB> db);

  std::string directory_;
  std::unique_ptr<rocksdb::DB> db_;
  std::string value_;
};

}  // namespace casehub::bench
