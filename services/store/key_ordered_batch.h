// KeyOrdered: a write batch's operations reordered by family and key, as
// RocksDB is to insert them. A memtable is a skip list that remembers where
// its last insert went; a batch's keys in order are each found from the one
// before instead of from the top of a list of a million entries, which was a
// fifth of the hub's CPU in a batched ingest (docs/performance.md).
#pragma once

#include <optional>

#include "absl/types/span.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"

namespace casehub::store {

// The operations of `batch` sorted by family and key, the operations on one
// key in their order (so the batch means what it meant); nullopt when it
// holds an operation other than a put, a delete or a merge, or a family not
// in `families`. `batch` is left as it was.
std::optional<rocksdb::WriteBatch> KeyOrdered(
    const rocksdb::WriteBatch& batch,
    absl::Span<rocksdb::ColumnFamilyHandle* const> families);

}  // namespace casehub::store
