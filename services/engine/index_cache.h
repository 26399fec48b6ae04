// IndexCache: the index entries of the patients written last, kept so the
// next command on one of them starts from the entries of the state it loads
// instead of asking every plugin for them again (they were a fifth of a
// write's CPU, docs/performance.md). Entries are a pure function of a
// patient's state, and a patient's version names one state (every state is
// written by a command that raises the version), so entries found for the
// version loaded are that state's. Bounded: the patient used least recently
// goes first. Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "services/engine/index_entries.h"

namespace casehub::engine {

class IndexCache {
 public:
  explicit IndexCache(size_t capacity) : capacity_(capacity) {}

  // The entries remembered for the patient at exactly `version`, or null.
  std::shared_ptr<const IndexMap> Find(absl::string_view patient_id, uint64_t version);
  // Called once the state of `version` is committed.
  void Remember(const std::string& patient_id, uint64_t version,
                std::shared_ptr<const IndexMap> entries);

 private:
  struct Remembered {
    std::string patient_id;
    uint64_t version;
    std::shared_ptr<const IndexMap> entries;
  };

  const size_t capacity_;
  absl::Mutex mu_;
  // Most recently used first.
  std::list<Remembered> recency_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, std::list<Remembered>::iterator> by_patient_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace casehub::engine
