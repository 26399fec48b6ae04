// The one place where rocksdb::Status becomes absl::Status.
#pragma once

#include "absl/strings/string_view.h"

#include "absl/status/status.h"
#include "rocksdb/status.h"

namespace casehub::store {

// Maps a RocksDB status to the closest canonical code, prefixing `context`
// (what was being done) to RocksDB's own message.
absl::Status FromRocksDb(const rocksdb::Status& status,
                         absl::string_view context);

}  // namespace casehub::store
