// Reading indicator items back from the index for a report: the period
// check every report makes, the scan of one indicator's items at one site
// and period, and the figures computed from them.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "casehub/v1/report.pb.h"
#include "services/store/keys.h"
#include "services/store/store.h"

namespace casehub::engine {

struct ReportScope {
  std::string site_id;
  std::string from_date;  // inclusive, YYYY-MM-DD
  std::string to_date;    // inclusive
  std::string tumor_type; // empty: all
};

// INVALID_ARGUMENT naming the field for a bad site id, a malformed date,
// from > to, or a period over 100 calendar years.
absl::Status CheckReportScope(const ReportScope& scope);

// Gets the item's index key, its parts and its value; returns false to stop.
using ItemVisitor = std::function<bool(absl::string_view key, const store::IndicatorKeyParts& parts,
                                       absl::string_view value)>;

// Calls `visit` for each item of `indicator` (its index name) in scope, in
// date order; after the item whose index key is `start_after` (one of the
// period's), when given.
// DATA_LOSS on a malformed key.
absl::Status ScanIndicatorItems(const store::Store& store, const store::Snapshot* snapshot,
                                const ReportScope& scope, absl::string_view indicator,
                                absl::string_view start_after, const ItemVisitor& visit);

// The item as a report lists it, with its value for a median's; nullopt for
// a median's item whose value does not read as a number (counted nowhere).
std::optional<v1::IndicatorItem> ItemOf(const store::IndicatorKeyParts& parts,
                                        absl::string_view value);

// Fills `indicator`'s counts and figure (rate or median), and with
// `with_items` the items behind them; its id, names and kind are already
// set. Without its items it is summed from the counters (one key a day,
// month or year, tumor type and part, and for a median one per distinct
// value): whole years and months from their own counters
// (counter_ranges.h), so it costs a few key sets, not the items or the days
// of the period.
absl::Status FillIndicator(const store::Store& store, const store::Snapshot* snapshot,
                           const ReportScope& scope, absl::string_view index_name,
                           bool with_items, v1::Indicator& indicator);

// The median of the values counted in `counts` (value -> how many times);
// the mean of the two middle values when their number is even; nullopt
// when there are none.
std::optional<double> Median(const std::map<double, uint64_t>& counts);

}  // namespace casehub::engine
