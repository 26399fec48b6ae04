// IndexMap: a patient's index entries, index key (store/keys.h) -> covering
// value, kept flat. The engine builds one per patient per command and diffs
// it with the one before: a sorted vector takes the entries without a node
// allocation each and diffs in one linear pass (docs/performance.md, "Index
// entries in a flat map").
//
// Built with Set in any order, then Seal()ed once; only a sealed map is read.
#pragma once

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace casehub::engine {

class IndexMap {
 public:
  using Entry = std::pair<std::string, std::string>;
  using const_iterator = std::vector<Entry>::const_iterator;

  IndexMap() = default;
  // Sealed.
  IndexMap(std::initializer_list<Entry> entries);

  // Of values set for one key, the last one counts, as with a map's
  // assignment.
  void Set(std::string key, std::string value);
  // Sorts by key and keeps each key's last value.
  void Seal();

  bool contains(absl::string_view key) const;
  size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  // In key order.
  const_iterator begin() const { return entries_.begin(); }
  const_iterator end() const { return entries_.end(); }

 private:
  std::vector<Entry> entries_;
};

}  // namespace casehub::engine
