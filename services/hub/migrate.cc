#include "services/hub/migrate.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "casehub/status_macros.h"
#include "casehub/v1/state.pb.h"
#include "services/common/log.h"
#include "services/engine/audit_log.h"
#include "services/engine/index_entries.h"
#include "services/engine/myelo_indicators.h"
#include "services/engine/verify.h"
#include "services/store/counter_merge.h"
#include "services/store/keys.h"
#include "services/store/write_in_batches.h"

namespace casehub::hub {
namespace {

// Writes `counts` as totals (puts, not merged deltas), so a run interrupted
// and repeated gives the same counts.
absl::Status PutCounters(store::Store& store, const std::map<std::string, int64_t>& counts) {
  auto next = counts.begin();
  return store::WriteInBatches(store, counts.size(), [&](store::WriteBatch& batch, size_t) {
    batch.Put(store::Family::kCounters, next->first, store::EncodeCount(next->second));
    ++next;
  });
}

// Whether `text`, a value written to six significant digits, may round to
// another tenth than the value it was written from: when a tenth's edge
// (x.x5) lies within half a unit of its sixth digit ("84.95" may have been
// 84.94996).
bool MayRoundOtherwise(double text) {
  const double half_unit = 0.5 * std::pow(10.0, std::floor(std::log10(std::max(text, 1e-9))) - 5);
  const double tenths = text * 10;
  return std::abs(tenths - std::floor(tenths) - 0.5) <= half_unit * 10 + 1e-9;
}

// Schema 4 records the myelosuppression medians' values to one decimal
// (engine::MedianValueText). An item written before holds its value to six
// significant digits: rounded from that text unless it may round otherwise,
// and then derived again from its patient's state, as the write path does.
absl::Status RecordMedianValuesInTenths(store::Store& store) {
  std::vector<std::pair<std::string, std::string>> rewritten;
  std::set<std::string> patients;
  for (const char* indicator : {engine::kMedianRdi, engine::kMinutesToAcknowledge}) {
    absl::Status malformed = absl::OkStatus();
    RETURN_IF_ERROR(store.Scan(
        store::Family::kIndex, store::IndicatorPrefix(indicator), "",
        [&](absl::string_view key, absl::string_view value) {
          if (store::IndicatorItemPart(key) != 'V') return true;
          double parsed = 0;
          std::optional<std::string> patient = store::IndicatorItemPatientId(key);
          if (!absl::SimpleAtod(value, &parsed) || !patient) {
            malformed = absl::DataLossError(
                absl::StrCat("a ", indicator, " item's value does not parse; run casehub --verify"));
            return false;
          }
          if (MayRoundOtherwise(parsed)) {
            patients.insert(*std::move(patient));
            return true;
          }
          std::string tenths = engine::MedianValueText(parsed);
          if (tenths != value) rewritten.emplace_back(key, std::move(tenths));
          return true;
        }));
    RETURN_IF_ERROR(malformed);
  }
  for (const std::string& patient : patients) {
    ASSIGN_OR_RETURN(std::optional<std::string> stored,
                     store.Get(store::Family::kState, store::StateKey(patient)));
    v1::PatientState state;
    if (!stored || !state.ParseFromString(*stored)) {
      return absl::DataLossError(absl::StrCat("patient ", patient,
                                              ": no readable state; run casehub --verify"));
    }
    engine::IndexMap entries;
    engine::AddMyeloIndicatorEntries(state, entries);
    entries.Seal();
    for (const auto& [key, value] : entries) {
      if (store::IndicatorItemPart(key) != 'V') continue;
      ASSIGN_OR_RETURN(std::optional<std::string> current,
                       store.Get(store::Family::kIndex, key));
      if (current != value) rewritten.emplace_back(key, value);
    }
  }
  RETURN_IF_ERROR(
      store::WriteInBatches(store, rewritten.size(), [&](store::WriteBatch& batch, size_t i) {
        batch.Put(store::Family::kIndex, rewritten[i].first, rewritten[i].second);
      }));
  LogInfo("recorded %d median values to one decimal (those of %d patients derived again)",
          rewritten.size(), patients.size());
  return absl::OkStatus();
}

// Deletes the value counters of median indicators, to be counted again.
absl::Status DeleteValueCounters(store::Store& store) {
  std::vector<std::string> keys;
  RETURN_IF_ERROR(store.Scan(store::Family::kCounters, "I", "",
                             [&](absl::string_view key, absl::string_view) {
                               if (store::IndicatorItemPart(key) == 'V') keys.emplace_back(key);
                               return true;
                             }));
  return store::WriteInBatches(store, keys.size(), [&](store::WriteBatch& batch, size_t i) {
    batch.Delete(store::Family::kCounters, keys[i]);
  });
}

// Schema 3 counts the values of median indicators ('V' items) by day and
// value.
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
  RETURN_IF_ERROR(PutCounters(store, counts));
  LogInfo("counted %d values of median indicators into %d counters", items, counts.size());
  return absl::OkStatus();
}

// Schema 4 adds month and year counters beside the day counters: the sums
// of their days'.
absl::Status AddRollupCounters(store::Store& store) {
  std::map<std::string, int64_t> rollups;
  uint64_t days = 0;
  absl::Status malformed = absl::OkStatus();
  RETURN_IF_ERROR(store.Scan(
      store::Family::kCounters, "I", "", [&](absl::string_view key, absl::string_view value) {
        std::optional<int64_t> count = store::DecodeCount(value);
        for (store::Rollup rollup : {store::Rollup::kMonth, store::Rollup::kYear}) {
          std::optional<std::string> rollup_key = store::IndicatorRollupCounterKey(key, rollup);
          if (!rollup_key || !count) {
            malformed = absl::DataLossError("a day counter does not parse; run casehub --verify");
            return false;
          }
          rollups[*rollup_key] += *count;
        }
        ++days;
        return true;
      }));
  RETURN_IF_ERROR(malformed);
  RETURN_IF_ERROR(PutCounters(store, rollups));
  LogInfo("summed %d day counters into %d month and year counters", days, rollups.size());
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
    return store.MarkSchemaCurrent();
  }
  // Schemas 5 and 6 read what 4 and 5 wrote.
  if (found >= 4) return store.MarkSchemaCurrent();
  // Each step can be repeated: a run interrupted anywhere and started again
  // ends with the same index and counters.
  RETURN_IF_ERROR(RecordMedianValuesInTenths(store));
  RETURN_IF_ERROR(DeleteValueCounters(store));
  RETURN_IF_ERROR(CountValueItems(store));
  RETURN_IF_ERROR(AddRollupCounters(store));
  // Most value counters were deleted and written again: compacted now, the
  // first reports do not step over the deletions.
  RETURN_IF_ERROR(store.CompactPrefix(store::Family::kCounters, ""));
  return store.MarkSchemaCurrent();
}

}  // namespace casehub::hub
