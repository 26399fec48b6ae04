// Deleting many keys of a family (a migration, a rebuild) in bounded
// batches, so no single commit grows with the store.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "services/store/store.h"

namespace casehub::store {

absl::Status DeleteKeys(Store& store, Family family, const std::vector<std::string>& keys);

}  // namespace casehub::store
