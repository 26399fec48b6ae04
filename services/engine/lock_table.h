// LockTable: a fixed set of mutexes that serializes work per key (a patient,
// a request id) while different keys mostly proceed in parallel. Two keys
// may share a stripe; that only costs parallelism, never correctness.
// StripeLocks holds the stripes of several keys at once. Thread-safe.
#pragma once

#include <algorithm>
#include <array>
#include <vector>

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

// Locks the stripes of `keys`, each once and in address order, so two
// holders of several stripes never wait on each other in a cycle; unlocks
// them when it goes. A caller holding stripes of two tables takes one
// table's before the other's, always in the same table order.
class StripeLocks {
 public:
  StripeLocks(LockTable& table, const std::vector<absl::string_view>& keys) {
    held_.reserve(keys.size());
    for (absl::string_view key : keys) held_.push_back(&table.For(key));
    std::sort(held_.begin(), held_.end());
    held_.erase(std::unique(held_.begin(), held_.end()), held_.end());
    for (absl::Mutex* stripe : held_) stripe->Lock();
  }
  ~StripeLocks() {
    for (auto stripe = held_.rbegin(); stripe != held_.rend(); ++stripe) (*stripe)->Unlock();
  }
  StripeLocks(const StripeLocks&) = delete;
  StripeLocks& operator=(const StripeLocks&) = delete;

 private:
  std::vector<absl::Mutex*> held_;
};

}  // namespace casehub::engine
