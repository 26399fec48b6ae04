// The on-disk schema version. Bump it whenever keys.h or the meaning of a
// stored value changes; Store::Open refuses a data directory written by a
// newer version instead of misreading it.
#pragma once

#include <cstdint>

namespace casehub::store {

// 2: site-scoped patient and case index entries (owners, sharers), site
//    orders in the audit family.
// 3: value counters of median indicators (a histogram per day).
// 4: month and year counters beside the day counters.
// 5: the alert feed's cursor mark in meta is raised by merges
//    (raise_merge.h), which a casehub of schema 4 cannot read; a stored
//    mark is raised from as it is.
// 6: a closed alert leaves its patient's state for the patient's row of
//    closed alerts beside it (engine/closed_alerts.h), which a casehub of schema 5
//    would not show; a state stored before still holding closed alerts is
//    read as it is and gives them up at its next write.
inline constexpr uint64_t kSchemaVersion = 6;

}  // namespace casehub::store
