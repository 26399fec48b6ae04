// Writing many changes (a migration, a rebuild) in bounded batches, so no
// single commit grows with the store.
#pragma once

#include <cstddef>
#include <functional>

#include "absl/status/status.h"
#include "services/store/store.h"
#include "services/store/write_batch.h"

namespace casehub::store {

// Commits `count` changes, a thousand at a time: add(batch, i) adds the i-th.
absl::Status WriteInBatches(Store& store, size_t count,
                            const std::function<void(WriteBatch& batch, size_t i)>& add);

}  // namespace casehub::store
