// The merge operator of the `meta` family: a value that only rises. A writer
// merges an unsigned 64-bit number (8 bytes, big-endian; WriteBatch::RaiseMeta)
// and the stored value is the largest merged, whatever order concurrent
// commits land in, so a high-water mark written by each of them cannot go
// back. Keys written with Put (the rest of the family) never meet it.
#pragma once

#include <memory>

#include "rocksdb/merge_operator.h"

namespace casehub::store {

std::shared_ptr<rocksdb::MergeOperator> NewRaiseMergeOperator();

}  // namespace casehub::store
