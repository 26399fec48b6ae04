// Where the live entries of a queue-like range begin. A worklist, the due
// tasks and the open alerts are ranges ordered by time whose earliest
// entries are the ones done and deleted; RocksDB keeps each deletion until a
// compaction reaches it, and a scan from the start of the range steps over
// every one (10 000 tasks completed took a worklist page from 1 to 9 ms).
// Remembering the first live key a scan found lets the next scan seek past
// them; deletions among the live entries are dropped by compacting the
// ranges whose scans met many (Store::CompactCrowdedQueues). Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace casehub::store {

class LiveStarts {
 public:
  // Where a scan of `prefix` may start: no live key under the prefix lies
  // before `key`. `generation` goes to Advance.
  struct Start {
    std::string key;
    uint64_t generation;
  };
  Start Find(absl::string_view prefix);

  // After a scan from `start` found the first live key `first` under
  // `prefix` (the prefix's upper bound when it found none): later scans
  // start there, unless a key was put under the prefix meanwhile (the scan
  // may not have seen it).
  void Advance(absl::string_view prefix, const Start& start, std::string first);

  // After a commit put `key`, before the commit returns: a scan must not
  // start past the key, and a scan under way does not advance.
  void Put(absl::string_view key);

  // Every scan starts from its prefix again.
  void Forget();

  // A scan of `prefix` stepped over so many deletions among the live
  // entries (where no start helps) that the range is worth compacting.
  void MarkCrowded(absl::string_view prefix);
  // The ranges marked since the last call.
  std::vector<std::string> TakeCrowded();

 private:
  struct Range {
    std::string start;
    // Changes with every key put under the prefix.
    uint64_t generation = 0;
  };
  absl::Mutex mu_;
  // Only prefixes scanned as queues: a few per site.
  absl::flat_hash_map<std::string, Range> ranges_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_set<std::string> crowded_ ABSL_GUARDED_BY(mu_);
};

}  // namespace casehub::store
