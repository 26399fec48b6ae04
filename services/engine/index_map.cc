#include "services/engine/index_map.h"

#include <algorithm>

namespace casehub::engine {
namespace {

bool KeyLess(const IndexMap::Entry& a, const IndexMap::Entry& b) { return a.first < b.first; }

}  // namespace

IndexMap::IndexMap(std::initializer_list<Entry> entries) : entries_(entries) { Seal(); }

void IndexMap::Set(std::string key, std::string value) {
  entries_.emplace_back(std::move(key), std::move(value));
}

void IndexMap::Seal() {
  // Stable: of equal keys, the last set stays last.
  std::stable_sort(entries_.begin(), entries_.end(), KeyLess);
  auto kept = entries_.begin();
  for (auto run = entries_.begin(); run != entries_.end();) {
    auto last = run;
    while (last + 1 != entries_.end() && (last + 1)->first == run->first) ++last;
    if (kept != last) *kept = std::move(*last);
    ++kept;
    run = last + 1;
  }
  entries_.erase(kept, entries_.end());
}

bool IndexMap::contains(absl::string_view key) const {
  auto found = std::lower_bound(entries_.begin(), entries_.end(), key,
                                [](const Entry& entry, absl::string_view wanted) {
                                  return absl::string_view(entry.first) < wanted;
                                });
  return found != entries_.end() && absl::string_view(found->first) == key;
}

}  // namespace casehub::engine
