// Baseline (b): raw RocksDB in a scratch directory, one synced write
// (WriteOptions::sync, as casehub commits) of a lab request's bytes per call,
// at the same concurrency. Concurrent synced writers share fsyncs through
// RocksDB's group commit, as casehub's do: this is the most durable ingest
// this disk allows.
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

  Phase MakePhase() const;

 private:
  RocksDbBaseline(std::string directory, std::unique_ptr<rocksdb::DB> db);

  std::string directory_;
  std::unique_ptr<rocksdb::DB> db_;
  std::string value_;
};

}  // namespace casehub::bench
