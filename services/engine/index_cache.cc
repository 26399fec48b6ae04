#include "services/engine/index_cache.h"

#include <utility>

namespace casehub::engine {

std::shared_ptr<const IndexMap> IndexCache::Find(absl::string_view patient_id,
                                                 uint64_t version) {
  absl::MutexLock lock(&mu_);
  auto found = by_patient_.find(patient_id);
  if (found == by_patient_.end() || found->second->version != version) return nullptr;
  recency_.splice(recency_.begin(), recency_, found->second);
  return found->second->entries;
}

void IndexCache::Remember(const std::string& patient_id, uint64_t version,
                          std::shared_ptr<const IndexMap> entries) {
  if (capacity_ == 0) return;
  absl::MutexLock lock(&mu_);
  if (auto found = by_patient_.find(patient_id); found != by_patient_.end()) {
    found->second->version = version;
    found->second->entries = std::move(entries);
    recency_.splice(recency_.begin(), recency_, found->second);
    return;
  }
  if (by_patient_.size() == capacity_) {
    by_patient_.erase(recency_.back().patient_id);
    recency_.pop_back();
  }
  recency_.push_front(Remembered{patient_id, version, std::move(entries)});
  by_patient_.emplace(patient_id, recency_.begin());
}

}  // namespace casehub::engine
