#include "services/store/live_starts.h"

namespace casehub::store {

LiveStarts::Start LiveStarts::Find(absl::string_view prefix) {
  absl::MutexLock lock(&mu_);
  // Registered from the first scan on, so that puts under way count.
  auto [range, added] = ranges_.try_emplace(prefix);
  if (added) range->second.start = std::string(prefix);
  return Start{range->second.start, range->second.generation};
}

void LiveStarts::Advance(absl::string_view prefix, const Start& start, std::string first) {
  absl::MutexLock lock(&mu_);
  auto range = ranges_.find(prefix);
  if (range == ranges_.end() || range->second.generation != start.generation) return;
  range->second.start = std::move(first);
}

void LiveStarts::Put(absl::string_view key) {
  absl::MutexLock lock(&mu_);
  for (auto& [prefix, range] : ranges_) {
    if (key.substr(0, prefix.size()) != prefix) continue;
    ++range.generation;
    if (key < range.start) range.start = std::string(key);
  }
}

void LiveStarts::Forget() {
  absl::MutexLock lock(&mu_);
  for (auto& [prefix, range] : ranges_) {
    range.start = prefix;
    ++range.generation;
  }
}

void LiveStarts::MarkCrowded(absl::string_view prefix) {
  absl::MutexLock lock(&mu_);
  crowded_.emplace(prefix);
}

std::vector<std::string> LiveStarts::TakeCrowded() {
  absl::MutexLock lock(&mu_);
  std::vector<std::string> taken(crowded_.begin(), crowded_.end());
  crowded_.clear();
  return taken;
}

}  // namespace casehub::store
