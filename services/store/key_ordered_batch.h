// A write batch's operations, read once at commit: reordered by family and
// key as RocksDB is to insert them (KeyOrdered), and told to whoever follows
// what a commit put (the index's live starts). A memtable is a skip list that
// remembers where its last insert went; a batch's keys in order are each
// found from the one before instead of from the top of a list of a million
// entries, which was a fifth of the hub's CPU in a batched ingest
// (docs/performance.md).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/types/span.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"

namespace casehub::store {

// One operation of a batch, pointing into the batch's bytes.
struct BatchOperation {
  enum class Kind { kPut, kDelete, kMerge };
  uint32_t family;
  Kind kind;
  rocksdb::Slice key;
  rocksdb::Slice value;
};

// The operations of `batch`, in its order; nullopt when it holds one other
// than a put, a delete or a merge. Valid while `batch` is.
std::optional<std::vector<BatchOperation>> OperationsOf(const rocksdb::WriteBatch& batch);

// `operations` as a batch sorted by family and key, the operations on one key
// in their order (so the batch means what it meant); nullopt when one is in
// a family not in `families`.
std::optional<rocksdb::WriteBatch> KeyOrdered(
    std::vector<BatchOperation> operations,
    absl::Span<rocksdb::ColumnFamilyHandle* const> families);

}  // namespace casehub::store
