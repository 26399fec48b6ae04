// The merge operator of the `counters` family: a counter is a signed 64-bit
// count (8 bytes, big-endian two's complement) that writers change by adding
// deltas (WriteBatch::AddToCounter) rather than reading and rewriting it, so
// commands on different patients never race on a shared counter.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "rocksdb/merge_operator.h"

namespace casehub::store {

std::string EncodeCount(int64_t count);
// nullopt when `bytes` is not 8 bytes long.
std::optional<int64_t> DecodeCount(absl::string_view bytes);

std::shared_ptr<rocksdb::MergeOperator> NewCounterMergeOperator();

}  // namespace casehub::store
