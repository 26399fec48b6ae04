#include "services/engine/indicator_scan.h"

#include <map>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "casehub/status_macros.h"
#include "services/engine/counter_ranges.h"
#include "services/engine/field_rules.h"
#include "services/store/counter_merge.h"

namespace casehub::engine {
namespace {

// Enough for any program's history; a bound on the key sets a report reads.
constexpr int kMaxReportYears = 100;

absl::StatusOr<absl::CivilDay> ParseDate(absl::string_view field, const std::string& date) {
  absl::CivilDay day;
  if (date.size() != 10 || !absl::ParseCivilTime(date, &day)) {
    return InvalidField(field, absl::StrCat("must be a date YYYY-MM-DD, got '", date, "'"));
  }
  return day;
}

// What a median's values come to: how many items had each value. Signed,
// as a report may subtract some counters from others (counter_ranges.h).
using ValueCounts = std::map<double, int64_t>;

// Adds the item (or `count` items, negative to take them away) of `parts`
// with `value` to the figures: an 'N' to the numerator, a 'D' to the
// denominator, a 'V' to the denominator and, when its value reads as a
// number, to `values` (one that does not is left out of both).
void Tally(const store::IndicatorKeyParts& parts, absl::string_view value, int64_t count,
           int64_t& numerator, int64_t& denominator, ValueCounts& values) {
  if (parts.part == 'V') {
    double parsed = 0;
    if (!absl::SimpleAtod(value, &parsed)) return;
    values[parsed] += count;
  }
  (parts.part == 'N' ? numerator : denominator) += count;
}

// Sums the counters of `indicator` at the scope's site over its period (and
// tumor type): whole years and months from their own counters, the rest from
// day counters (counter_ranges.h). A 'V' counter's value is the rest of its
// key.
absl::Status SumCounters(const store::Store& store, const store::Snapshot* snapshot,
                         const ReportScope& scope, absl::string_view indicator,
                         int64_t& numerator, int64_t& denominator, ValueCounts& values) {
  ASSIGN_OR_RETURN(const absl::CivilDay from, ParseDate("from_date", scope.from_date));
  ASSIGN_OR_RETURN(const absl::CivilDay to, ParseDate("to_date", scope.to_date));
  absl::Status status = absl::OkStatus();
  // Adds (sign +1) or subtracts the counter whose key past its indicator and
  // site is `rest`; false past `last_date` (keys are ordered by date).
  auto add = [&](absl::string_view rest, absl::string_view value, int sign,
                 const std::string& last_date) {
    std::optional<store::IndicatorKeyParts> parts = store::ParseIndicatorKeyRest(rest);
    std::optional<int64_t> count = store::DecodeCount(value);
    if (!parts || !count || *count < 0) {
      status = absl::DataLossError(absl::StrCat("malformed ", indicator, " counter"));
      return false;
    }
    if (parts->date > last_date) return false;
    if (!scope.tumor_type.empty() && parts->tumor_type != scope.tumor_type) return true;
    Tally(*parts, parts->item_id, sign * *count, numerator, denominator, values);
    return true;
  };
  for (const CounterRange& range : CounterRangesOf(from, to)) {
    std::string prefix;
    std::string start;
    std::string last;
    if (range.unit == CounterRange::Unit::kDays) {
      prefix = store::IndicatorPrefix(indicator, scope.site_id);
      start = absl::StrCat(prefix, absl::FormatCivilTime(range.first));
      last = absl::FormatCivilTime(range.last);
    } else {
      const store::Rollup rollup =
          range.unit == CounterRange::Unit::kMonth ? store::Rollup::kMonth : store::Rollup::kYear;
      last = rollup == store::Rollup::kMonth
                 ? absl::FormatCivilTime(absl::CivilMonth(range.first))
                 : absl::FormatCivilTime(absl::CivilYear(range.first));
      prefix = store::IndicatorRollupPrefix(rollup, indicator, scope.site_id);
      start = store::IndicatorRollupPrefix(rollup, indicator, scope.site_id, last);
    }
    RETURN_IF_ERROR(store.Scan(
        store::Family::kCounters, prefix, start,
        [&](absl::string_view key, absl::string_view value) {
          return add(key.substr(prefix.size()), value, range.sign, last);
        },
        snapshot));
    RETURN_IF_ERROR(status);
  }
  return status;
}

}  // namespace

absl::Status CheckReportScope(const ReportScope& scope) {
  RETURN_IF_ERROR(CheckIdField("site_id", scope.site_id));
  ASSIGN_OR_RETURN(const absl::CivilDay from, ParseDate("from_date", scope.from_date));
  ASSIGN_OR_RETURN(const absl::CivilDay to, ParseDate("to_date", scope.to_date));
  if (from > to) return InvalidField("from_date", "must not be after to_date");
  // A report reads a key set per year of its period (counter_ranges.h).
  if (absl::CivilYear(to) - absl::CivilYear(from) >= kMaxReportYears) {
    return InvalidField("to_date", absl::StrCat("a report period spans at most ", kMaxReportYears,
                                                " calendar years"));
  }
  return absl::OkStatus();
}

absl::Status ScanIndicatorItems(const store::Store& store, const store::Snapshot* snapshot,
                                const ReportScope& scope, absl::string_view indicator,
                                absl::string_view start_after, const ItemVisitor& visit) {
  const std::string prefix = store::IndicatorPrefix(indicator, scope.site_id);
  bool malformed = false;
  RETURN_IF_ERROR(store.Scan(
      store::Family::kIndex, prefix,
      start_after.empty() ? absl::StrCat(prefix, scope.from_date) : std::string(start_after),
      [&](absl::string_view key, absl::string_view value) {
        std::optional<store::IndicatorKeyParts> parts =
            store::ParseIndicatorKeyRest(key.substr(prefix.size()));
        if (!parts) {
          malformed = true;
          return false;
        }
        if (parts->date > scope.to_date) return false;  // ordered by date
        if (!scope.tumor_type.empty() && parts->tumor_type != scope.tumor_type) return true;
        return visit(key, *parts, value);
      },
      snapshot));
  if (malformed) return absl::DataLossError(absl::StrCat("malformed ", indicator, " index key"));
  return absl::OkStatus();
}

std::optional<v1::IndicatorItem> ItemOf(const store::IndicatorKeyParts& parts,
                                        absl::string_view value) {
  v1::IndicatorItem item;
  if (parts.part == 'V') {
    double parsed = 0;
    if (!absl::SimpleAtod(value, &parsed)) return std::nullopt;
    item.set_value(parsed);
  }
  item.set_id(parts.item_id);
  item.set_patient_id(parts.item_id.substr(0, parts.item_id.find('-')));
  item.set_date(parts.date);
  return item;
}

absl::Status FillIndicator(const store::Store& store, const store::Snapshot* snapshot,
                           const ReportScope& scope, absl::string_view index_name,
                           bool with_items, v1::Indicator& indicator) {
  int64_t numerator = 0;
  int64_t denominator = 0;
  ValueCounts values;
  if (!with_items) {
    RETURN_IF_ERROR(
        SumCounters(store, snapshot, scope, index_name, numerator, denominator, values));
  } else {
    RETURN_IF_ERROR(ScanIndicatorItems(
        store, snapshot, scope, index_name, /*start_after=*/"",
        [&](absl::string_view, const store::IndicatorKeyParts& parts, absl::string_view value) {
          std::optional<v1::IndicatorItem> item = ItemOf(parts, value);
          if (!item) return true;
          Tally(parts, value, 1, numerator, denominator, values);
          *(parts.part == 'N' ? indicator.add_numerator_items()
                              : indicator.add_denominator_items()) = *std::move(item);
          return true;
        }));
  }
  // A year's or month's counters less some of its parts can only go below
  // zero if the counters disagree with each other.
  std::map<double, uint64_t> value_counts;
  bool negative = numerator < 0 || denominator < 0;
  for (const auto& [value, count] : values) {
    negative = negative || count < 0;
    if (count > 0) value_counts.emplace(value, static_cast<uint64_t>(count));
  }
  if (negative) {
    return absl::DataLossError(
        absl::StrCat(index_name, ": the year, month and day counters disagree; run casehub --verify"));
  }
  indicator.set_numerator(static_cast<uint64_t>(numerator));
  indicator.set_denominator(static_cast<uint64_t>(denominator));
  if (indicator.kind() == v1::INDICATOR_KIND_MEDIAN) {
    if (std::optional<double> middle = Median(value_counts)) indicator.set_median(*middle);
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
