// How many deletions RocksDB's iterators stepped over while `scan` ran on
// this thread (RocksDB's per-thread perf context): what a scan of a range
// with tombstones costs, counted rather than timed.
#pragma once

#include <cstdint>

#include "rocksdb/perf_context.h"
#include "rocksdb/perf_level.h"

namespace casehub::testing {

template <typename Scan>
uint64_t DeletionsSteppedOver(Scan&& scan) {
  rocksdb::SetPerfLevel(rocksdb::PerfLevel::kEnableCount);
  rocksdb::get_perf_context()->Reset();
  scan();
  const uint64_t stepped = rocksdb::get_perf_context()->internal_delete_skipped_count;
  rocksdb::SetPerfLevel(rocksdb::PerfLevel::kDisable);
  return stepped;
}

}  // namespace casehub::testing
