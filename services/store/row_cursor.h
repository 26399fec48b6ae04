// RowCursor: the rows of one family in key order, read a chunk at a time,
// so that two sorted families can be walked side by side (a merge join)
// in bounded memory whatever their size.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "services/store/store.h"

namespace casehub::store {

class RowCursor {
 public:
  using Row = std::pair<std::string, std::string>;

  // Borrows `store` and `snapshot` (null: the latest data); both must
  // outlive the cursor.
  RowCursor(const Store& store, Family family, const Snapshot* snapshot = nullptr,
            size_t rows_per_chunk = 4096)
      : store_(store), family_(family), snapshot_(snapshot), rows_per_chunk_(rows_per_chunk) {}

  // The row the cursor is on, null past the last one.
  absl::StatusOr<const Row*> Current();
  // Moves to the next row; only after Current gave one.
  void Next() { ++position_; }

 private:
  const Store& store_;
  const Family family_;
  const Snapshot* const snapshot_;
  const size_t rows_per_chunk_;
  std::vector<Row> chunk_;
  size_t position_ = 0;
  // The last chunk was the family's end.
  bool at_end_ = false;
};

}  // namespace casehub::store
