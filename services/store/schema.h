// The on-disk schema version. Bump it whenever keys.h or the meaning of a
// stored value changes; Store::Open refuses a data directory written by a
// newer version instead of misreading it.
#pragma once

#include <cstdint>

namespace casehub::store {

inline constexpr uint64_t kSchemaVersion = 1;

}  // namespace casehub::store
