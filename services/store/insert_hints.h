// Where a memtable insert starts looking. A memtable is a skip list that
// remembers one place, its last insert; a commit's keys go to several far
// apart places of each family (a patient's events and state, a record under
// each of its audit orders, a site's alert feed), so each insert searched
// from near the top of the list. RocksDB keeps a place per key prefix
// instead when a family names its prefixes
// (memtable_insert_with_hint_prefix_extractor): a key that comes after the
// last one of its prefix, as an event after the patient's previous one or
// an audit record after the previous one of its order, is then put in
// without a search (docs/performance.md, "An insert's place remembered per
// prefix").
#pragma once

#include <memory>

#include "rocksdb/slice_transform.h"
#include "services/store/column_families.h"

namespace casehub::store {

// The prefixes under which `family`'s inserts are remembered (keys.h):
//   events      <patient id> 00
//   state       the whole key (a patient's state replaces its last version)
//   counters    the whole key (a counter takes delta after delta)
//   audit       'T' for the time order; 'P'/'U'/'S'/'G' <id> 00 for the others
//   alert_feed  <site> 00
// nullptr for the families whose inserts land anywhere in their key space
// (index, requests, meta): there a remembered place would be a wrong guess.
std::shared_ptr<const rocksdb::SliceTransform> InsertHintPrefixes(Family family);

}  // namespace casehub::store
