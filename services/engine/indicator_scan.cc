#include "services/engine/indicator_scan.h"

#include <map>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "casehub/status_macros.h"
#include "services/engine/field_rules.h"
#include "services/store/counter_merge.h"

namespace casehub::engine {
namespace {

absl::Status CheckDate(absl::string_view field, const std::string& date) {
  absl::CivilDay day;
  if (date.size() != 10 || !absl::ParseCivilTime(date, &day)) {
    return InvalidField(field, absl::StrCat("must be a date YYYY-MM-DD, got '", date, "'"));
  }
  return absl::OkStatus();
}

v1::IndicatorItem Item(const store::IndicatorKeyParts& parts) {
  v1::IndicatorItem item;
  item.set_id(parts.item_id);
  item.set_patient_id(parts.item_id.substr(0, parts.item_id.find('-')));
  item.set_date(parts.date);
  return item;
}

// What a median's values come to: how many items had each value.
using ValueCounts = std::map<double, uint64_t>;

// Adds the item (or `count` items) of `parts` with `value` to the figures:
// an 'N' to the numerator, a 'D' to the denominator, a 'V' to the
// denominator and, when its value reads as a number, to `values` (one that
// does not is left out of both).
void Tally(const store::IndicatorKeyParts& parts, absl::string_view value, uint64_t count,
           uint64_t& numerator, uint64_t& denominator, ValueCounts& values) {
  if (parts.part == 'V') {
    double parsed = 0;
    if (!absl::SimpleAtod(value, &parsed)) return;
    values[parsed] += count;
  }
  (parts.part == 'N' ? numerator : denominator) += count;
}

// Sums the day counters of `indicator` at the scope's site over its period
// (and tumor type); a 'V' counter's value is the rest of its key.
absl::Status SumCounters(const store::Store& store, const store::Snapshot* snapshot,
                         const ReportScope& scope, absl::string_view indicator,
                         uint64_t& numerator, uint64_t& denominator, ValueCounts& values) {
  const std::string prefix = store::IndicatorPrefix(indicator, scope.site_id);
  absl::Status status = absl::OkStatus();
  RETURN_IF_ERROR(store.Scan(
      store::Family::kCounters, prefix, absl::StrCat(prefix, scope.from_date),
      [&](absl::string_view key, absl::string_view value) {
        std::optional<store::IndicatorKeyParts> parts =
            store::ParseIndicatorKeyRest(key.substr(prefix.size()));
        std::optional<int64_t> count = store::DecodeCount(value);
        if (!parts || !count || *count < 0) {
          status = absl::DataLossError(absl::StrCat("malformed ", indicator, " counter"));
          return false;
        }
        if (parts->date > scope.to_date) return false;  // ordered by date
        if (!scope.tumor_type.empty() && parts->tumor_type != scope.tumor_type) return true;
        Tally(*parts, parts->item_id, static_cast<uint64_t>(*count), numerator, denominator,
              values);
        return true;
      },
      snapshot));
  return status;
}

}  // namespace

absl::Status CheckReportScope(const ReportScope& scope) {
  RETURN_IF_ERROR(CheckIdField("site_id", scope.site_id));
  RETURN_IF_ERROR(CheckDate("from_date", scope.from_date));
  RETURN_IF_ERROR(CheckDate("to_date", scope.to_date));
  if (scope.from_date > scope.to_date) return InvalidField("from_date", "must not be after to_date");
  return absl::OkStatus();
}

absl::Status ScanIndicatorItems(const store::Store& store, const store::Snapshot* snapshot,
                                const ReportScope& scope, absl::string_view indicator,
                                const ItemVisitor& visit) {
  const std::string prefix = store::IndicatorPrefix(indicator, scope.site_id);
  bool malformed = false;
  RETURN_IF_ERROR(store.Scan(
      store::Family::kIndex, prefix, absl::StrCat(prefix, scope.from_date),
      [&](absl::string_view key, absl::string_view value) {
        std::optional<store::IndicatorKeyParts> parts =
            store::ParseIndicatorKeyRest(key.substr(prefix.size()));
        if (!parts) {
          malformed = true;
          return false;
        }
        if (parts->date > scope.to_date) return false;  // ordered by date
        if (scope.tumor_type.empty() || parts->tumor_type == scope.tumor_type) {
          visit(*parts, value);
        }
        return true;
      },
      snapshot));
  if (malformed) return absl::DataLossError(absl::StrCat("malformed ", indicator, " index key"));
  return absl::OkStatus();
}

absl::Status FillIndicator(const store::Store& store, const store::Snapshot* snapshot,
                           const ReportScope& scope, absl::string_view index_name,
                           bool with_items, v1::Indicator& indicator) {
  uint64_t numerator = 0;
  uint64_t denominator = 0;
  ValueCounts values;
  if (!with_items) {
    RETURN_IF_ERROR(
        SumCounters(store, snapshot, scope, index_name, numerator, denominator, values));
  } else {
    RETURN_IF_ERROR(ScanIndicatorItems(
        store, snapshot, scope, index_name,
        [&](const store::IndicatorKeyParts& parts, absl::string_view value) {
          v1::IndicatorItem item = Item(parts);
          if (parts.part == 'V') {
            double parsed = 0;
            if (!absl::SimpleAtod(value, &parsed)) return;
            item.set_value(parsed);
          }
          Tally(parts, value, 1, numerator, denominator, values);
          *(parts.part == 'N' ? indicator.add_numerator_items()
                              : indicator.add_denominator_items()) = std::move(item);
        }));
  }
  indicator.set_numerator(numerator);
  indicator.set_denominator(denominator);
  if (indicator.kind() == v1::INDICATOR_KIND_MEDIAN) {
    if (std::optional<double> middle = Median(values)) indicator.set_median(*middle);
  } else if (denominator > 0) {
    indicator.set_rate(static_cast<double>(numerator) / static_cast<double>(denominator));
  }
  return absl::OkStatus();
}

std::optional<double> Median(const std::map<double, uint64_t>& counts) {
  uint64_t total = 0;
  for (const auto& [value, count] : counts) total += count;
  if (total == 0) return std::nullopt;
  // The values at the two middle ranks (one rank when the total is odd).
  const uint64_t lower_rank = (total - 1) / 2;
  const uint64_t upper_rank = total / 2;
  std::optional<double> lower;
  uint64_t seen = 0;
  for (const auto& [value, count] : counts) {
    seen += count;
    if (!lower && seen > lower_rank) lower = value;
    if (seen > upper_rank) return (*lower + value) / 2;
  }
  return std::nullopt;  // unreachable: the ranks are below the total
}

}  // namespace casehub::engine
