// LockTable: a fixed set of mutexes that serializes work per key (a patient,
// a request id) while different keys mostly proceed in parallel. Two keys
// may share a stripe; that only costs parallelism, never correctness.
// Thread-safe.
#pragma once

#include <array>
#include "absl/strings/string_view.h"

#include "absl/hash/hash.h"
#include "absl/synchronization/mutex.h"

namespace casehub::engine {

class LockTable {
 public:
  absl::Mutex& For(absl::string_view key) {
    return stripes_[absl::Hash<absl::string_view>()(key) % stripes_.size()];
  }

 private:
  std::array<absl::Mutex, 4096> stripes_;
};

}  // namespace casehub::engine
