#include "services/store/row_cursor.h"

#include "casehub/status_macros.h"

namespace casehub::store {

absl::StatusOr<const RowCursor::Row*> RowCursor::Current() {
  if (position_ < chunk_.size()) return &chunk_[position_];
  if (at_end_) return nullptr;
  // The next chunk starts after the last row read, the first at the start.
  const std::string after = chunk_.empty() ? "" : chunk_.back().first;
  chunk_.clear();
  position_ = 0;
  RETURN_IF_ERROR(store_.Scan(
      family_, "", after,
      [&](absl::string_view key, absl::string_view value) {
        chunk_.emplace_back(std::string(key), std::string(value));
        return chunk_.size() < rows_per_chunk_;
      },
      snapshot_));
  at_end_ = chunk_.size() < rows_per_chunk_;
  if (chunk_.empty()) return nullptr;
  return &chunk_[0];
}

}  // namespace casehub::store
