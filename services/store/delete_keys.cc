#include "services/store/delete_keys.h"

#include <algorithm>

#include "casehub/status_macros.h"

namespace casehub::store {

absl::Status DeleteKeys(Store& store, Family family, const std::vector<std::string>& keys) {
  constexpr size_t kKeysPerBatch = 1000;
  for (size_t begin = 0; begin < keys.size(); begin += kKeysPerBatch) {
    WriteBatch batch = store.NewBatch();
    for (size_t i = begin; i < std::min(keys.size(), begin + kKeysPerBatch); ++i) {
      batch.Delete(family, keys[i]);
    }
    RETURN_IF_ERROR(store.Commit(batch));
  }
  return absl::OkStatus();
}

}  // namespace casehub::store
