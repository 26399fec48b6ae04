#include "services/hub/migrate.h"

#include <map>
#include <string>

#include "casehub/status_macros.h"
#include "services/common/log.h"
#include "services/engine/audit_log.h"
#include "services/engine/verify.h"
#include "services/store/counter_merge.h"
#include "services/store/keys.h"

namespace casehub::hub {
namespace {

// Schema 3 counts the values of median indicators ('V' items) by day and
// value. The counters are written as totals (puts, not merged deltas), so a
// run interrupted and repeated gives the same counts.
absl::Status CountValueItems(store::Store& store) {
  std::map<std::string, int64_t> counts;
  uint64_t items = 0;
  RETURN_IF_ERROR(store.Scan(store::Family::kIndex, "I", "",
                             [&](absl::string_view key, absl::string_view value) {
                               if (store::IndicatorItemPart(key) == 'V') {
                                 ++counts[*store::IndicatorCounterKey(key, value)];
                                 ++items;
                               }
                               return true;
                             }));
  constexpr size_t kCountersPerBatch = 1000;
  store::WriteBatch batch = store.NewBatch();
  size_t pending = 0;
  for (const auto& [counter, count] : counts) {
    batch.Put(store::Family::kCounters, counter, store::EncodeCount(count));
    if (++pending == kCountersPerBatch) {
      RETURN_IF_ERROR(store.Commit(batch));
      batch = store.NewBatch();
      pending = 0;
    }
  }
  RETURN_IF_ERROR(store.Commit(batch));
  LogInfo("counted %d values of median indicators into %d counters", items, counts.size());
  return absl::OkStatus();
}

}  // namespace

absl::Status MigrateToCurrentSchema(store::Store& store, const engine::PluginHost& plugins) {
  const uint64_t found = store.found_schema_version();
  if (found == store::kSchemaVersion) return absl::OkStatus();
  LogInfo("migrating %s from schema version %d to %d", store.path(), found,
          store::kSchemaVersion);
  if (found < 2) {
    // Derived rows rebuilt from the log are current in every later respect.
    RETURN_IF_ERROR(engine::Rebuild(store, plugins));
    RETURN_IF_ERROR(engine::AuditLog::AddSiteOrders(store));
  } else {
    RETURN_IF_ERROR(CountValueItems(store));
  }
  return store.MarkSchemaCurrent();
}

}  // namespace casehub::hub
