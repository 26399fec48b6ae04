#include "services/store/write_in_batches.h"

#include <algorithm>

#include "casehub/status_macros.h"

namespace casehub::store {

absl::Status WriteInBatches(Store& store, size_t count,
                            const std::function<void(WriteBatch& batch, size_t i)>& add) {
  constexpr size_t kChangesPerBatch = 1000;
  for (size_t begin = 0; begin < count; begin += kChangesPerBatch) {
    WriteBatch batch = store.NewBatch();
    for (size_t i = begin; i < std::min(count, begin + kChangesPerBatch); ++i) add(batch, i);
    RETURN_IF_ERROR(store.Commit(batch));
  }
  return absl::OkStatus();
}

}  // namespace casehub::store
